import type { CompletionReview, CompletionReviewsPage } from '../../shared/protocol';
import { assertMayDecide, audienceCondition, type Audience } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { issueDueCertificates, type CertificateDeps } from './certificates';
import { lockLearner } from './learner-lock';

/** Reviews per page of the admin's list. */
export const COMPLETION_REVIEWS_PAGE = 100;

/**
 * Completions held for implausibly short study (`plausibility.ts`) of the learners an admin
 * manages, still waiting for a decision, newest first, a page at a time (`after`: the learner
 * and course of the previous page's last review, as `<userId>:<courseId>`).
 */
export async function listCompletionReviews(
  db: Queryable,
  audience: Audience,
  after: { userId: string; courseId: string } | null,
  pageSize = COMPLETION_REVIEWS_PAGE,
): Promise<CompletionReviewsPage> {
  const params: unknown[] = [after?.userId ?? null, after?.courseId ?? null, pageSize + 1];
  const rows = await db.query<{
    user_id: string;
    course_id: string;
    course_version: string;
    completed_at: Date;
    jp: number;
    study_ms: number;
    required_ms: number;
    user_name: string | null;
    unit: string | null;
  }>(
    `SELECT r.user_id, r.course_id, r.course_version, r.completed_at, r.jp, r.study_ms::float8 AS study_ms,
       r.required_ms::float8 AS required_ms, u.name AS user_name, u.unit
     FROM completion_reviews r LEFT JOIN users u ON u.id = r.user_id
     WHERE r.status = 'pending'
       AND ($1::uuid IS NULL OR (r.completed_at, r.user_id, r.course_id) < (
         SELECT b.completed_at, b.user_id, b.course_id FROM completion_reviews b WHERE b.user_id = $1
           AND b.course_id = $2))
       AND ${audienceCondition(audience, 'r.user_id', params)}
     ORDER BY r.completed_at DESC, r.user_id DESC, r.course_id DESC
     LIMIT $3`,
    params,
  );
  const reviews = rows.slice(0, pageSize).map((row): CompletionReview => ({
    userId: row.user_id,
    userName: row.user_name ?? '',
    unit: row.unit ?? '',
    courseId: row.course_id,
    courseVersion: row.course_version,
    completedAt: row.completed_at.toISOString(),
    jp: row.jp,
    studyMinutes: Math.round(row.study_ms / 60_000),
    requiredMinutes: Math.round(row.required_ms / 60_000),
  }));
  const last = reviews.at(-1);
  return { reviews, next: rows.length > pageSize && last !== undefined ? `${last.userId}:${last.courseId}` : null };
}

/**
 * An admin's decision on a held completion: accepted, it is credited (with its JP and the date
 * the learner met the requirements); refused, it stays uncredited until an admin accepts it.
 * Only a pending review of a learner the admin may decide for (`assertMayDecide`) can be decided.
 */
export async function decideCompletionReview(
  db: Queryable,
  session: Session,
  target: { userId: string; courseId: string },
  decision: 'accepted' | 'refused',
  certificates: CertificateDeps,
): Promise<void> {
  await assertMayDecide(db, session, target.userId, 'No completion waiting for review for this learner and course');
  // Loaded outside the transaction, where embedded PGlite (one connection) would wait on itself.
  await certificates.signer.publicKey();
  await db.transaction(async (tx) => {
    // The learner's own push may be issuing this course's certificate at this moment.
    await lockLearner(tx, target.userId);
    const [review] = await tx.query<{ status: string }>(
      `UPDATE completion_reviews SET status = $3, decided_by = $4, decided_at = now()
       WHERE user_id = $1 AND course_id = $2 AND status IN ('pending', 'refused') RETURNING status`,
      [target.userId, target.courseId, decision, session.userId],
    );
    if (review === undefined)
      throw new ApiError(404, 'not_found', 'No completion waiting for review for this learner and course');
    if (decision === 'accepted')
      await tx.query(
        `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp)
         SELECT user_id, course_id, course_version, completed_at, jp FROM completion_reviews WHERE user_id = $1
           AND course_id = $2
         ON CONFLICT (user_id, course_id) DO NOTHING`,
        [target.userId, target.courseId],
      );
    // An accepted completion is a recorded completion: its certificate is issued now, not at
    // some later push of the learner that may never touch this course again.
    if (decision === 'accepted')
      await issueDueCertificates(tx, certificates, target.userId, new Set([target.courseId]));
  });
}
