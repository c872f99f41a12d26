import type { Manifest } from '../../shared/schema/bundle';
import type { LenteraDb, LessonProgress } from './db';

/**
 * Lesson progress on the phone. Writes only move forward (first opened, furthest position,
 * earliest completion), the same merge the server applies, so replaying or merging never
 * loses progress.
 */
export async function recordLessonOpened(db: LenteraDb, courseId: string, lessonId: string, now = new Date()): Promise<LessonProgress> {
  return db.transaction('rw', db.progress, async () => {
    const existing = await db.progress.get([courseId, lessonId]);
    if (existing) return existing;
    const created: LessonProgress = { courseId, lessonId, openedAt: now.toISOString(), completedAt: null, position: 0, updatedAt: now.toISOString() };
    await db.progress.add(created);
    return created;
  });
}

export async function recordPosition(db: LenteraDb, courseId: string, lessonId: string, position: number, now = new Date()): Promise<void> {
  const clamped = Math.min(1, Math.max(0, position));
  await db.transaction('rw', db.progress, async () => {
    const existing = (await db.progress.get([courseId, lessonId])) ?? (await recordLessonOpened(db, courseId, lessonId, now));
    if (clamped <= existing.position) return;
    await db.progress.put({ ...existing, position: clamped, updatedAt: now.toISOString() });
  });
}

export async function recordLessonCompleted(db: LenteraDb, courseId: string, lessonId: string, now = new Date()): Promise<void> {
  await db.transaction('rw', db.progress, async () => {
    const existing = (await db.progress.get([courseId, lessonId])) ?? (await recordLessonOpened(db, courseId, lessonId, now));
    if (existing.completedAt) return;
    await db.progress.put({ ...existing, completedAt: now.toISOString(), position: 1, updatedAt: now.toISOString() });
  });
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
