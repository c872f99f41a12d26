import type { AdminAttemptsPage, AttemptRecord } from '../../shared/protocol';
import type { QuestionResult } from '../../shared/scoring/score';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import type { Write } from '../db/writes';
import { ATTEMPT_OVERFLOW_FACTOR } from './record-budget';

/** A quiz attempt as the server scored it, ready to store. */
export interface ScoredAttempt {
  statementId: string;
  courseId: string;
  courseVersion: string;
  quizId: string;
  kind: AttemptRecord['kind'];
  clientScaled: number | null;
  serverScaled: number;
  /** Null for a pre-test: it has no pass mark. */
  passed: boolean | null;
  flagged: boolean;
  finishedAt: string;
  /** The questions asked, in the order shown, each right or wrong as the server scored it. */
  items: QuestionResult[];
  /** The quiz's own attempt limit (remedial grants come on top: `attemptsWrite`). */
  maxAttempts: number;
}

/**
 * Stores attempts, marking those beyond their quiz's limit (its `maxAttempts` plus the
 * learner's remedial grants), counting the attempts already stored and those before them in
 * this batch (by finishing time): the count is part of the insert, which runs in the ingest
 * transaction under the learner's lock, so two pushes cannot both take the last attempt.
 */
export function attemptsWrite(userId: string, attempts: readonly ScoredAttempt[]): Write {
  if (attempts.length === 0) return null;
  const inOrder = [...attempts]
    .sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))
    .map((attempt, order) => ({ ...attempt, order }));
  return {
    sql: `INSERT INTO quiz_attempts (statement_id, user_id, course_id, course_version, quiz_id, kind,
       client_scaled, server_scaled, passed, flagged, finished_at, items, over_limit)
     SELECT a."statementId", $1, a."courseId", a."courseVersion", a."quizId", a.kind,
       a."clientScaled", a."serverScaled", a.passed, a.flagged OR a.over_limit, a."finishedAt", a.items,
       a.over_limit
     FROM (
       SELECT r.*, coalesce(u.used, 0) + row_number() OVER (PARTITION BY r."courseId", r."quizId" ORDER BY r."order")
         > r."maxAttempts" + coalesce(g.extra, 0) AS over_limit
       FROM jsonb_to_recordset($2::jsonb) AS r ("statementId" uuid, "courseId" text, "courseVersion" text,
         "quizId" text, kind text, "clientScaled" double precision, "serverScaled" double precision,
         passed boolean, flagged boolean, "finishedAt" timestamptz, items jsonb, "maxAttempts" integer,
         "order" integer)
       -- Grouped, not correlated: the planner ran a correlated count once per attempt of the batch.
       LEFT JOIN (SELECT course_id, quiz_id, count(*) AS used FROM quiz_attempts
         WHERE user_id = $1 GROUP BY course_id, quiz_id) AS u
         ON u.course_id = r."courseId" AND u.quiz_id = r."quizId"
       LEFT JOIN (SELECT course_id, quiz_id, sum(extra) AS extra FROM attempt_grants
         WHERE user_id = $1 GROUP BY course_id, quiz_id) AS g
         ON g.course_id = r."courseId" AND g.quiz_id = r."quizId"
     ) AS a
     ON CONFLICT (statement_id) DO NOTHING`,
    params: [userId, JSON.stringify(inOrder)],
  };
}

/**
 * The new attempts (ids of their score statements) past `ATTEMPT_OVERFLOW_FACTOR` × their quiz's
 * limit (its `maxAttempts` plus the learner's remedial grants), counted like `attemptsWrite`:
 * those stored, then this push's by finishing time. Run under the learner's ingest lock, before
 * the statements are stored; an attempt already stored (a retry) is left to be answered `duplicate`.
 */
export async function attemptsPastOverflow(
  tx: Queryable,
  userId: string,
  attempts: readonly ScoredAttempt[],
  overflowFactor = ATTEMPT_OVERFLOW_FACTOR,
): Promise<Set<string>> {
  const refused = new Set<string>();
  if (attempts.length === 0) return refused;
  const quizKey = (courseId: string, quizId: string) => JSON.stringify([courseId, quizId]);
  const quizzes = new Map(attempts.map((a) => [quizKey(a.courseId, a.quizId), { course: a.courseId, quiz: a.quizId }]));
  // One read for both: the attempts counted per quiz, and which of these attempts are stored already.
  const rows = await tx.query<
    { course: string; quiz: string; used: number; extra: number; stored: null } | { stored: string }
  >(
    `SELECT q.course, q.quiz,
       (SELECT count(*) FROM quiz_attempts a
         WHERE a.user_id = $1 AND a.course_id = q.course AND a.quiz_id = q.quiz)::int AS used,
       (SELECT coalesce(sum(extra), 0) FROM attempt_grants g
         WHERE g.user_id = $1 AND g.course_id = q.course AND g.quiz_id = q.quiz)::int AS extra,
       NULL::uuid AS stored
     FROM jsonb_to_recordset($2::jsonb) AS q (course text, quiz text)
     UNION ALL
     SELECT NULL, NULL, NULL, NULL, id FROM statements
     WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($3::jsonb))`,
    [userId, JSON.stringify([...quizzes.values()]), JSON.stringify(attempts.map((attempt) => attempt.statementId))],
  );
  const counts = rows.flatMap((row) => (row.stored === null ? [row] : []));
  const stored = new Set(rows.flatMap((row) => (row.stored === null ? [] : [row.stored])));
  const taken = new Map(counts.map((row) => [quizKey(row.course, row.quiz), row]));
  for (const attempt of [...attempts].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt))) {
    if (stored.has(attempt.statementId)) continue;
    const count = taken.get(quizKey(attempt.courseId, attempt.quizId));
    if (count === undefined) continue;
    if (count.used >= overflowFactor * (attempt.maxAttempts + count.extra)) refused.add(attempt.statementId);
    else count.used += 1;
  }
  return refused;
}

interface AttemptRow {
  statement_id: string;
  user_id: string;
  course_id: string;
  quiz_id: string;
  kind: AttemptRecord['kind'];
  client_scaled: number | null;
  server_scaled: number;
  passed: boolean | null;
  flagged: boolean;
  over_limit: boolean;
  finished_at: Date;
}

const ATTEMPT_COLUMNS = `a.statement_id, a.user_id, a.course_id, a.quiz_id, a.kind, a.client_scaled,
  a.server_scaled, a.passed, a.flagged, a.over_limit, a.finished_at`;

/** The learner's attempts with the server's scores, oldest first (the order they happened). */
export async function readAttempts(db: Queryable, userId: string): Promise<AttemptRecord[]> {
  const rows = await db.query<AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS} FROM quiz_attempts a WHERE a.user_id = $1 ORDER BY a.finished_at, a.statement_id`,
    [userId],
  );
  return rows.map(toAttemptRecord);
}

/** Attempts per page: a screenful for the admin, and a request a slow office link still finishes. */
export const ADMIN_ATTEMPTS_PAGE = 500;

/**
 * Attempts of the learners an admin manages (`audience`), newest first, optionally for one
 * course and/or one learner, a page at a time. Pages are cut by position (after the attempt
 * `after`), not by offset, so an attempt synced while the admin pages through shifts nothing and
 * none is seen twice.
 */
export async function listAdminAttempts(
  db: Queryable,
  audience: Audience,
  /** Whose results the viewer may decide on (`decidedBy`): marks the attempts they may grant more tries at. */
  decider: Audience,
  filter: { courseId?: string; userId?: string; after?: string },
  pageSize = ADMIN_ATTEMPTS_PAGE,
): Promise<AdminAttemptsPage> {
  const params: unknown[] = [filter.courseId ?? null, filter.userId ?? null, filter.after ?? null, pageSize + 1];
  const rows = await db.query<
    AttemptRow & {
      user_name: string | null;
      nip: string | null;
      unit: string | null;
      grants: { extra: number; reason: string }[];
      decidable: boolean;
    }
  >(
    `SELECT ${ATTEMPT_COLUMNS}, u.name AS user_name, u.nip, u.unit,
       (${audienceCondition(decider, 'a.user_id', params)}) AS decidable,
       COALESCE((SELECT jsonb_agg(jsonb_build_object('extra', g.extra, 'reason', g.reason) ORDER BY g.id)
         FROM attempt_grants g WHERE g.user_id = a.user_id AND g.course_id = a.course_id AND g.quiz_id = a.quiz_id),
         '[]'::jsonb) AS grants
     FROM quiz_attempts a LEFT JOIN users u ON u.id = a.user_id
     WHERE ($1::text IS NULL OR a.course_id = $1) AND ($2::uuid IS NULL OR a.user_id = $2)
       AND ($3::uuid IS NULL OR (a.finished_at, a.statement_id) < (SELECT b.finished_at, b.statement_id
         FROM quiz_attempts b WHERE b.statement_id = $3 AND ${audienceCondition(audience, 'b.user_id', params)}))
       AND ${audienceCondition(audience, 'a.user_id', params)}
     ORDER BY a.finished_at DESC, a.statement_id DESC
     LIMIT $4`,
    params,
  );
  const attempts = rows.slice(0, pageSize).map((row) => ({
    ...toAttemptRecord(row),
    userId: row.user_id,
    // An account deleted after its attempts were recorded: the record stays, unnamed.
    userName: row.user_name ?? '',
    nip: row.nip ?? '',
    unit: row.unit ?? '',
    clientScaled: row.client_scaled,
    grants: row.grants,
    decidable: row.decidable,
  }));
  return { attempts, next: rows.length > pageSize ? (attempts.at(-1)?.id ?? null) : null };
}

function toAttemptRecord(row: AttemptRow): AttemptRecord {
  return {
    id: row.statement_id,
    courseId: row.course_id,
    quizId: row.quiz_id,
    kind: row.kind,
    scaled: row.server_scaled,
    passed: row.passed,
    flagged: row.flagged,
    overLimit: row.over_limit,
    finishedAt: row.finished_at.toISOString(),
  };
}
