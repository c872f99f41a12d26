import { uuidv7 } from '../../shared/id';
import { mergeProgressFacts } from '../../shared/progress';
import type { Manifest } from '../../shared/schema/bundle';
import { isCourseComplete } from '../../shared/scoring/completion';
import { courseCompletedStatement, lessonExperiencedStatement, type Learner } from '../../shared/xapi/build';
import type { LenteraDb, LessonProgress, StoredCourse } from './db';
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

/** Marks a lesson studied: progress, its xAPI `experienced` statement and, if it was the last step, the course `completed`. */
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

/** Kept per version (the version the learner completed), but a course counts as completed once, as on the server. */
export const completionKey = (courseId: string, version: string): string =>
  `${COMPLETION_KEY_PREFIX}${courseId}:${version}`;
export const COMPLETION_KEY_PREFIX = 'completed:';

/** The courses the learner has completed (in any version), for the catalog. */
export async function completedCourseIds(db: LenteraDb): Promise<Set<string>> {
  const entries = await db.meta.where('key').startsWith('completed:').toArray();
  // Course ids are slugs: they hold no ":", so the id is what lies between the first two.
  return new Set(entries.map((entry) => entry.key.split(':')[1] ?? ''));
}

/** When the learner completed the course, in whichever version; null if not yet. */
export async function courseCompletedAt(db: LenteraDb, courseId: string): Promise<string | null> {
  const entry = await db.meta.where('key').startsWith(completionKey(courseId, '')).first();
  return typeof entry?.value === 'string' ? entry.value : null;
}

export interface CourseCompletion {
  completedLessons: number;
  totalLessons: number;
  /** Whole percent, 0–100. */
  percent: number;
  /** The lesson to continue with: the first not completed, in course order. */
  nextLessonId: string | null;
}

export function courseCompletion(manifest: Pick<Manifest, 'lessons'>, progress: LessonProgress[]): CourseCompletion {
  const completed = new Set(progress.filter((row) => row.completedAt).map((row) => row.lessonId));
  const lessonIds = manifest.lessons.map((lesson) => lesson.id);
  const completedLessons = lessonIds.filter((id) => completed.has(id)).length;
  return {
    completedLessons,
    totalLessons: lessonIds.length,
    percent: lessonIds.length === 0 ? 0 : Math.floor((completedLessons / lessonIds.length) * 100),
    nextLessonId: lessonIds.find((id) => !completed.has(id)) ?? null,
  };
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

/** Where "Lanjutkan belajar" takes the learner: a lesson and the reading position in it. */
export interface ContinuePoint {
  courseId: string;
  /** Null when every lesson of the course is studied (its quizzes or feedback may remain). */
  lessonId: string | null;
  /** 0–1, as kept by the lesson reader. */
  position: number;
  /** False when the learner has not opened any lesson of this course yet. */
  started: boolean;
}

/**
 * The last thing the learner studied, among courses still on the phone: the lesson they
 * touched last, or, if they finished it, the next one not yet studied in that course. With
 * nothing studied yet, the first lesson of the course downloaded last.
 */
export function whereToContinue(
  courses: readonly Pick<StoredCourse, 'id' | 'manifest' | 'downloadedAt'>[],
  progress: readonly LessonProgress[],
): ContinuePoint | null {
  const byId = new Map(courses.map((course) => [course.id, course]));
  let latest: LessonProgress | null = null;
  for (const row of progress) {
    const course = byId.get(row.courseId);
    if (!course?.manifest.lessons.some((lesson) => lesson.id === row.lessonId)) continue;
    if (latest === null || row.updatedAt > latest.updatedAt) latest = row;
  }
  if (latest !== null) {
    if (!latest.completedAt) {
      return { courseId: latest.courseId, lessonId: latest.lessonId, position: latest.position, started: true };
    }
    const course = byId.get(latest.courseId)!;
    const ofCourse = progress.filter((row) => row.courseId === course.id);
    const next = courseCompletion(course.manifest, ofCourse).nextLessonId;
    const nextRow = ofCourse.find((row) => row.lessonId === next);
    return { courseId: course.id, lessonId: next, position: nextRow?.position ?? 0, started: true };
  }
  const newest = [...courses].sort((a, b) => b.downloadedAt.localeCompare(a.downloadedAt))[0];
  if (!newest) return null;
  return { courseId: newest.id, lessonId: newest.manifest.lessons[0]?.id ?? null, position: 0, started: false };
}
