import validateStatement from '@learninglocker/xapi-validation';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/id';
import type { Manifest, QuizDoc } from '../../../src/shared/schema/bundle';
import { scoreQuiz } from '../../../src/shared/scoring/score';
import {
  attemptStatements,
  courseCompletedStatement,
  feedbackStatements,
  lessonExperiencedStatement,
  type Learner,
} from '../../../src/shared/xapi/build';
import { parseActivityId } from '../../../src/shared/xapi/activity-id';
import { EXTENSIONS, isoDuration, type Statement } from '../../../src/shared/xapi/statement';

const learner: Learner = {
  accountId: '0191f2a4-0000-7000-8000-000000000001',
  homePage: 'https://lentera.padangsidempuankota.go.id',
};
const course = { id: 'etika-berakhlak', version: '1.0.0', title: { id: 'Etika', en: 'Ethics' }, jp: 4 } satisfies Pick<
  Manifest,
  'id' | 'version' | 'title' | 'jp'
>;
const lesson = {
  id: 'nilai-dasar',
  title: { id: 'Nilai Dasar', en: 'Core Values' },
  file: 'lessons/nilai-dasar.json',
  minutes: 30,
};
const quiz = {
  id: 'post-test',
  kind: 'post' as const,
  title: { id: 'Post-test', en: 'Post-test' },
  file: 'quizzes/post-test.json',
  passingScore: 70,
  maxAttempts: 3,
  questionCount: 2,
};
const doc: QuizDoc = {
  id: 'post-test',
  questions: [
    {
      id: 'q1',
      type: 'multiple',
      prompt: { id: 'Pilih', en: 'Pick' },
      options: [
        { id: 'a', text: { id: 'A', en: 'A' } },
        { id: 'b', text: { id: 'B', en: 'B' } },
        { id: 'c', text: { id: 'C', en: 'C' } },
      ],
      answer: ['a', 'c'],
      explanation: { id: 'x', en: 'x' },
    },
    {
      id: 'q2',
      type: 'truefalse',
      prompt: { id: 'Benar?', en: 'True?' },
      options: [
        { id: 'true', text: { id: 'Benar', en: 'True' } },
        { id: 'false', text: { id: 'Salah', en: 'False' } },
      ],
      answer: ['false'],
      explanation: { id: 'y', en: 'y' },
    },
  ],
};

function expectValid(statements: Statement[]): void {
  for (const statement of statements)
    expect(validateStatement(statement), JSON.stringify(statement, null, 1)).toEqual([]);
}

describe('xAPI statements', () => {
  const answers = { q1: ['c', 'a'], q2: ['true'] };
  const score = scoreQuiz(doc, answers, quiz.passingScore);
  const attempt = attemptStatements({
    learner,
    course,
    quiz,
    questions: doc.questions,
    answers,
    score,
    attemptId: uuidv7(),
    startedAt: new Date('2026-11-23T08:00:00Z'),
    finishedAt: new Date('2026-11-23T08:04:12.345Z'),
    answerIds: [uuidv7(), uuidv7()],
  });

  it('a quiz attempt is valid xAPI: one answered per question, then failed with the scaled score and duration', () => {
    expectValid(attempt);
    expect(attempt.map((statement) => statement.verb.id.split('/').pop())).toEqual(['answered', 'answered', 'failed']);
    expect(attempt[2]?.result).toMatchObject({
      score: { scaled: 0.5, raw: 1, min: 0, max: 2 },
      success: false,
      completion: true,
      duration: 'PT4M12.35S',
    });
    expect(attempt[2]?.result?.extensions?.[EXTENSIONS.answers]).toEqual(answers);
    expect(attempt[2]?.result?.extensions?.[EXTENSIONS.questions]).toEqual(['q1', 'q2']);
    expect(attempt[0]?.result).toEqual({ response: 'c[,]a', success: true });
  });

  it('a pre-test attempt is "completed" with its score and no success: it is neither passed nor failed', () => {
    const preScore = scoreQuiz(doc, answers, null);
    const statements = attemptStatements({
      learner,
      course,
      quiz: { ...quiz, kind: 'pre' },
      questions: [...doc.questions].reverse(),
      answers,
      score: preScore,
      attemptId: uuidv7(),
      startedAt: new Date('2026-11-23T08:00:00Z'),
      finishedAt: new Date('2026-11-23T09:00:00Z'),
      activeMs: 90_000,
      answerIds: [uuidv7(), uuidv7()],
    });
    expectValid(statements);
    const outcome = statements[2];
    expect(outcome?.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    expect(outcome?.result).not.toHaveProperty('success');
    expect(outcome?.result?.duration).toBe('PT1M30S');
    expect(outcome?.result?.extensions?.[EXTENSIONS.questions]).toEqual(['q2', 'q1']);
  });

  it('never puts the NIP in a statement: the actor is the opaque account id', () => {
    expect(attempt.every((statement) => statement.actor.account.name === learner.accountId)).toBe(true);
  });

  it('lesson experienced, course completed and feedback statements are valid xAPI', () => {
    expectValid([
      lessonExperiencedStatement({ learner, course, lesson, id: uuidv7(), registration: uuidv7(), at: new Date() }),
      courseCompletedStatement({ learner, course, id: uuidv7(), registration: uuidv7(), at: new Date() }),
      ...feedbackStatements({
        learner,
        course,
        feedbackId: uuidv7(),
        ratings: { relevance: 5, difficulty: 4, clarity: 3, usefulness: 5 },
        comment: 'Sangat membantu',
        at: new Date(),
        statementIds: Array.from({ length: 5 }, () => uuidv7()),
      }),
      ...feedbackStatements({
        learner,
        course,
        lesson,
        feedbackId: uuidv7(),
        ratings: { relevance: 1, difficulty: 2, clarity: 3, usefulness: 4 },
        comment: '',
        at: new Date(),
        statementIds: Array.from({ length: 5 }, () => uuidv7()),
      }),
    ]);
  });

  it('the validator does catch a broken statement (so the checks above mean something)', () => {
    const broken = {
      ...attempt[2]!,
      result: { ...attempt[2]!.result, score: { scaled: 1.5, raw: 1, min: 0, max: 2 } },
    };
    expect(validateStatement(broken)).not.toEqual([]);
  });

  it('activity ids parse back into course, quiz and question', () => {
    expect(parseActivityId(attempt[0]!.object.id)).toEqual({
      courseId: 'etika-berakhlak',
      quizId: 'post-test',
      questionId: 'q1',
    });
  });

  it('durations are ISO 8601 with at most centiseconds', () => {
    expect(isoDuration(3_723_456)).toBe('PT1H2M3.46S');
    expect(isoDuration(0)).toBe('PT0S');
  });
});

describe('uuidv7', () => {
  it('is a valid, time-ordered UUID', () => {
    const first = uuidv7(1_700_000_000_000);
    const second = uuidv7(1_700_000_000_001);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < second).toBe(true);
  });
});
