import type { Queryable } from '../db/db';

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
 * Keyed by statement id, so a statement can only ever count once. Ratings and comments go in
 * one statement (the ratings as a data-modifying CTE): one round trip per push, not two.
 */
export async function insertFeedback(
  tx: Queryable,
  userId: string,
  ratings: readonly Rating[],
  comments: readonly Comment[],
): Promise<void> {
  if (ratings.length === 0 && comments.length === 0) return;
  await tx.query(
    `WITH ratings AS (
       INSERT INTO feedback_ratings (statement_id, feedback_id, user_id, course_id, lesson_id, item, rating, at)
       SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.item, r.rating, r.at
       FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text, "lessonId" text, item text, rating smallint, at timestamptz)
       ON CONFLICT (statement_id) DO NOTHING
     )
     INSERT INTO feedback_comments (statement_id, feedback_id, user_id, course_id, lesson_id, comment, at)
     SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.comment, r.at
     FROM jsonb_to_recordset($3::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text, "lessonId" text, comment text, at timestamptz)
     ON CONFLICT (statement_id) DO NOTHING`,
    [userId, JSON.stringify(ratings), JSON.stringify(comments)],
  );
}
