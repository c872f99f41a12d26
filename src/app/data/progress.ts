import { uuidv7 } from '../../shared/id';
import { mergeProgressFacts } from '../../shared/progress';
import type { Manifest } from '../../shared/schema/bundle';
import { isCourseComplete } from '../../shared/scoring/completion';
import { courseCompletedStatement, lessonExperiencedStatement, type Learner } from '../../shared/xapi/build';
import { completionKey, courseCompletedAt } from './completion';
import type { LenteraDb, LessonProgress } from './db';
import { courseRegistration, queueProgress, queueStatements } from './outbox';

/**
 * Lesson progress on the phone. Writes only move forward (first opened, furthest position,
 * earliest completion), the same merge the server applies, so replaying or merging never
 * loses progress. Each write queues its update for the server in the same transaction.
 */
export async function recordLessonOpened(
  db: LenteraDb,
  courseId: string,
  lessonId: string,
  now = new Date(),
): Promise<LessonProgress> {
  return db.transaction('rw', db.progress, db.outbox, async () => {
    const existing = await db.progress.get([courseId, lessonId]);
    if (existing) return existing;
    const created: LessonProgress = {
      courseId,
      lessonId,
      openedAt: now.toISOString(),
      completedAt: null,
      position: 0,
      updatedAt: now.toISOString(),
    };
    await db.progress.add(created);
    await queueProgress(db, created, now);
    return created;
  });
}

export async function recordPosition(
  db: LenteraDb,
  courseId: string,
  lessonId: string,
  position: number,
  now = new Date(),
): Promise<void> {
  // Four decimals are more than a scroll position means, and keep odd floats off the wire.
  const clamped = Math.round(Math.min(1, Math.max(0, position)) * 10_000) / 10_000;
  await db.transaction('rw', db.progress, db.outbox, async () => {
    const existing =
      (await db.progress.get([courseId, lessonId])) ?? (await recordLessonOpened(db, courseId, lessonId, now));
    if (clamped <= existing.position) return;
    const updated = { ...existing, position: clamped, updatedAt: now.toISOString() };
    await db.progress.put(updated);
    await queueProgress(db, updated, now);
  });
}

/**
 * Adds time the learner spent on a lesson (measured by the lesson screen while it is visible
 * and in use). Kept on the phone and sent as the `duration` of the lesson's `experienced`
 * statement when it is marked studied; one step counts at most a minute.
 */
export async function recordLessonTime(db: LenteraDb, courseId: string, lessonId: string, ms: number): Promise<void> {
  const step = Math.min(60_000, Math.max(0, Math.round(ms)));
  if (!Number.isFinite(step) || step === 0) return;
  await db.transaction('rw', db.progress, async () => {
    const existing = await db.progress.get([courseId, lessonId]);
    if (existing) await db.progress.put({ ...existing, activeMs: (existing.activeMs ?? 0) + step });
  });
}

/**
 * Marks a lesson studied: progress, its xAPI `experienced` statement and,
 * if it was the last step, the course `completed`.
 */
export async function recordLessonCompleted(
  db: LenteraDb,
  learner: Learner,
  manifest: Manifest,
  lessonId: string,
  now = new Date(),
): Promise<void> {
  const lesson = manifest.lessons.find((entry) => entry.id === lessonId);
  if (!lesson) throw new Error(`lesson ${lessonId} is not in ${manifest.id}`);
  await db.transaction('rw', [db.progress, db.outbox, db.meta, db.attempts], async () => {
    const existing =
      (await db.progress.get([manifest.id, lessonId])) ?? (await recordLessonOpened(db, manifest.id, lessonId, now));
    if (existing.completedAt) return;
    const updated = { ...existing, completedAt: now.toISOString(), position: 1, updatedAt: now.toISOString() };
    await db.progress.put(updated);
    await queueProgress(db, updated, now);
    const registration = await courseRegistration(db, manifest.id);
    await queueStatements(
      db,
      [
        lessonExperiencedStatement({
          learner,
          course: manifest,
          lesson,
          id: uuidv7(now.getTime()),
          registration,
          at: now,
          activeMs: existing.activeMs ?? 0,
        }),
      ],
      now,
    );
    await completeCourseIfDone(db, learner, manifest, now);
  });
}

/**
 * Queues the course `completed` statement the first time the completion rule holds. Must run
 * inside a transaction over progress, attempts, outbox and meta.
 */
export async function completeCourseIfDone(
  db: LenteraDb,
  learner: Learner,
  manifest: Manifest,
  now: Date,
): Promise<boolean> {
  if ((await courseCompletedAt(db, manifest.id)) !== null) return false;
  const completedLessons = new Set(
    (await db.progress.where('courseId').equals(manifest.id).toArray())
      .filter((row) => row.completedAt)
      .map((row) => row.lessonId),
  );
  const passedQuizzes = new Set(
    (await db.attempts.where('[courseId+quizId]').between([manifest.id, ''], [manifest.id, '\uffff']).toArray())
      .filter((attempt) => attempt.score?.passed)
      .map((attempt) => attempt.quizId),
  );
  if (!isCourseComplete(manifest, completedLessons, passedQuizzes)) return false;
  const registration = await courseRegistration(db, manifest.id);
  await queueStatements(
    db,
    [courseCompletedStatement({ learner, course: manifest, id: uuidv7(now.getTime()), registration, at: now })],
    now,
  );
  await db.meta.put({ key: completionKey(manifest.id, manifest.version), value: now.toISOString() });
  return true;
}

/**
 * Folds the server's progress into the phone's with the same forward-only rule, without
 * queueing anything: it came from the server.
 */
export function mergeProgress(
  local: LessonProgress | undefined,
  remote: Pick<LessonProgress, 'courseId' | 'lessonId' | 'openedAt' | 'completedAt' | 'position'>,
): LessonProgress {
  return mergeProgressFacts(
    local ?? {
      courseId: remote.courseId,
      lessonId: remote.lessonId,
      openedAt: remote.openedAt,
      completedAt: null,
      position: 0,
      updatedAt: remote.openedAt,
    },
    remote,
  );
}
