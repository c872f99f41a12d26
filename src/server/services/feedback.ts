import type { Queryable } from '../db/db';
import type { Write } from '../db/writes';
import { reject, type Rejection } from './rejection';
import type { CheckedStatement } from './statement-check';

/** One Likert answer of an evaluation; `feedbackId` is the statements' registration. */
export interface Rating {
  statementId: string;
  feedbackId: string;
  courseId: string;
  lessonId: string | null;
  item: string;
  rating: number;
  at: string;
}

export interface Comment {
  statementId: string;
  feedbackId: string;
  courseId: string;
  lessonId: string | null;
  comment: string;
  at: string;
}

/**
 * One current rating per learner, course, lesson (null: the course itself) and item: a later
 * evaluation replaces the learner's earlier one, so one learner counts once in the reaction
 * index however often they evaluate (the statements all stay stored as the record). The
 * latest by the phone's time wins, whatever order the evaluations arrive in; within one push
 * only the latest of each is sent, since an upsert may not touch one row twice. Ratings and
 * comments go in one statement (the ratings as a data-modifying CTE): one round trip per push.
 */
export function ratingsWrite(userId: string, ratings: readonly Rating[]): Write {
  if (ratings.length === 0) return null;
  return {
    sql: `INSERT INTO feedback_ratings AS f (statement_id, feedback_id, user_id, course_id, lesson_id, item, rating, at)
     SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.item, r.rating, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text,
       "lessonId" text, item text, rating smallint, at timestamptz)
     ON CONFLICT (user_id, course_id, (COALESCE(lesson_id, '')), item) DO UPDATE
       SET statement_id = excluded.statement_id, feedback_id = excluded.feedback_id, rating = excluded.rating,
           at = excluded.at
       WHERE (excluded.at, excluded.statement_id) > (f.at, f.statement_id)`,
    params: [userId, JSON.stringify(latestOfEach(ratings, (rating) => rating.item))],
  };
}

/** The learner's latest comment on a course or lesson, like their ratings. */
export function commentsWrite(userId: string, comments: readonly Comment[]): Write {
  if (comments.length === 0) return null;
  return {
    sql: `INSERT INTO feedback_comments AS f (statement_id, feedback_id, user_id, course_id, lesson_id, comment, at)
     SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.comment, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text,
       "lessonId" text, comment text, at timestamptz)
     ON CONFLICT (user_id, course_id, (COALESCE(lesson_id, ''))) DO UPDATE
       SET statement_id = excluded.statement_id, feedback_id = excluded.feedback_id, comment = excluded.comment,
           at = excluded.at
       WHERE (excluded.at, excluded.statement_id) > (f.at, f.statement_id)`,
    params: [userId, JSON.stringify(latestOfEach(comments, () => ''))],
  };
}

/** Per course, lesson and `part`, the entry latest by time, then by statement id (the order the upsert keeps). */
function latestOfEach<T extends Rating | Comment>(entries: readonly T[], part: (entry: T) => string): T[] {
  const latest = new Map<string, T>();
  for (const entry of entries) {
    // Slugs and item names hold no newline; null (the course itself) is no slug either.
    const key = `${entry.courseId}\n${entry.lessonId ?? '\0'}\n${part(entry)}`;
    const kept = latest.get(key);
    if (kept === undefined || laterThan(entry, kept)) latest.set(key, entry);
  }
  return [...latest.values()];
}

const laterThan = (a: Rating | Comment, b: Rating | Comment): boolean => {
  const [at, other] = [Date.parse(a.at), Date.parse(b.at)];
  return at !== other ? at > other : a.statementId > b.statementId;
};

/**
 * The evaluations (ratings and comments) of courses the learner has not started, each refused
 * alone (`not_started`): only someone who studied a lesson (opened it) or took a quiz of the
 * course can judge it, as the phone offers the evaluation only then. What this push brings
 * counts (a lesson opened and its evaluation can travel together), then the server's record.
 */
export async function evaluationsBeforeStudy(
  tx: Queryable,
  userId: string,
  valid: readonly CheckedStatement[],
  progress: readonly { courseId: string }[],
): Promise<Map<string, Rejection>> {
  const evaluations = valid.filter(({ derivation }) => derivation.kind === 'rating' || derivation.kind === 'comment');
  if (evaluations.length === 0) return new Map();
  const started = new Set([
    ...progress.map(({ courseId }) => courseId),
    ...valid.flatMap(({ courseId, derivation }) =>
      derivation.kind === 'lesson' || derivation.kind === 'attempt' ? [courseId] : [],
    ),
  ]);
  const unknown = [...new Set(evaluations.map(({ courseId }) => courseId))].filter((id) => !started.has(id));
  if (unknown.length > 0) {
    const rows = await tx.query<{ course_id: string }>(
      `SELECT course_id FROM lesson_progress WHERE user_id = $1 AND course_id = ANY($2::text[])
       UNION SELECT course_id FROM quiz_attempts WHERE user_id = $1 AND course_id = ANY($2::text[])`,
      [userId, unknown],
    );
    for (const { course_id } of rows) started.add(course_id);
  }
  return new Map(
    evaluations
      .filter(({ courseId }) => !started.has(courseId))
      .map(({ id, courseId }) => [
        id,
        reject('not_started', `An evaluation of ${courseId} before any of its lessons or quizzes was studied`),
      ]),
  );
}
