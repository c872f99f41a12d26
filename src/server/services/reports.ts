import type { CourseReport, RatingCounts } from '../../shared/protocol/reports';
import { audienceCondition, type Audience } from '../auth/audience';
import { FEEDBACK_ITEMS } from '../../shared/xapi/build';
import type { Queryable } from '../db/db';
import { listCatalog } from './courses';
import { countedCompletionSql } from './ledger';

/**
 * One report row per published course, over the learners an admin manages (`audience`: the
 * BKPSDM everyone, an OPD admin their OPD). Each figure is one grouped query over all courses
 * (a handful of queries in all, not a handful per course); averages come back as float8 so
 * both drivers hand over numbers. Records of deactivated accounts keep counting: they were made
 * while the account was active.
 */
export async function courseReports(db: Queryable, audience: Audience): Promise<CourseReport[]> {
  // Every query below uses the condition, so all of them take its parameters.
  const params: unknown[] = [];
  const inAudience = audienceCondition(audience, 'user_id', params);
  const scoped = <T>(sql: string): Promise<T[]> => db.query<T>(sql, params);
  const [catalog, enrolled, completions, postTests, scores, ratings, difficulty] = await Promise.all([
    listCatalog(db),
    scoped<{ course_id: string; learners: number }>(
      `SELECT course_id, count(*) AS learners
       FROM (SELECT course_id, user_id FROM statements WHERE ${inAudience}
             UNION SELECT course_id, user_id FROM lesson_progress WHERE ${inAudience}) AS learner
       GROUP BY course_id`,
    ),
    scoped<{ course_id: string; learners: number; jp: number }>(
      // A revoked certificate's completion still happened (counted as completed) but credits no JP.
      `SELECT course_id, count(*) AS learners,
         coalesce(sum(jp) FILTER (WHERE ${countedCompletionSql('course_completions')}), 0)::float8 AS jp
       FROM course_completions WHERE ${inAudience} GROUP BY course_id`,
    ),
    scoped<{ course_id: string; attempts: number; passed: number }>(
      `SELECT course_id, count(*) AS attempts, count(*) FILTER (WHERE passed) AS passed FROM quiz_attempts
       WHERE kind = 'post' AND ${inAudience} GROUP BY course_id`,
    ),
    scoped<{ course_id: string; pre: number | null; post: number | null; gain: number | null }>(
      `WITH best AS (
         SELECT course_id, user_id,
           max(server_scaled) FILTER (WHERE kind = 'pre')::float8 AS pre,
           max(server_scaled) FILTER (WHERE kind = 'post')::float8 AS post
         FROM quiz_attempts WHERE kind IN ('pre', 'post') AND ${inAudience} GROUP BY course_id, user_id)
       SELECT course_id, avg(pre) AS pre, avg(post) AS post, avg(post - pre) AS gain FROM best GROUP BY course_id`,
    ),
    scoped<{ course_id: string; item: string; rating: number; count: number }>(
      `SELECT course_id, item, rating, count(*) AS count FROM feedback_ratings WHERE ${inAudience}
       GROUP BY course_id, item, rating`,
    ),
    scoped<{ course_id: string; raters: number; too_difficult: number }>(
      `SELECT course_id, count(*) AS raters, count(*) FILTER (WHERE hardest >= 4) AS too_difficult
       FROM (SELECT course_id, user_id, max(rating) AS hardest FROM feedback_ratings
             WHERE item = 'difficulty' AND ${inAudience} GROUP BY course_id, user_id) AS rater
       GROUP BY course_id`,
    ),
  ]);

  const enrolledBy = byCourse(enrolled);
  const completionsBy = byCourse(completions);
  const postTestsBy = byCourse(postTests);
  const scoresBy = byCourse(scores);
  const difficultyBy = byCourse(difficulty);

  return catalog.map((course): CourseReport => {
    const post = postTestsBy.get(course.id);
    const score = scoresBy.get(course.id);
    const rated = difficultyBy.get(course.id);
    return {
      courseId: course.id,
      version: course.version,
      title: course.title,
      jp: course.jp,
      enrolled: enrolledBy.get(course.id)?.learners ?? 0,
      completed: completionsBy.get(course.id)?.learners ?? 0,
      postTest: {
        attempts: post?.attempts ?? 0,
        passed: post?.passed ?? 0,
        passRate: post ? ratio(post.passed, post.attempts) : null,
      },
      preTestAverage: rounded(score?.pre),
      postTestAverage: rounded(score?.post),
      averageGain: rounded(score?.gain),
      feedback: ratingCounts(ratings.filter((row) => row.course_id === course.id)),
      tooDifficultShare: rated ? ratio(rated.too_difficult, rated.raters) : null,
      jpCredited: rounded(completionsBy.get(course.id)?.jp) ?? 0,
    };
  });
}

const byCourse = <T extends { course_id: string }>(rows: T[]) => new Map(rows.map((row) => [row.course_id, row]));

/**
 * Only the items the app asks about are reported, whatever rows hold: an item name is a key of
 * the answer, and a stored `__proto__` (accepted before items were checked) must stay a row.
 */
function ratingCounts(rows: { item: string; rating: number; count: number }[]): CourseReport['feedback'] {
  const byItem = new Map<string, RatingCounts>();
  for (const { item, rating, count } of rows) {
    const counts = byItem.get(item) ?? [0, 0, 0, 0, 0];
    if (rating >= 1 && rating <= 5) counts[rating - 1] = count;
    byItem.set(item, counts);
  }
  return Object.fromEntries(
    FEEDBACK_ITEMS.flatMap((item) => {
      const counts = byItem.get(item);
      return counts === undefined ? [] : [[item, counts] as const];
    }),
  );
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : (rounded(part / whole) as number));

/** Scores are rounded to four decimals when scored; averages are shown to the same. */
function rounded(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;
}
