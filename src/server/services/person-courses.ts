import type { PersonCourse } from '../../shared/protocol/people';
import type { Queryable } from '../db/db';
import { listCatalog } from './courses';
import { countedCompletionSql } from './ledger';

const IN_USERS = 'user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))';

/**
 * Each person's courses from the server's records, for the admin's person view and an atasan's
 * team: lessons completed, completion and JP as the server credited them, and the last record.
 * Three grouped queries for any number of people.
 */
export async function coursesOf(db: Queryable, userIds: readonly string[]): Promise<Map<string, PersonCourse[]>> {
  const result = new Map<string, PersonCourse[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return result;
  const ids = JSON.stringify(userIds);
  const [catalog, lessons, attempts, completions] = await Promise.all([
    listCatalog(db),
    db.query<{ user_id: string; course_id: string; completed: number; last_at: Date }>(
      `SELECT user_id, course_id, count(completed_at)::int AS completed, max(updated_at) AS last_at
       FROM lesson_progress WHERE ${IN_USERS} GROUP BY user_id, course_id`,
      [ids],
    ),
    db.query<{ user_id: string; course_id: string; last_at: Date }>(
      `SELECT user_id, course_id, max(finished_at) AS last_at FROM quiz_attempts WHERE ${IN_USERS}
       GROUP BY user_id, course_id`,
      [ids],
    ),
    db.query<{ user_id: string; course_id: string; completed_at: Date; jp: number }>(
      // A revoked certificate's completion stays listed (completed) but credits no JP, as in the ledger.
      `SELECT user_id, course_id, completed_at,
         CASE WHEN ${countedCompletionSql('course_completions')} THEN jp ELSE 0 END::float8 AS jp
       FROM course_completions WHERE ${IN_USERS}`,
      [ids],
    ),
  ]);
  const published = new Map(catalog.map((entry) => [entry.id, entry]));
  const byKey = new Map<string, PersonCourse>();
  const entry = (userId: string, courseId: string, at: Date): PersonCourse => {
    const key = `${userId}\n${courseId}`;
    let course = byKey.get(key);
    if (course === undefined) {
      const catalogEntry = published.get(courseId);
      course = {
        courseId,
        title: catalogEntry?.title ?? null,
        lessonsCompleted: 0,
        lessonCount: catalogEntry?.lessonCount ?? null,
        completedAt: null,
        jp: 0,
        lastActivityAt: at.toISOString(),
      };
      byKey.set(key, course);
      result.get(userId)?.push(course);
    }
    if (at.toISOString() > course.lastActivityAt) course.lastActivityAt = at.toISOString();
    return course;
  };
  for (const row of lessons) entry(row.user_id, row.course_id, row.last_at).lessonsCompleted = row.completed;
  for (const row of attempts) entry(row.user_id, row.course_id, row.last_at);
  for (const row of completions) {
    const course = entry(row.user_id, row.course_id, row.completed_at);
    course.completedAt = row.completed_at.toISOString();
    course.jp = row.jp;
  }
  for (const courses of result.values()) courses.sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  return result;
}
