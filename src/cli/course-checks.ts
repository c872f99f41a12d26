import { drawQuota } from '../shared/scoring/draw';
import { itemsPerAttempt, QUESTION_TYPES, type QuizDoc } from '../shared/schema/bundle';
import type { CourseSource } from '../shared/schema/course-source';
import type { JsonSource } from './json-source';
import type { Problem } from './markdown';
import { MINUTES_PER_JP, type StudyEstimate } from './study-time';

/**
 * Warnings about what a course claims and how its tests measure: they do not stop the
 * bundle (an author may know better), but `npm run bundle -- --strict` fails on them, and
 * the sample courses are held to that. Each threshold is explained in content/README.md.
 */
export const DESIGN_THRESHOLDS = {
  /** Declared JP × 45 min may exceed the estimate by a third; beyond, the JP is not what the content supports. */
  jpEstimateRatio: 0.75,
  /**
   * A lesson's declared minutes may be up to twice its estimate (and 5 minutes more) before they are called overstated.
   */
  lessonMinutesFactor: 2,
  lessonMinutesSlack: 5,
  /** More than this share of multiple-answer items with one answer count teaches the pattern instead of the content. */
  sameAnswerCountShare: 0.6,
  /** Below this many multiple-answer items the share says nothing. */
  sameAnswerCountMinItems: 3,
} as const;

type SourceQuiz = CourseSource['quizzes'][number];

export interface CheckedQuiz {
  /** Index in course.json `quizzes`, for lines. */
  index: number;
  entry: SourceQuiz;
  doc: QuizDoc;
  source: JsonSource;
}

export function designWarnings(
  course: CourseSource,
  courseJson: JsonSource,
  quizzes: readonly CheckedQuiz[],
  estimate: StudyEstimate,
): Problem[] {
  const at = (path: (string | number)[], message: string): Problem => ({
    file: courseJson.file,
    line: courseJson.lineOf(path),
    message,
  });
  return [
    ...jpWarnings(course, estimate, at),
    ...answerCountWarnings(quizzes, at),
    ...prePostWarnings(quizzes),
    ...quizWarnings(quizzes, at),
  ];
}

type At = (path: (string | number)[], message: string) => Problem;

function jpWarnings(course: CourseSource, estimate: StudyEstimate, at: At): Problem[] {
  const warnings: Problem[] = [];
  const declared = course.jp * MINUTES_PER_JP;
  if (estimate.minutes < DESIGN_THRESHOLDS.jpEstimateRatio * declared) {
    const supported = Math.max(1, Math.round(estimate.minutes / MINUTES_PER_JP));
    warnings.push(
      at(
        ['jp'],
        `jp: ${course.jp} JP (${declared} min) but the content supports about ${estimate.minutes} min ` +
          `(${estimate.words} words, ${estimate.quizItems} quiz items, media and exercises as declared): ` +
          `declare ${supported} JP or add content (see content/README.md, "Honest JP")`,
      ),
    );
  }
  course.lessons.forEach((lesson, index) => {
    const estimated = estimate.lessons[index];
    if (estimated === undefined) return;
    const rounded = Math.ceil(estimated.minutes);
    if (
      lesson.minutes > DESIGN_THRESHOLDS.lessonMinutesFactor * rounded &&
      lesson.minutes - rounded > DESIGN_THRESHOLDS.lessonMinutesSlack
    )
      warnings.push(
        at(
          ['lessons', index, 'minutes'],
          `lesson ${lesson.id}: ${lesson.minutes} minutes declared, about ${rounded} estimated ` +
            `(${estimated.words} words, ${estimated.quizItems} quiz items): ` +
            'declare exerciseMinutes or mediaMinutes, or fewer minutes',
        ),
      );
  });
  return warnings;
}

function answerCountWarnings(quizzes: readonly CheckedQuiz[], at: At): Problem[] {
  const counts = new Map<number, number>();
  let total = 0;
  for (const { doc } of quizzes)
    for (const question of doc.questions)
      if (question.type === 'multiple') {
        counts.set(question.answer.length, (counts.get(question.answer.length) ?? 0) + 1);
        total++;
      }
  if (total < DESIGN_THRESHOLDS.sameAnswerCountMinItems) return [];
  const [answers, most] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (most / total <= DESIGN_THRESHOLDS.sameAnswerCountShare) return [];
  return [
    at(
      ['quizzes'],
      `${most} of ${total} multiple-answer questions have exactly ${answers} correct options: ` +
        'learners learn the pattern; vary the number of correct options (1 to all)',
    ),
  ];
}

/** A pre→post gain means something only when both tests measure the same things the same way. */
function prePostWarnings(quizzes: readonly CheckedQuiz[]): Problem[] {
  const warnings: Problem[] = [];
  const tests = quizzes.filter(({ entry }) => entry.kind === 'pre' || entry.kind === 'post');
  for (const { doc, source, entry } of tests) {
    const unnamed = doc.questions.filter((question) => question.lessonId === undefined).length;
    if (unnamed > 0)
      warnings.push({
        file: source.file,
        line: source.lineOf(['questions']),
        message:
          `${unnamed} of ${doc.questions.length} questions of the ${entry.kind}-test name no lessonId: ` +
          'per-lesson scores and the pre/post comparison need it',
      });
  }
  const pre = tests.find(({ entry }) => entry.kind === 'pre');
  const post = tests.find(({ entry }) => entry.kind === 'post');
  if (pre === undefined || post === undefined) return warnings;
  const preItems = itemsPerAttempt({ draw: pre.entry.draw, questionCount: pre.doc.questions.length });
  const postItems = itemsPerAttempt({ draw: post.entry.draw, questionCount: post.doc.questions.length });
  const preQuota = drawQuota(pre.doc.questions, preItems);
  const postQuota = drawQuota(post.doc.questions, postItems);
  const lessons = [...new Set([...preQuota.keys(), ...postQuota.keys()])];
  const differing = lessons.filter((lesson) => (preQuota.get(lesson) ?? 0) !== (postQuota.get(lesson) ?? 0));
  if (differing.length > 0)
    warnings.push({
      file: post.source.file,
      line: post.source.lineOf(['questions']),
      message:
        'pre- and post-test ask different numbers of questions per lesson: ' +
        differing
          .map((lesson) => `${lesson || '(no lesson)'} ${preQuota.get(lesson) ?? 0} vs ${postQuota.get(lesson) ?? 0}`)
          .join(', '),
    });
  // Types compared as shares scaled to the pre-test's length: a pool's mix varies per draw,
  // so a difference under one item is the draw's noise, not a design difference.
  const share = (doc: QuizDoc, type: string): number =>
    doc.questions.filter((question) => question.type === type).length / doc.questions.length;
  const mismatched = QUESTION_TYPES.filter(
    (type) => Math.abs(share(pre.doc, type) - share(post.doc, type)) * preItems >= 1,
  );
  if (mismatched.length > 0)
    warnings.push({
      file: post.source.file,
      line: post.source.lineOf(['questions']),
      message:
        `pre- and post-test mix question types differently (per ${preItems} questions): ` +
        mismatched
          .map(
            (type) =>
              `${type} ${formatCount(share(pre.doc, type) * preItems)} vs ` +
              `${formatCount(share(post.doc, type) * preItems)}`,
          )
          .join(', '),
    });
  return warnings;
}

function quizWarnings(quizzes: readonly CheckedQuiz[], at: At): Problem[] {
  const warnings: Problem[] = [];
  for (const { index, entry, doc, source } of quizzes) {
    const items = itemsPerAttempt({ draw: entry.draw, questionCount: doc.questions.length });
    if (entry.kind !== 'pre' && entry.passingScore < 100 && correctNeeded(items, entry.passingScore) === items)
      warnings.push(
        at(
          ['quizzes', index, 'passingScore'],
          `${entry.id}: with ${items} question${items === 1 ? '' : 's'} a pass mark of ${entry.passingScore} needs ` +
            'every answer right; ' +
            'add questions or lower the pass mark',
        ),
      );
    if (entry.kind === 'post' && entry.maxAttempts > 1 && entry.draw === undefined)
      warnings.push(
        at(
          ['quizzes', index, 'maxAttempts'],
          `${entry.id}: ${entry.maxAttempts} attempts of the same questions measure memory of the first; ` +
            'make it a pool with "draw"',
        ),
      );
    doc.questions.forEach((question, questionIndex) => {
      if (question.type === 'multiple' && /pilih semua|select all/i.test(`${question.prompt.id} ${question.prompt.en}`))
        warnings.push({
          file: source.file,
          line: source.lineOf(['questions', questionIndex, 'prompt']),
          message:
            `${question.id}: the app already says "Pilih semua jawaban yang benar" under a multiple-answer ` +
            'question; remove it from the prompt',
        });
    });
  }
  return warnings;
}

/** The fewest right answers that pass, with the phone's and server's rounding (whole percent). */
function correctNeeded(items: number, passingScore: number): number {
  for (let correct = 0; correct <= items; correct++)
    if (Math.round((correct / items) * 100) >= passingScore) return correct;
  return items + 1;
}

const formatCount = (value: number): string => String(Math.round(value * 10) / 10);
