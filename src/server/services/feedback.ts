import type { Write } from '../db/writes';

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
export function ratingsWrite(userId: string, ratings: readonly Rating[]): Write {
  if (ratings.length === 0) return null;
  return {
    sql: `INSERT INTO feedback_ratings (statement_id, feedback_id, user_id, course_id, lesson_id, item, rating, at)
     SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.item, r.rating, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text,
       "lessonId" text, item text, rating smallint, at timestamptz)
     ON CONFLICT (statement_id) DO NOTHING`,
    params: [userId, JSON.stringify(ratings)],
  };
}

export function commentsWrite(userId: string, comments: readonly Comment[]): Write {
  if (comments.length === 0) return null;
  return {
    sql: `INSERT INTO feedback_comments (statement_id, feedback_id, user_id, course_id, lesson_id, comment, at)
     SELECT r."statementId", r."feedbackId", $1, r."courseId", r."lessonId", r.comment, r.at
     FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "feedbackId" uuid, "courseId" text,
       "lessonId" text, comment text, at timestamptz)
     ON CONFLICT (statement_id) DO NOTHING`,
    params: [userId, JSON.stringify(comments)],
  };
}
