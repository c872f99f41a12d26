import {
  ATTEMPT_GRANTS_PAGE,
  type AttemptGrant,
  type AttemptGrantRequestBody,
  type AttemptGrantsPage,
  type GrantedAttempts,
} from '../../shared/protocol/assessment';
import { assertMayDecide, audienceCondition, managedBy } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import type { ContentCache } from './content-cache';

/**
 * Remedial attempts (issue 11.3). A grant raises one learner's attempt limit at one quiz by
 * `extra`; the reason is required because an auditor will ask why one learner had more tries.
 * Only a quiz that judges can be granted: a pre-test retaken would measure nothing.
 */
export async function grantAttempts(
  db: Queryable,
  content: ContentCache,
  session: Session,
  input: AttemptGrantRequestBody,
): Promise<AttemptGrant> {
  // More tries at a quiz that counts is a decision on the learner's result: never on one's own.
  await assertMayDecide(db, session, input.userId, 'No such learner among those you manage');
  const versions = (await content.courses(db, [input.courseId])).get(input.courseId);
  const quiz = [...(versions?.manifests.values() ?? [])]
    .flatMap((manifest) => manifest.quizzes)
    .find((entry) => entry.id === input.quizId);
  if (quiz === undefined) throw new ApiError(404, 'not_found', `Course ${input.courseId} has no quiz ${input.quizId}`);
  if (quiz.kind === 'pre')
    throw new ApiError(400, 'bad_request', 'A pre-test is taken once: it measures what the learner knew before');
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO attempt_grants (user_id, course_id, quiz_id, extra, reason, granted_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [input.userId, input.courseId, input.quizId, input.extra, input.reason, session.userId],
  );
  const page = await listAttemptGrants(db, managedBy(session), { userId: input.userId, courseId: input.courseId });
  const grant = page.grants.find((candidate) => candidate.id === row?.id);
  if (grant === undefined) throw new Error('a grant just stored could not be read back');
  return grant;
}

/** The learner's extra attempts per quiz: what the phone pulls, and what the server's attempt limit adds. */
export async function grantedAttempts(db: Queryable, userId: string): Promise<GrantedAttempts[]> {
  const rows = await db.query<{ course_id: string; quiz_id: string; extra: number }>(
    `SELECT course_id, quiz_id, sum(extra)::int AS extra FROM attempt_grants
     WHERE user_id = $1 GROUP BY course_id, quiz_id ORDER BY course_id, quiz_id`,
    [userId],
  );
  return rows.map((row) => ({ courseId: row.course_id, quizId: row.quiz_id, extra: row.extra }));
}

/** Grants to learners the audience manages, newest first, a page at a time (cut after the grant `after`). */
export async function listAttemptGrants(
  db: Queryable,
  audience: ReturnType<typeof managedBy>,
  filter: { courseId?: string; userId?: string; after?: string },
  pageSize = ATTEMPT_GRANTS_PAGE,
): Promise<AttemptGrantsPage> {
  const params: unknown[] = [filter.courseId ?? null, filter.userId ?? null, filter.after ?? null, pageSize + 1];
  const rows = await db.query<{
    id: string;
    user_id: string;
    user_name: string | null;
    course_id: string;
    quiz_id: string;
    extra: number;
    reason: string;
    granted_at: Date;
    granted_by: string | null;
  }>(
    `SELECT g.id::text, g.user_id, u.name AS user_name, g.course_id, g.quiz_id, g.extra, g.reason, g.granted_at,
       admin.name AS granted_by
     FROM attempt_grants g
     LEFT JOIN users u ON u.id = g.user_id
     LEFT JOIN users admin ON admin.id = g.granted_by
     WHERE ($1::text IS NULL OR g.course_id = $1) AND ($2::uuid IS NULL OR g.user_id = $2)
       AND ($3::bigint IS NULL OR g.id < $3::bigint)
       AND ${audienceCondition(audience, 'g.user_id', params)}
     ORDER BY g.id DESC
     LIMIT $4`,
    params,
  );
  const grants = rows.slice(0, pageSize).map((row): AttemptGrant => ({
    id: row.id,
    userId: row.user_id,
    userName: row.user_name ?? '',
    courseId: row.course_id,
    quizId: row.quiz_id,
    extra: row.extra,
    reason: row.reason,
    grantedAt: row.granted_at.toISOString(),
    grantedBy: row.granted_by ?? '',
  }));
  return { grants, next: rows.length > pageSize ? (grants.at(-1)?.id ?? null) : null };
}
