import { describe, expect, it } from 'vitest';
import type { LessonProgress, SyncRecord } from '../../../src/app/data/db';
import { pendingActivities } from '../../../src/app/data/pending-activities';
import { whereToContinue } from '../../../src/app/data/completion';
import { uuidv7 } from '../../../src/shared/id';
import { scoreQuiz } from '../../../src/shared/scoring/score';
import {
  attemptStatements,
  courseCompletedStatement,
  feedbackStatements,
  lessonExperiencedStatement,
} from '../../../src/shared/xapi/build';
import { learner, manifestFixture, postTest, postTestEntry } from '../builders';

const manifest = manifestFixture();
const course = { id: manifest.id, manifest, downloadedAt: '2026-11-20T00:00:00.000Z' };
const row = (lessonId: string, updatedAt: string, extra: Partial<LessonProgress> = {}): LessonProgress => ({
  courseId: manifest.id,
  lessonId,
  openedAt: updatedAt,
  completedAt: null,
  position: 0.3,
  updatedAt,
  ...extra,
});

describe('whereToContinue', () => {
  it('is nothing without courses, and the first lesson of the newest course before anything was read', () => {
    expect(whereToContinue([], [])).toBeNull();
    const other = { ...course, id: 'lain', manifest: manifestFixture({ id: 'lain' }), downloadedAt: '2026-11-21' };
    expect(whereToContinue([course, other], [])).toEqual({
      courseId: 'lain',
      lessonId: 'satu',
      position: 0,
      started: false,
    });
  });

  it('returns the lesson touched last with its position; a finished one moves on to the next not yet studied', () => {
    expect(whereToContinue([course], [row('satu', '2026-11-22'), row('dua', '2026-11-23')])).toMatchObject({
      lessonId: 'dua',
      position: 0.3,
    });
    expect(
      whereToContinue([course], [row('satu', '2026-11-23', { completedAt: '2026-11-23', position: 1 })]),
    ).toMatchObject({ lessonId: 'dua', position: 0 });
    const done = { completedAt: '2026-11-23', position: 1 };
    expect(whereToContinue([course], [row('satu', '2026-11-22', done), row('dua', '2026-11-23', done)])).toMatchObject({
      lessonId: null,
    });
  });

  it('ignores progress of courses removed from the phone and of lessons an update removed', () => {
    const progress = [
      row('satu', '2026-11-22'),
      { ...row('hilang', '2026-11-24') },
      { ...row('x', '2026-11-25'), courseId: 'dihapus' },
    ];
    expect(whereToContinue([course], progress)).toMatchObject({ lessonId: 'satu' });
  });
});

describe('pendingActivities', () => {
  const at = new Date('2026-11-23T08:00:00Z');
  const progress = (lessonId: string): SyncRecord => {
    const id = uuidv7();
    return {
      id,
      kind: 'progress',
      body: { id, courseId: manifest.id, lessonId, openedAt: at.toISOString(), completedAt: null, position: 0.5 },
    };
  };
  const statement = (body: SyncRecord & { kind: 'statement' }) => body;

  it('counts what the learner did, not the records: a lesson, an attempt and a feedback form are one each', () => {
    const lesson = lessonExperiencedStatement({
      learner,
      course: manifest,
      lesson: manifest.lessons[0]!,
      id: uuidv7(),
      registration: uuidv7(),
      at,
    });
    const attempt = attemptStatements({
      learner,
      course: manifest,
      quiz: postTestEntry,
      questions: postTest.questions,
      attemptId: uuidv7(),
      answers: { q1: ['a'], q2: ['b', 'c'] },
      score: scoreQuiz(postTest, { q1: ['a'], q2: ['b', 'c'] }, 70),
      startedAt: at,
      finishedAt: at,
      answerIds: [uuidv7(), uuidv7()],
    });
    const feedback = feedbackStatements({
      learner,
      course: manifest,
      feedbackId: uuidv7(),
      ratings: { relevance: 5, difficulty: 3, clarity: 4, usefulness: 5 },
      comment: 'Bagus',
      at,
      statementIds: [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()],
    });
    const records: SyncRecord[] = [
      progress('satu'),
      statement({ id: lesson.id, kind: 'statement', body: lesson }),
      progress('dua'),
      ...[...attempt, ...feedback].map((body) => ({ id: body.id, kind: 'statement' as const, body })),
    ];
    expect(records.length).toBeGreaterThan(10);
    // Lesson "satu" (position + studied), lesson "dua" (position), one attempt, one feedback.
    expect(pendingActivities(records)).toBe(4);
    expect(pendingActivities([])).toBe(0);
  });

  it('counts an ungraded pre-test attempt (answers + "completed") once, and finishing the course apart', () => {
    const attempt = attemptStatements({
      learner,
      course: manifest,
      quiz: { ...postTestEntry, kind: 'pre' },
      questions: postTest.questions,
      attemptId: uuidv7(),
      answers: { q1: ['a'], q2: ['b'] },
      score: scoreQuiz(postTest, { q1: ['a'], q2: ['b'] }, null),
      startedAt: at,
      finishedAt: at,
      answerIds: [uuidv7(), uuidv7()],
    });
    expect(attempt.at(-1)?.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    const finished = courseCompletedStatement({ learner, course: manifest, id: uuidv7(), registration: uuidv7(), at });
    const records = [...attempt, finished].map((body) => ({ id: body.id, kind: 'statement' as const, body }));
    expect(pendingActivities(records)).toBe(2);
  });
});
