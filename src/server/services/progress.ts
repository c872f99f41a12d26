import { z } from 'zod';
import type { LessonProgressSnapshot, ProgressPullResponse } from '../../shared/protocol';
import { mergeProgressFacts } from '../../shared/progress';
import type { Queryable } from '../db/db';
import type { Write } from '../db/writes';
import { grantedAttempts } from './attempt-grants';
import { readAttempts } from './attempts';
import { readCompletions, readHeldCompletions } from './completion';
import type { CourseVersions } from './content-cache';
import { issuesReason, reject, type Rejection } from './rejection';
import { implausibleTime, StoredTime } from '../../shared/dates';

/** One observation of a lesson's reading progress, from a progress record or an `experienced` statement. */
export interface LessonProgressChange {
  courseId: string;
  lessonId: string;
  openedAt: string;
  completedAt: string | null;
  position: number;
}

const ProgressRecordSchema = z.object({
  id: z.string(),
  courseId: z.string().min(1),
  lessonId: z.string().min(1),
  openedAt: StoredTime,
  completedAt: StoredTime.nullable(),
  // Rounded to what a reading position means (0.01 % of a lesson): a float like 1e-135 is valid
  // JSON but underflows PostgreSQL's `real`, and one such record must not stall a phone's queue.
  position: z
    .number()
    .min(0)
    .max(1)
    .transform((value) => Math.round(value * 10_000) / 10_000),
});

/** A progress record is valid when well-formed and about a lesson of a version of its course a learner could hold. */
export function checkProgress(
  raw: unknown,
  courses: ReadonlyMap<string, CourseVersions>,
): { ok: true; change: LessonProgressChange } | Rejection {
  const parsed = ProgressRecordSchema.safeParse(raw);
  if (!parsed.success) return reject('invalid_progress', issuesReason(parsed.error));
  const { courseId, lessonId, openedAt, completedAt, position } = parsed.data;
  // The earliest opening and completion win the merge: one from a clock at 1970 would stay for good.
  for (const [field, time] of [
    ['openedAt', openedAt],
    ['completedAt', completedAt],
  ] as const) {
    const badTime = time === null ? null : implausibleTime(time);
    if (badTime !== null) return reject('implausible_time', `${field} ${time}: ${badTime}`);
  }
  const course = courses.get(courseId);
  if (course === undefined) return reject('unknown_course', `No course "${courseId}" on this server`);
  // Any version ever published: the phone may still be reading one that no longer is.
  const known = [...course.manifests.values()].some((manifest) =>
    manifest.lessons.some((lesson) => lesson.id === lessonId),
  );
  if (!known) return reject('unknown_lesson', `No version of course "${courseId}" has a lesson "${lessonId}"`);
  return { ok: true, change: { courseId, lessonId, openedAt, completedAt, position } };
}

/**
 * Merges changes into `lesson_progress`, never overwriting: earliest opening, earliest
 * completion, furthest position. The merge is commutative and idempotent, so two phones
 * converge whatever order their pushes arrive in, and a replay changes nothing.
 */
export function lessonProgressWrite(userId: string, changes: readonly LessonProgressChange[]): Write {
  if (changes.length === 0) return null;
  // One row per lesson: a single INSERT … ON CONFLICT may not touch the same row twice.
  const merged = new Map<string, LessonProgressChange>();
  for (const change of changes) {
    const key = `${change.courseId}/${change.lessonId}`;
    const before = merged.get(key);
    merged.set(key, before === undefined ? change : mergeProgressFacts(before, change));
  }
  return {
    sql: `INSERT INTO lesson_progress (user_id, course_id, lesson_id, opened_at, completed_at, position)
     SELECT $1, r.course_id, r.lesson_id, r.opened_at, r.completed_at, r.position
     FROM jsonb_to_recordset($2::jsonb) AS r (course_id text, lesson_id text, opened_at timestamptz,
       completed_at timestamptz, position double precision)
     ON CONFLICT (user_id, course_id, lesson_id) DO UPDATE SET
       opened_at = LEAST(lesson_progress.opened_at, EXCLUDED.opened_at),
       completed_at = LEAST(lesson_progress.completed_at, EXCLUDED.completed_at), -- LEAST skips NULL: earliest non-null
       position = GREATEST(lesson_progress.position, EXCLUDED.position),
       updated_at = now()
     -- Only a real change bumps updated_at, so a replay leaves the row exactly as it was.
     WHERE EXCLUDED.opened_at < lesson_progress.opened_at
        OR EXCLUDED.completed_at < lesson_progress.completed_at
        OR (EXCLUDED.completed_at IS NOT NULL AND lesson_progress.completed_at IS NULL)
        OR EXCLUDED.position > lesson_progress.position`,
    params: [
      userId,
      JSON.stringify(
        [...merged.values()].map((change) => ({
          course_id: change.courseId,
          lesson_id: change.lessonId,
          opened_at: change.openedAt,
          completed_at: change.completedAt,
          position: change.position,
        })),
      ),
    ],
  };
}

/** Everything the server knows of one learner's progress: what a second phone or a reinstall pulls. */
export async function readLearnerProgress(db: Queryable, userId: string): Promise<ProgressPullResponse> {
  const [lessons, attempts, completions, grants, held] = await Promise.all([
    readLessonProgress(db, userId),
    readAttempts(db, userId),
    readCompletions(db, userId),
    grantedAttempts(db, userId),
    readHeldCompletions(db, userId),
  ]);
  return { lessons, attempts, completions, grants, held };
}

async function readLessonProgress(db: Queryable, userId: string): Promise<LessonProgressSnapshot[]> {
  const rows = await db.query<{
    course_id: string;
    lesson_id: string;
    opened_at: Date;
    completed_at: Date | null;
    position: number;
  }>(
    `SELECT course_id, lesson_id, opened_at, completed_at, position FROM lesson_progress
      WHERE user_id = $1 ORDER BY course_id, lesson_id`,
    [userId],
  );
  return rows.map((row) => ({
    courseId: row.course_id,
    lessonId: row.lesson_id,
    openedAt: row.opened_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    position: row.position,
  }));
}
