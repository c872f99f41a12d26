import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { readBundle } from '../../src/shared/bundle/read';

const fixture = join(import.meta.dirname, '../fixtures/mini-course');
let dir: string;

beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'lentera-checks-')), 'mini-course');
  await cp(fixture, dir, { recursive: true });
});
afterEach(async () => rm(join(dir, '..'), { recursive: true, force: true }));

type QuestionSpec = {
  lessonId?: string;
  type?: 'single' | 'multiple' | 'truefalse';
  answers?: number;
  prompt?: string;
};

/** A quiz file of simple questions: singles of 4 options, multiples of 4 with `answers` right, true/false. */
function quizJson(questions: QuestionSpec[]): string {
  return JSON.stringify(
    {
      questions: questions.map((spec, index) => {
        const type = spec.type ?? 'single';
        const options = type === 'truefalse' ? ['true', 'false'] : ['a', 'b', 'c', 'd'];
        return {
          id: `q${index + 1}`,
          ...(spec.lessonId ? { lessonId: spec.lessonId } : {}),
          type,
          prompt: { id: spec.prompt ?? `Soal ${index + 1}`, en: `Question ${index + 1}` },
          options: options.map((id) => ({ id, text: { id: `Opsi ${id}`, en: `Option ${id}` } })),
          answer: options.slice(0, type === 'multiple' ? (spec.answers ?? 2) : 1),
          explanation: { id: 'Penjelasan.', en: 'Explanation.' },
        };
      }),
    },
    null,
    2,
  );
}

interface QuizSpec {
  id: string;
  kind: 'pre' | 'lesson' | 'post';
  lessonId?: string;
  passingScore?: number;
  maxAttempts?: number;
  draw?: number;
  questions: QuestionSpec[];
}

/** Replaces the fixture's quizzes, and lets a test set the JP and each lesson's extra minutes. */
async function writeCourse(
  quizzes: QuizSpec[],
  course: { jp?: number; exerciseMinutes?: number; minutes?: number } = {},
): Promise<void> {
  const json = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8')) as {
    jp: number;
    lessons: { minutes: number; exerciseMinutes?: number }[];
    quizzes: unknown[];
  };
  json.jp = course.jp ?? 1;
  // 16 words and the quiz items alone support nothing like 1 JP: the exercises make it honest.
  for (const lesson of json.lessons) {
    lesson.exerciseMinutes = course.exerciseMinutes ?? 20;
    lesson.minutes = course.minutes ?? 20;
  }
  json.quizzes = quizzes.map(({ questions, ...quiz }) => ({
    title: { id: `Kuis ${quiz.id}`, en: `Quiz ${quiz.id}` },
    source: `quizzes/${quiz.id}.json`,
    passingScore: 50,
    maxAttempts: 1,
    ...quiz,
  }));
  await writeFile(join(dir, 'course.json'), JSON.stringify(json, null, 2));
  for (const quiz of quizzes) await writeFile(join(dir, `quizzes/${quiz.id}.json`), quizJson(quiz.questions));
}

const inPembuka = (count: number, spec: QuestionSpec = {}): QuestionSpec[] =>
  Array.from({ length: count }, () => ({ lessonId: 'pembuka', ...spec }));
const inPenutup = (count: number, spec: QuestionSpec = {}): QuestionSpec[] =>
  Array.from({ length: count }, () => ({ lessonId: 'penutup', ...spec }));
const located = (problems: { file: string; line?: number; message: string }[]) =>
  problems.map((problem) => `${problem.file.split('mini-course/')[1]}:${problem.line}: ${problem.message}`);

describe('item pools in the bundler', () => {
  it('builds a post-test pool: the manifest says how many an attempt draws; the server accepts it', async () => {
    const pool = [...inPembuka(4), ...inPenutup(4)];
    await writeCourse([
      { id: 'pre-test', kind: 'pre', questions: [...inPembuka(2), ...inPenutup(2)] },
      { id: 'post-test', kind: 'post', maxAttempts: 3, draw: 4, questions: pool },
    ]);
    const { bundle, problems, warnings } = await buildCourseBundle(dir);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const { manifest } = await readBundle(bundle!.zip);
    expect(manifest.quizzes.find((quiz) => quiz.id === 'post-test')).toMatchObject({ questionCount: 8, draw: 4 });
  });

  it('refuses a post-test with several attempts whose pool is smaller than twice the draw', async () => {
    await writeCourse([
      { id: 'post-test', kind: 'post', maxAttempts: 3, draw: 4, questions: [...inPembuka(4), ...inPenutup(3)] },
    ]);
    const { bundle, problems } = await buildCourseBundle(dir);
    expect(bundle).toBeUndefined();
    expect(located(problems)).toEqual([
      expect.stringMatching(
        /^course.json:\d+: quizzes.0.draw: a post-test with 3 attempts needs a pool of at least 2 × 4 = 8 questions, not 7$/,
      ),
    ]);
  });

  it('accepts that small pool when the post-test has one attempt, but never a draw larger than the pool', async () => {
    await writeCourse([{ id: 'post-test', kind: 'post', maxAttempts: 1, draw: 4, questions: inPembuka(5) }]);
    expect((await buildCourseBundle(dir)).problems).toEqual([]);
    await writeCourse([{ id: 'post-test', kind: 'post', maxAttempts: 1, draw: 6, questions: inPembuka(5) }]);
    expect(located((await buildCourseBundle(dir)).problems)).toEqual([
      expect.stringMatching(/^course.json:\d+: quizzes.0.draw: draws 6 questions from a pool of 5$/),
    ]);
  });

  it('needs every pool question to name a lesson of the course, reported at the question', async () => {
    await writeCourse([
      {
        id: 'post-test',
        kind: 'post',
        maxAttempts: 2,
        draw: 2,
        questions: [...inPembuka(2), {}, { lessonId: 'tidak-ada' }],
      },
    ]);
    const { problems } = await buildCourseBundle(dir);
    expect(located(problems)).toEqual([
      expect.stringMatching(
        /^quizzes\/post-test.json:\d+: question q3 names no lessonId: quiz post-test draws from a pool/,
      ),
      expect.stringMatching(
        /^quizzes\/post-test.json:\d+: question q4 names lesson "tidak-ada", which the course does not have$/,
      ),
    ]);
  });
});

describe('bundler warnings on claims and test design', () => {
  const messages = async () => (await buildCourseBundle(dir)).warnings.map((warning) => warning.message);

  it('warns when the declared JP exceed by far the study time the content supports, with the estimate', async () => {
    // 16 words ÷ 150 + 2 × 5 exercise minutes + 4 items × 1 min = 14.1 → 15 min, against 1 JP = 45 min.
    await writeCourse([{ id: 'pre-test', kind: 'pre', questions: [...inPembuka(2), ...inPenutup(2)] }], {
      exerciseMinutes: 5,
      minutes: 10,
    });
    const { bundle, warnings } = await buildCourseBundle(dir);
    expect(bundle?.manifest.studyMinutes).toBe(15);
    expect(located(warnings)).toEqual([
      'course.json:12: jp: 1 JP (45 min) but the content supports about 15 min (16 words, 4 quiz items, ' +
        'media and exercises as declared): declare 1 JP or add content (see content/README.md, "Honest JP")',
    ]);
    // 34 min is at least three quarters of 45: the JP are what the content supports.
    await writeCourse([{ id: 'pre-test', kind: 'pre', questions: [...inPembuka(2), ...inPenutup(2)] }], {
      exerciseMinutes: 15,
      minutes: 20,
    });
    expect(await messages()).toEqual([]);
  });

  it("warns when a lesson's minutes are more than twice its estimate", async () => {
    await writeCourse([], { exerciseMinutes: 20, minutes: 50 });
    expect(await messages()).toEqual([
      'lesson pembuka: 50 minutes declared, about 21 estimated (10 words, 0 quiz items): ' +
        'declare exerciseMinutes or mediaMinutes, or fewer minutes',
      'lesson penutup: 50 minutes declared, about 21 estimated (6 words, 0 quiz items): ' +
        'declare exerciseMinutes or mediaMinutes, or fewer minutes',
    ]);
  });

  it('warns when most multiple-answer questions have the same number of right options', async () => {
    const multiple = (answers: number): QuestionSpec => ({ lessonId: 'pembuka', type: 'multiple', answers });
    await writeCourse([
      {
        id: 'kuis-a',
        kind: 'lesson',
        lessonId: 'pembuka',
        questions: [multiple(3), multiple(3), multiple(3), multiple(2)],
      },
    ]);
    expect(await messages()).toEqual([
      '3 of 4 multiple-answer questions have exactly 3 correct options: learners learn the pattern; ' +
        'vary the number of correct options (1 to all)',
    ]);
    // 2 of 4 is not "most": no warning.
    await writeCourse([
      {
        id: 'kuis-a',
        kind: 'lesson',
        lessonId: 'pembuka',
        questions: [multiple(3), multiple(3), multiple(1), multiple(2)],
      },
    ]);
    expect(await messages()).toEqual([]);
  });

  it('warns when pre- and post-test differ per lesson or in the mix of question types', async () => {
    await writeCourse([
      { id: 'pre-test', kind: 'pre', questions: [...inPembuka(3), ...inPenutup(1, { type: 'truefalse' })] },
      { id: 'post-test', kind: 'post', questions: [...inPembuka(2), ...inPenutup(2)] },
    ]);
    expect(await messages()).toEqual([
      'pre- and post-test ask different numbers of questions per lesson: pembuka 3 vs 2, penutup 1 vs 2',
      'pre- and post-test mix question types differently (per 4 questions): single 3 vs 4, truefalse 1 vs 0',
    ]);
  });

  it("compares a pool's per-attempt quota with the pre-test, and its type shares scaled to the pre-test", async () => {
    // Draw 4 of 8 (4 + 4): 2 per lesson, as the pre-test; 1 true/false in 8 is half an item per 4: noise, not design.
    await writeCourse([
      { id: 'pre-test', kind: 'pre', questions: [...inPembuka(2), ...inPenutup(2)] },
      {
        id: 'post-test',
        kind: 'post',
        maxAttempts: 3,
        draw: 4,
        questions: [...inPembuka(4), ...inPenutup(3), { lessonId: 'penutup', type: 'truefalse' }],
      },
    ]);
    expect(await messages()).toEqual([]);
  });

  it('warns of pre- and post-test questions naming no lesson, and a post-test retaken on the same items', async () => {
    await writeCourse([
      { id: 'pre-test', kind: 'pre', questions: [{}, {}] },
      { id: 'post-test', kind: 'post', maxAttempts: 3, questions: [{}, {}] },
    ]);
    expect(await messages()).toEqual([
      '2 of 2 questions of the pre-test name no lessonId: per-lesson scores and the pre/post comparison need it',
      '2 of 2 questions of the post-test name no lessonId: per-lesson scores and the pre/post comparison need it',
      'post-test: 3 attempts of the same questions measure memory of the first; make it a pool with "draw"',
    ]);
  });

  it('warns when a pass mark needs every answer right because the quiz is too short', async () => {
    await writeCourse([
      { id: 'kuis-a', kind: 'lesson', lessonId: 'pembuka', passingScore: 70, questions: inPembuka(3) },
      { id: 'kuis-b', kind: 'lesson', lessonId: 'penutup', passingScore: 66, questions: inPenutup(3) },
    ]);
    expect(await messages()).toEqual([
      'kuis-a: with 3 questions a pass mark of 70 needs every answer right; add questions or lower the pass mark',
    ]);
  });

  it('warns when a multiple-answer prompt repeats what the app already says', async () => {
    await writeCourse([
      {
        id: 'kuis-a',
        kind: 'lesson',
        lessonId: 'pembuka',
        questions: [{ type: 'multiple', answers: 1, prompt: 'Mana yang benar? (pilih semua yang benar)' }, {}],
      },
    ]);
    expect(await messages()).toEqual([
      'q1: the app already says "Pilih semua jawaban yang benar" under a multiple-answer question; ' +
        'remove it from the prompt',
    ]);
  });
});
