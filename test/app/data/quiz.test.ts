// @vitest-environment node
import 'fake-indexeddb/auto';
import validateStatement from '@learninglocker/xapi-validation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extraAttemptsKey, LenteraDb } from '../../../src/app/data/db';
import { newFeedbackId, submitFeedback } from '../../../src/app/data/feedback';
import { courseCompletedAt } from '../../../src/app/data/completion';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import {
  AttemptLimitError,
  finishAttempt,
  postTestOver,
  saveAnswer,
  startOrResumeAttempt,
} from '../../../src/app/data/quiz';
import type { QuizDoc, QuizEntry } from '../../../src/shared/schema/bundle';
import { EXTENSIONS } from '../../../src/shared/xapi/statement';
import { learner, manifestFixture, postTest, postTestEntry } from '../builders';

const manifest = manifestFixture();
let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

const queuedStatements = async () =>
  (await db.outbox.toArray()).flatMap((entry) => (entry.kind === 'statement' ? [entry.body] : []));
const verbs = async () => (await queuedStatements()).map((statement) => statement.verb.id.split('/').pop());

describe('quiz attempts on the phone', () => {
  it('keeps each answer the moment it is given, so a killed tab resumes the same attempt', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    await saveAnswer(db, attempt.id, 'q1', ['a']);
    db.close();
    const reopened = new LenteraDb(db.name.replace('lentera-', ''));
    const resumed = await startOrResumeAttempt(reopened, manifest, postTestEntry, postTest);
    expect(resumed.id).toBe(attempt.id);
    expect(resumed.answers).toEqual({ q1: ['a'] });
    reopened.close();
  });

  it('an attempt open across a course update goes on in the new quiz, keeping answers that still apply', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    await saveAnswer(db, attempt.id, 'q1', ['a']);
    await saveAnswer(db, attempt.id, 'q2', ['b', 'c']);
    // Version 2 drops q1, gives q2 a new option d instead of c, and adds q3.
    const [, q2] = postTest.questions;
    const updated = {
      ...postTest,
      questions: [
        {
          ...q2!,
          options: [
            ...q2!.options.filter((option) => option.id !== 'c'),
            { id: 'd', text: { id: 'Pilihan d', en: 'Option d' } },
          ],
          answer: ['b', 'd'],
        },
        { ...q2!, id: 'q3' },
      ],
    };
    const v2 = manifestFixture({ version: '1.1.0' });

    const resumed = await startOrResumeAttempt(db, v2, postTestEntry, updated);
    expect(resumed).toMatchObject({ id: attempt.id, courseVersion: '1.1.0', answers: { q2: ['b'] } });
    expect(resumed.questionOrder).toEqual(['q2', 'q3']);
    expect([...resumed.optionOrder.q2!].sort()).toEqual(['a', 'b', 'd']);
    await finishAttempt(db, learner, v2, postTestEntry, updated, attempt.id);
    // The result names version 1.1.0, so the server re-scores it against the quiz the learner saw.
    const result = (await queuedStatements()).at(-1)!;
    expect(JSON.stringify(result.context)).toContain('"1.1.0"');
  });

  it('shuffles questions and options per attempt, keeping every one of them', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    expect([...attempt.questionOrder].sort()).toEqual(['q1', 'q2']);
    expect([...(attempt.optionOrder.q2 ?? [])].sort()).toEqual(['a', 'b', 'c']);
  });

  it('scores at once and queues valid xAPI statements with the attempt, in one step', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    await saveAnswer(db, attempt.id, 'q1', ['a']);
    await saveAnswer(db, attempt.id, 'q2', ['c', 'b']);
    const score = await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id);
    expect(score).toMatchObject({ percent: 100, passed: true });
    expect(await db.attempts.get(attempt.id)).toMatchObject({ score: { percent: 100, passed: true } });
    const statements = await queuedStatements();
    expect(await verbs()).toEqual(['answered', 'answered', 'passed']);
    for (const statement of statements) expect(validateStatement(statement)).toEqual([]);
    expect(statements.at(-1)?.id).toBe(attempt.id);
  });

  it('finishing the same attempt twice queues nothing more', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id);
    const count = await db.outbox.count();
    await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id);
    expect(await db.outbox.count()).toBe(count);
  });

  it('refuses a new attempt once the limit declared in the bundle is used', async () => {
    for (let index = 0; index < postTestEntry.maxAttempts; index++) {
      const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
      await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id);
    }
    await expect(startOrResumeAttempt(db, manifest, postTestEntry, postTest)).rejects.toBeInstanceOf(AttemptLimitError);
  });

  it('completes the course once, when every lesson is studied and the post-test is passed', async () => {
    await recordLessonCompleted(db, learner, manifest, 'satu');
    await recordLessonCompleted(db, learner, manifest, 'dua');
    expect(await verbs()).not.toContain('completed');
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest);
    await saveAnswer(db, attempt.id, 'q1', ['a']);
    await saveAnswer(db, attempt.id, 'q2', ['b', 'c']);
    await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id);
    expect((await verbs()).filter((verb) => verb === 'completed')).toHaveLength(1);
    const completedAt = await courseCompletedAt(db, manifest.id);
    expect(completedAt).not.toBeNull();

    // After an update with a new lesson the course stays completed (JP are credited once per course).
    const v2 = manifestFixture({
      version: '1.1.0',
      lessons: [
        ...manifest.lessons,
        { id: 'tiga', title: { id: 'Tiga', en: 'Three' }, file: 'lessons/tiga.json', minutes: 45 },
      ],
    });
    await recordLessonCompleted(db, learner, v2, 'tiga');
    expect(await courseCompletedAt(db, manifest.id)).toBe(completedAt);
    expect((await verbs()).filter((verb) => verb === 'completed')).toHaveLength(1);
  });
});

/** A pool of 8 (4 per lesson, the last of each a true/false) drawing 4 per attempt, 2 per lesson. */
const pool: QuizDoc = {
  id: 'post-test',
  questions: ['satu', 'dua'].flatMap((lessonId) =>
    [1, 2, 3, 4].map((n) => ({
      id: `${lessonId}-${n}`,
      lessonId,
      type: n === 4 ? ('truefalse' as const) : ('single' as const),
      prompt: { id: `Soal ${n}?`, en: `Question ${n}?` },
      options:
        n === 4
          ? [
              { id: 'true', text: { id: 'Benar', en: 'True' } },
              { id: 'false', text: { id: 'Salah', en: 'False' } },
            ]
          : ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { id, en: id } })),
      answer: [n === 4 ? 'true' : 'a'],
      explanation: { id: '.', en: '.' },
    })),
  ),
};
const poolEntry: QuizEntry = { ...postTestEntry, questionCount: 8, draw: 4, maxAttempts: 2 };
const preEntry: QuizEntry = { ...postTestEntry, id: 'pre-test', kind: 'pre', passingScore: 0, maxAttempts: 1 };

describe('item pools, pre-tests, remedial attempts and time on task on the phone', () => {
  it("draws the pool's share per lesson, resumes with the same items, asks new ones in the next attempt", async () => {
    const first = await startOrResumeAttempt(db, manifest, poolEntry, pool);
    expect(first.questionOrder).toHaveLength(4);
    expect(first.questionOrder.filter((id) => id.startsWith('satu-'))).toHaveLength(2);
    expect(await startOrResumeAttempt(db, manifest, poolEntry, pool)).toEqual(first);
    await finishAttempt(db, learner, manifest, poolEntry, pool, first.id);
    const second = await startOrResumeAttempt(db, manifest, poolEntry, pool);
    expect(second.questionOrder.filter((id) => first.questionOrder.includes(id))).toEqual([]);
  });

  it('sends only the drawn items, in the order shown, and scores only those', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, poolEntry, pool);
    for (const id of attempt.questionOrder) await saveAnswer(db, attempt.id, id, [id.endsWith('-4') ? 'true' : 'a']);
    const score = await finishAttempt(db, learner, manifest, poolEntry, pool, attempt.id);
    expect(score).toMatchObject({ correct: 4, total: 4, passed: true });
    const statements = await queuedStatements();
    expect(statements).toHaveLength(5);
    expect(statements.at(-1)?.result?.extensions?.[EXTENSIONS.questions]).toEqual(attempt.questionOrder);
  });

  it('keeps true/false options in the order written', async () => {
    for (let n = 0; n < 2; n++) {
      const attempt = await startOrResumeAttempt(
        db,
        manifest,
        { ...poolEntry, draw: undefined, questionCount: 8, maxAttempts: 9 },
        pool,
      );
      expect(attempt.optionOrder['satu-4']).toEqual(['true', 'false']);
      await finishAttempt(db, learner, manifest, poolEntry, pool, attempt.id);
    }
  });

  it('a pre-test is "completed" with a score, neither passed nor failed', async () => {
    const attempt = await startOrResumeAttempt(db, manifest, preEntry, postTest);
    const score = await finishAttempt(db, learner, manifest, preEntry, postTest, attempt.id);
    expect(score).toMatchObject({ percent: 0, passed: null });
    expect((await db.attempts.get(attempt.id))?.score?.passed).toBeNull();
    expect((await verbs()).at(-1)).toBe('completed');
    expect((await queuedStatements()).at(-1)?.result).not.toHaveProperty('success');
  });

  it('a remedial grant pulled from the server allows that many attempts more, and no more', async () => {
    const entry = { ...postTestEntry, maxAttempts: 1 };
    const take = async () => {
      const attempt = await startOrResumeAttempt(db, manifest, entry, postTest);
      await finishAttempt(db, learner, manifest, entry, postTest, attempt.id);
    };
    await take();
    await expect(startOrResumeAttempt(db, manifest, entry, postTest)).rejects.toBeInstanceOf(AttemptLimitError);
    await db.meta.put({ key: extraAttemptsKey(manifest.id, entry.id), value: 1 });
    await take();
    await expect(startOrResumeAttempt(db, manifest, entry, postTest)).rejects.toMatchObject({ maxAttempts: 2 });
  });

  it('the post-test is over when passed, or when its attempts (remedial grants included) are used up', async () => {
    const entry = { ...postTestEntry, maxAttempts: 1 };
    const oneManifest = manifestFixture({ quizzes: [entry] });
    expect(await postTestOver(db, oneManifest)).toBe(false);
    const first = await startOrResumeAttempt(db, oneManifest, entry, postTest);
    expect(await postTestOver(db, oneManifest)).toBe(false); // open, not finished
    await finishAttempt(db, learner, oneManifest, entry, postTest, first.id);
    expect(await postTestOver(db, oneManifest)).toBe(true); // failed, no attempt left
    await db.meta.put({ key: extraAttemptsKey(oneManifest.id, entry.id), value: 1 });
    expect(await postTestOver(db, oneManifest)).toBe(false); // a remedial attempt reopens it
    const second = await startOrResumeAttempt(db, oneManifest, entry, postTest);
    await saveAnswer(db, second.id, 'q1', ['a']);
    await saveAnswer(db, second.id, 'q2', ['b', 'c']);
    await finishAttempt(db, learner, oneManifest, entry, postTest, second.id);
    expect(await postTestOver(db, oneManifest)).toBe(true);
  });

  it('counts time on task with each idle gap capped at five minutes', async () => {
    const start = new Date('2026-11-30T08:00:00Z');
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest, start);
    await saveAnswer(db, attempt.id, 'q1', ['a'], new Date('2026-11-30T08:01:00Z'));
    // The phone lay untouched overnight before the last answer.
    await saveAnswer(db, attempt.id, 'q2', ['b'], new Date('2026-11-30T20:00:00Z'));
    await finishAttempt(db, learner, manifest, postTestEntry, postTest, attempt.id, new Date('2026-11-30T20:00:30Z'));
    expect((await db.attempts.get(attempt.id))?.activeMs).toBe(60_000 + 300_000 + 30_000);
    expect((await queuedStatements()).at(-1)?.result?.duration).toBe('PT6M30S');
  });
});

describe('feedback on the phone', () => {
  it('stores the evaluation and queues four ratings and the comment as valid xAPI', async () => {
    await submitFeedback(db, learner, manifest, {
      id: newFeedbackId(),
      lessonId: null,
      ratings: { relevance: 5, difficulty: 4, clarity: 4, usefulness: 5 },
      comment: '  Contoh kasusnya dekat dengan pekerjaan.  ',
    });
    expect(await db.feedback.toArray()).toEqual([
      expect.objectContaining({ courseId: 'kursus-uji', comment: 'Contoh kasusnya dekat dengan pekerjaan.' }),
    ]);
    expect(await verbs()).toEqual(['answered', 'answered', 'answered', 'answered', 'commented']);
    for (const statement of await queuedStatements()) expect(validateStatement(statement)).toEqual([]);
  });

  it('queues nothing whose comment the server would refuse (invalid_comment): it says so instead', async () => {
    const ratings = { relevance: 4, difficulty: 3, clarity: 4, usefulness: 4 } as const;
    for (const comment of ['\u200b\u2060', 'Lihat \u202egnp.exe', 'a'.repeat(2001)]) {
      await expect(
        submitFeedback(db, learner, manifest, { id: newFeedbackId(), lessonId: null, ratings, comment }),
      ).rejects.toThrow('the comment cannot be sent');
    }
    expect(await db.feedback.count()).toBe(0);
    expect(await verbs()).toEqual([]);
    // Blanks alone are no comment: the ratings go without one.
    await submitFeedback(db, learner, manifest, { id: newFeedbackId(), lessonId: null, ratings, comment: ' \n ' });
    expect(await verbs()).toEqual(['answered', 'answered', 'answered', 'answered']);
  });

  it('saves a form tapped twice only once, so its ratings count once', async () => {
    const form = {
      id: newFeedbackId(),
      lessonId: null,
      ratings: { relevance: 2, difficulty: 5, clarity: 2, usefulness: 3 } as const,
      comment: '',
    };
    await Promise.all([submitFeedback(db, learner, manifest, form), submitFeedback(db, learner, manifest, form)]);
    expect(await db.feedback.count()).toBe(1);
    expect(await verbs()).toEqual(['answered', 'answered', 'answered', 'answered']);
  });
});
