import { implausibleTime } from '../../shared/dates';
import type { CompletionReview, CompletionReviewsPage, CompletionReviewStatus } from '../../shared/protocol';
import { assertMayDecide, audienceCondition, type Audience } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { issueDueCertificates, type CertificateDeps } from './certificates';
import { lockLearner } from './learner-lock';

/** Reviews per page of the admin's list. */
export const COMPLETION_REVIEWS_PAGE = 100;

/** How each list is ordered: the waiting newest completion first, the refused most recently refused first. */
const ORDER_OF: Record<CompletionReviewStatus, string> = { pending: 'completed_at', refused: 'decided_at' };

/**
 * Completions held for implausibly short study (`plausibility.ts`) of the learners an admin
 * manages, waiting for a decision or refused, a page at a time (`after`: the learner and course
 * of the previous page's last review, as `<userId>:<courseId>`).
 */
export async function listCompletionReviews(
  db: Queryable,
  audience: Audience,
  status: CompletionReviewStatus,
  after: { userId: string; courseId: string } | null,
  pageSize = COMPLETION_REVIEWS_PAGE,
): Promise<CompletionReviewsPage> {
  const order = ORDER_OF[status];
  const params: unknown[] = [after?.userId ?? null, after?.courseId ?? null, pageSize + 1, status];
  const rows = await db.query<{
    user_id: string;
    course_id: string;
    course_version: string;
    completed_at: Date;
    jp: number;
    study_ms: number;
    required_ms: number;
    decided_at: Date | null;
    user_name: string | null;
    nip: string | null;
    opd: string | null;
    unit: string | null;
    decided_by_name: string | null;
  }>(
    `SELECT r.user_id, r.course_id, r.course_version, r.completed_at, r.jp, r.study_ms::float8 AS study_ms,
       r.required_ms::float8 AS required_ms, r.decided_at, u.name AS user_name, u.nip, u.opd, u.unit,
       d.name AS decided_by_name
     FROM completion_reviews r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN users d ON d.id = r.decided_by
     WHERE r.status = $4
       AND ($1::uuid IS NULL OR (r.${order}, r.user_id, r.course_id) < (
         SELECT b.${order}, b.user_id, b.course_id FROM completion_reviews b WHERE b.user_id = $1
           AND b.course_id = $2 AND ${audienceCondition(audience, 'b.user_id', params)}))
       AND ${audienceCondition(audience, 'r.user_id', params)}
     ORDER BY r.${order} DESC, r.user_id DESC, r.course_id DESC
     LIMIT $3`,
    params,
  );
  const refused = status === 'refused';
  const reviews = rows.slice(0, pageSize).map((row): CompletionReview => ({
    userId: row.user_id,
    userName: row.user_name ?? '',
    nip: row.nip ?? '',
    opd: row.opd ?? '',
    unit: row.unit ?? '',
    courseId: row.course_id,
    courseVersion: row.course_version,
    completedAt: row.completed_at.toISOString(),
    jp: row.jp,
    studyMinutes: Math.round(row.study_ms / 60_000),
    requiredMinutes: Math.round(row.required_ms / 60_000),
    refusedAt: refused ? (row.decided_at?.toISOString() ?? null) : null,
    refusedBy: refused ? row.decided_by_name : null,
  }));
  const last = reviews.at(-1);
  return { reviews, next: rows.length > pageSize && last !== undefined ? `${last.userId}:${last.courseId}` : null };
}

/**
 * An admin's decision on a held completion: accepted, it is credited (with its JP and the date
 * the learner met the requirements); refused, it stays uncredited until an admin accepts it,
 * from the waiting list or later from the refused one. Accepting one already accepted changes
 * nothing and succeeds (a retried or doubled request); refusing one decided already, accepted
 * or refused, is 409 `already_decided`. Only a held completion of a learner the admin may decide
 * for (`assertMayDecide`) can be decided.
 */
export async function decideCompletionReview(
  db: Queryable,
  session: Session,
  target: { userId: string; courseId: string },
  decision: 'accepted' | 'refused',
  certificates: CertificateDeps,
  seen?: CompletionReviewStatus,
): Promise<void> {
  const notHeld = () => new ApiError(404, 'not_found', 'No held completion for this learner and course');
  await assertMayDecide(db, session, target.userId, 'No held completion for this learner and course');
  // Loaded outside the transaction, where embedded PGlite (one connection) would wait on itself.
  await certificates.signer.publicKey();
  await db.transaction(async (tx) => {
    // The learner's own push may be issuing this course's certificate at this moment.
    await lockLearner(tx, target.userId);
    const [held] = await tx.query<{ status: string; completed_at: Date }>(
      'SELECT status, completed_at FROM completion_reviews WHERE user_id = $1 AND course_id = $2',
      [target.userId, target.courseId],
    );
    if (held?.status === 'accepted' && decision === 'accepted') return;
    if (held === undefined) throw notHeld();
    // Another admin's decision came first (the lock above lets one through at a time): a refusal
    // after it would be told it succeeded while the other decision stands, or replace its author.
    if (held.status !== 'pending' && decision === 'refused')
      throw new ApiError(409, 'already_decided', `The completion is ${held.status} already`);
    // An accept from a stale waiting list must not overturn a refusal made since without the
    // admin seeing it: accepting a refused one is meant, but from the refused list.
    if (seen !== undefined && held.status !== seen)
      throw new ApiError(409, 'already_decided', `The completion is ${held.status} now, not ${seen}`);
    // Held before statement times were bounded: crediting it would put JP (and a certificate
    // number) in a year no report reads, or none can number. Refusing it stays possible.
    const badTime = decision === 'accepted' ? implausibleTime(held.completed_at) : null;
    if (badTime !== null)
      throw new ApiError(
        422,
        'implausible_time',
        `The completion is dated ${held.completed_at.toISOString()}: ${badTime}`,
      );
    await tx.query(
      `UPDATE completion_reviews SET status = $3, decided_by = $4, decided_at = now()
       WHERE user_id = $1 AND course_id = $2`,
      [target.userId, target.courseId, decision, session.userId],
    );
    if (decision === 'refused') return;
    await tx.query(
      `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp)
       SELECT user_id, course_id, course_version, completed_at, jp FROM completion_reviews WHERE user_id = $1
         AND course_id = $2
       ON CONFLICT (user_id, course_id) DO NOTHING`,
      [target.userId, target.courseId],
    );
    // An accepted completion is a recorded completion: its certificate is issued now, not at
    // some later push of the learner that may never touch this course again.
    await issueDueCertificates(tx, certificates, target.userId, new Set([target.courseId]));
  });
}
