// @vitest-environment node
import 'fake-indexeddb/auto';
import validateStatement from '@learninglocker/xapi-validation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { newFeedbackId, submitFeedback } from '../../../src/app/data/feedback';
import { courseCompletedAt, recordLessonCompleted } from '../../../src/app/data/progress';
import { AttemptLimitError, finishAttempt, saveAnswer, startOrResumeAttempt } from '../../../src/app/data/quiz';
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

  it('an attempt left open across a course update continues on the new quiz, keeping the answers that still apply', async () => {
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
    let seed = 0.9;
    const attempt = await startOrResumeAttempt(db, manifest, postTestEntry, postTest, () => (seed = (seed * 7.31) % 1));
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
