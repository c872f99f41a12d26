import { CLOCK_SKEW_MS } from '../../shared/dates';
import type { CourseCompletionRecord, HeldCompletion } from '../../shared/protocol';
import type { Manifest } from '../../shared/schema/bundle';
import { isCourseComplete } from '../../shared/scoring/completion';
import type { Queryable } from '../db/db';
import type { Statement } from '../db/writes';
import type { CourseVersions } from './content-cache';
import { requiredStudyMs } from './plausibility';

const IN_COURSES = 'course_id IN (SELECT jsonb_array_elements_text($2::jsonb))';

/** Where a learner stands in some courses, read once per push instead of once per step. */
export interface CourseStanding {
  /** Credited, or decided by an admin (a refusal stands until an admin accepts): nothing to derive. */
  settled: Set<string>;
  /** Credited: a certificate may be due. */
  credited: Set<string>;
  /** Holding a certificate already: one per learner and course, never due again. */
  certified: Set<string>;
}

export interface CourseStandingRow {
  course_id: string;
  credited: boolean;
  decided: boolean;
  certified: boolean;
}

/**
 * One read for what completion and certificate issue need to know up front, made under the
 * learner's lock (everything that credits or certifies a learner takes it): it stays true for
 * the transaction except for what the push itself then credits or certifies.
 */
export function courseStandingRead(userId: string, courseIds: ReadonlySet<string>): Statement {
  return {
    sql: `SELECT c.course_id,
       EXISTS (SELECT 1 FROM course_completions k WHERE k.user_id = $1 AND k.course_id = c.course_id) AS credited,
       EXISTS (SELECT 1 FROM completion_reviews r WHERE r.user_id = $1 AND r.course_id = c.course_id
         AND r.status <> 'pending') AS decided,
       EXISTS (SELECT 1 FROM certificates x WHERE x.user_id = $1 AND x.course_id = c.course_id) AS certified
     FROM jsonb_array_elements_text($2::jsonb) AS c (course_id)`,
    params: [userId, JSON.stringify([...courseIds])],
  };
}

export function courseStanding(rows: readonly CourseStandingRow[]): CourseStanding {
  const standing: CourseStanding = { settled: new Set(), credited: new Set(), certified: new Set() };
  for (const row of rows) {
    if (row.credited || row.decided) standing.settled.add(row.course_id);
    if (row.credited) standing.credited.add(row.course_id);
    if (row.certified) standing.certified.add(row.course_id);
  }
  return standing;
}

/**
 * Credits a course (and its JP) once the server's own records meet `isCourseComplete`: every
 * lesson completed in `lesson_progress` and every post-test passed in `quiz_attempts` as the
 * server scored it, within the quiz's attempt limit. The phone's `completed` statement plays no part.
 *
 * Which version's requirements: the newest version a learner could hold (`CourseVersions`:
 * published at some time, never a draft) whose own requirements the learner met as studied
 * (`completedVersion`). A learner who studied 1.0.0 offline while 1.1.0 (with an extra lesson) was
 * published has completed what they studied, so the published one alone would leave them stuck.
 *
 * Runs in the ingest transaction, after the batch's records are written, for the courses
 * the batch touched; `standing` was read under the same learner lock. Answers the courses it credited.
 */
export async function deriveCompletions(
  tx: Queryable,
  userId: string,
  courseIds: ReadonlySet<string>,
  courses: ReadonlyMap<string, CourseVersions>,
  standing: CourseStanding,
): Promise<Set<string>> {
  const open = [...courseIds].filter((id) => !standing.settled.has(id));
  if (open.length === 0) return new Set();

  const openIds = JSON.stringify(open);
  const lessons = await tx.query<{ course_id: string; lesson_id: string; completed_at: Date }>(
    `SELECT course_id, lesson_id, completed_at FROM lesson_progress WHERE user_id = $1
      AND completed_at IS NOT NULL AND ${IN_COURSES}`,
    [userId, openIds],
  );
  const passes = await tx.query<{ course_id: string; course_version: string; quiz_id: string; first_passed_at: Date }>(
    `SELECT course_id, course_version, quiz_id, min(finished_at) AS first_passed_at FROM quiz_attempts
     WHERE user_id = $1 AND passed AND NOT over_limit AND ${IN_COURSES} GROUP BY course_id, course_version, quiz_id`,
    [userId, openIds],
  );

  const completions: CourseCompletionRecord[] = [];
  for (const courseId of open) {
    const lessonTimes = new Map(
      lessons.filter((row) => row.course_id === courseId).map((row) => [row.lesson_id, row.completed_at]),
    );
    const course = courses.get(courseId);
    if (course === undefined) continue;
    const met = completedVersion(course, lessonTimes, (version) =>
      passes.filter((row) => row.course_id === courseId && row.course_version === version),
    );
    if (met === null) continue;
    completions.push({
      courseId,
      courseVersion: met.manifest.version,
      completedAt: met.at.toISOString(),
      jp: met.manifest.jp,
    });
  }
  const credit = await heldForReview(tx, userId, completions, courses);
  if (credit.length === 0) return new Set();
  await tx.query(
    `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp)
     SELECT $1, r."courseId", r."courseVersion", r."completedAt", r.jp
     FROM jsonb_to_recordset($2::jsonb) AS r ("courseId" text, "courseVersion" text, "completedAt" timestamptz,
       jp double precision)
     ON CONFLICT (user_id, course_id) DO NOTHING`,
    [userId, JSON.stringify(credit)],
  );
  return new Set(credit.map((completion) => completion.courseId));
}

/**
 * The completions with plausible study (`plausibility.ts`), to credit now; the others are kept
 * (or refreshed) as pending reviews for the admin. A pending review whose learner has since
 * recorded enough study is credited and leaves the admin's list.
 */
async function heldForReview(
  tx: Queryable,
  userId: string,
  completions: readonly CourseCompletionRecord[],
  courses: ReadonlyMap<string, CourseVersions>,
): Promise<CourseCompletionRecord[]> {
  const studied = await tx.query<{ course_id: string; study_ms: number }>(
    `SELECT course_id, coalesce(sum(duration_ms), 0)::float8 AS study_ms FROM statements
     WHERE user_id = $1 AND ${IN_COURSES} GROUP BY course_id`,
    [userId, JSON.stringify(completions.map((completion) => completion.courseId))],
  );
  const studyOf = new Map(studied.map((row) => [row.course_id, row.study_ms]));
  const credit: CourseCompletionRecord[] = [];
  const held: (CourseCompletionRecord & { studyMs: number; requiredMs: number })[] = [];
  for (const completion of completions) {
    const manifest = courses.get(completion.courseId)?.manifests.get(completion.courseVersion);
    const requiredMs = manifest === undefined ? 0 : requiredStudyMs(manifest);
    const studyMs = studyOf.get(completion.courseId) ?? 0;
    if (studyMs >= requiredMs) credit.push(completion);
    else held.push({ ...completion, studyMs, requiredMs });
  }
  if (credit.length > 0)
    await tx.query(`DELETE FROM completion_reviews WHERE user_id = $1 AND status = 'pending' AND ${IN_COURSES}`, [
      userId,
      JSON.stringify(credit.map((completion) => completion.courseId)),
    ]);
  if (held.length > 0)
    await tx.query(
      `INSERT INTO completion_reviews (user_id, course_id, course_version, completed_at, jp, study_ms, required_ms)
       SELECT $1, r."courseId", r."courseVersion", r."completedAt", r.jp, r."studyMs", r."requiredMs"
       FROM jsonb_to_recordset($2::jsonb) AS r ("courseId" text, "courseVersion" text,
         "completedAt" timestamptz, jp double precision, "studyMs" bigint, "requiredMs" bigint)
       ON CONFLICT (user_id, course_id) DO UPDATE SET
         course_version = EXCLUDED.course_version, completed_at = EXCLUDED.completed_at, jp = EXCLUDED.jp,
         study_ms = EXCLUDED.study_ms, required_ms = EXCLUDED.required_ms
       WHERE completion_reviews.status = 'pending'`,
      [userId, JSON.stringify(held)],
    );
  return credit;
}

/**
 * Which version the learner completed, and when; null when none. A version is completed by its
 * own requirements as studied: every one of its lessons completed (progress names no version, and
 * a lesson keeps its id across versions, as the phone keeps its progress through an update) and
 * every one of its post-tests passed on that version itself (an attempt is scored against one
 * version's quiz, whose questions and pass mark a later version may change).
 *
 * The newest version so met wins, unless everything it asks was done before it was first
 * published (less the phone's clock skew): only a version without a post-test, whose lessons were
 * read in an older one, can be met that way, and it is not what the learner studied then, so an
 * older version met in its own time is credited instead (its JP, its date). When no version is,
 * the earliest such version counts from its first publication: that is when the learner, with
 * nothing left to do, first held a completed course.
 */
function completedVersion(
  course: CourseVersions,
  lessonTimes: ReadonlyMap<string, Date>,
  passesOf: (version: string) => readonly { quiz_id: string; first_passed_at: Date }[],
): { manifest: Manifest; at: Date } | null {
  const lessonIds = new Set(lessonTimes.keys());
  let early: { manifest: Manifest; at: Date } | null = null;
  for (const manifest of course.manifests.values()) {
    const published = course.firstPublished.get(manifest.version);
    if (published === undefined) continue;
    const passTimes = new Map(passesOf(manifest.version).map((row) => [row.quiz_id, row.first_passed_at]));
    if (!isCourseComplete(manifest, lessonIds, new Set(passTimes.keys()))) continue;
    const at = lastConditionMet(manifest, lessonTimes, passTimes);
    if (at.getTime() >= published.getTime() - CLOCK_SKEW_MS) return { manifest, at };
    // Newest first: the last one seen is the earliest published.
    early = { manifest, at: published };
  }
  return early;
}

/** The course was completed when its last requirement was: the latest of the required lessons and post-test passes. */
function lastConditionMet(
  manifest: Manifest,
  lessonTimes: ReadonlyMap<string, Date>,
  passTimes: ReadonlyMap<string, Date>,
): Date {
  const times = [
    ...manifest.lessons.map((lesson) => lessonTimes.get(lesson.id)),
    ...manifest.quizzes.filter((quiz) => quiz.kind === 'post').map((quiz) => passTimes.get(quiz.id)),
  ];
  return new Date(Math.max(...times.map((time) => time?.getTime() ?? 0)));
}

export async function readCompletions(db: Queryable, userId: string): Promise<CourseCompletionRecord[]> {
  const rows = await db.query<{ course_id: string; course_version: string; completed_at: Date; jp: number }>(
    `SELECT course_id, course_version, completed_at, jp FROM course_completions
      WHERE user_id = $1 ORDER BY completed_at`,
    [userId],
  );
  return rows.map((row) => ({
    courseId: row.course_id,
    courseVersion: row.course_version,
    completedAt: row.completed_at.toISOString(),
    jp: row.jp,
  }));
}

/**
 * The learner's completions held for an admin's review (`heldForReview`) or refused: the phone
 * says so instead of "waiting for sync", since the server has every record already.
 */
export async function readHeldCompletions(db: Queryable, userId: string): Promise<HeldCompletion[]> {
  return db.query<HeldCompletion>(
    `SELECT course_id AS "courseId", status FROM completion_reviews
      WHERE user_id = $1 AND status IN ('pending', 'refused') ORDER BY course_id`,
    [userId],
  );
}
