import type { Manifest } from '../../shared/schema/bundle';
import type { LenteraDb, LessonProgress, QuizAttempt, StoredCourse } from './db';

/**
 * How far the learner got, read from the phone: what Beranda, the catalog and a course's page
 * show. Apart from the writes (`./progress`), which carry the xAPI builders and the outbox the
 * first signed-in screen does not need.
 */

/** Kept per version (the version the learner completed), but a course counts as completed once, as on the server. */
export const completionKey = (courseId: string, version: string): string =>
  `${COMPLETION_KEY_PREFIX}${courseId}:${version}`;
export const COMPLETION_KEY_PREFIX = 'completed:';
/**
 * `held:<course>` = 'pending' | 'refused': the server holds this completion for an admin's
 * review or refused it (pulled at sync), so it waits for the admin, not for a sync.
 */
export const HELD_KEY_PREFIX = 'held:';

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

/** Whether the learner has given this course's evaluation (the whole course's, not a lesson's). */
export async function courseEvaluated(db: LenteraDb, courseId: string): Promise<boolean> {
  return (
    (await db.feedback
      .where('courseId')
      .equals(courseId)
      .filter((entry) => entry.lessonId === null)
      .count()) > 0
  );
}

export interface CourseCompletion {
  completedLessons: number;
  totalLessons: number;
  /**
   * Whole percent, 0–100, of the lessons read; at most 99 while the post-test is still to pass,
   * so a full bar never stands beside "kuis belum lulus".
   */
  percent: number;
  /** The lesson to continue with: the first not completed, in course order. */
  nextLessonId: string | null;
}

/**
 * `courseDone`: the course's completion mark (`courseCompletedAt`); a screen that shows no
 * percent for a completed course may leave it out.
 */
export function courseCompletion(
  manifest: Pick<Manifest, 'lessons'> & Partial<Pick<Manifest, 'quizzes'>>,
  progress: LessonProgress[],
  courseDone = false,
): CourseCompletion {
  const completed = new Set(progress.filter((row) => row.completedAt).map((row) => row.lessonId));
  const lessonIds = manifest.lessons.map((lesson) => lesson.id);
  const completedLessons = lessonIds.filter((id) => completed.has(id)).length;
  // Every lesson read with the post-test still to pass is 99 %: passing it is what completes the course.
  const ceiling = manifest.quizzes?.some((quiz) => quiz.kind === 'post') ? 99 : 100;
  return {
    completedLessons,
    totalLessons: lessonIds.length,
    percent: courseDone
      ? 100
      : lessonIds.length === 0
        ? 0
        : Math.min(ceiling, Math.floor((completedLessons / lessonIds.length) * 100)),
    nextLessonId: lessonIds.find((id) => !completed.has(id)) ?? null,
  };
}

/**
 * Whether the learner has started the course: opened one of its lessons or finished an attempt
 * at one of its quizzes. The server takes an evaluation of the course only then (`not_started`),
 * so the phone offers the evaluation only then too.
 */
export function courseStarted(
  progress: readonly Pick<LessonProgress, 'courseId'>[],
  attempts: readonly Pick<QuizAttempt, 'courseId' | 'finishedAt'>[],
  courseId: string,
): boolean {
  return (
    progress.some((row) => row.courseId === courseId) ||
    attempts.some((attempt) => attempt.courseId === courseId && attempt.finishedAt !== null)
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
