import type { RecordKind } from '../../shared/records';
import type { Queryable } from '../db/db';
import { reject, type Rejection } from './rejection';

/**
 * What one account may have stored per record kind in 24 hours. Far beyond what a person writes
 * in a day — a learner who was offline for weeks still drains in a day or two — and small enough
 * that a stolen session or a script cannot grow the database, or hold the server's one thread,
 * without bound (500 posts a push took 2 s of server time). Like the upload cap
 * (`DAILY_UPLOAD_FILES`): counted from the rows already stored, under the learner's ingest lock,
 * so two pushes at once cannot both take the last places. A record over it is answered
 * `rejected` with `daily_limit` and is not kept; the phone sends it again a day later.
 */
export const DAILY_RECORD_BUDGET: RecordBudget['records'] = {
  // Posts and replies: a lively discussion is a few a day, not a hundred.
  discussion_post: 100,
  discussion_edit: 100,
  discussion_delete: 100,
  action_plan: 20,
  action_report: 50,
  // An atasan reviews their whole team: a large team in a day.
  behaviour_review: 200,
  akpk_response: 20,
  akpk_review: 200,
  external_learning: 30,
};

/**
 * xAPI statements one account may have stored in 24 hours: a lesson is one, an attempt one per
 * question and one for its score. Five courses done offline over a month are about a thousand.
 */
export const DAILY_STATEMENT_BUDGET = 3000;

/**
 * An attempt past the quiz's limit is kept and flagged (an offline second phone must not lose
 * it); past this many times the limit (remedial included) no honest phone gets there, and the
 * attempt is refused (`too_many_quiz_attempts`).
 */
export const ATTEMPT_OVERFLOW_FACTOR = 3;

/** The limits a server applies; benches replaying months of one learner in seconds lift them. */
export interface RecordBudget {
  records: { readonly [K in RecordKind]: number };
  statements: number;
  attemptOverflowFactor: number;
}

export const DEFAULT_RECORD_BUDGET: RecordBudget = {
  records: DAILY_RECORD_BUDGET,
  statements: DAILY_STATEMENT_BUDGET,
  attemptOverflowFactor: ATTEMPT_OVERFLOW_FACTOR,
};

/** For benches and property tests that replay many phones on one account: counted as always, never refused. */
export const UNLIMITED_RECORD_BUDGET: RecordBudget = {
  records: Object.fromEntries(
    Object.keys(DAILY_RECORD_BUDGET).map((kind) => [kind, Number.POSITIVE_INFINITY]),
  ) as RecordBudget['records'],
  statements: Number.POSITIVE_INFINITY,
  attemptOverflowFactor: Number.POSITIVE_INFINITY,
};

/**
 * The kinds' records the account had stored in the last 24 hours, by kind. Learning done
 * elsewhere is counted where both its ways in store it, `external_learning` (the old
 * `POST /api/me/external-learning` writes no `learner_records` row): one budget for the two.
 */
export async function recordsStoredToday(tx: Queryable, userId: string): Promise<Map<string, number>> {
  const rows = await tx.query<{ kind: string; count: number }>(
    `SELECT kind, count(*)::int AS count FROM learner_records
     WHERE user_id = $1 AND received_at > now() - interval '1 day' AND kind <> 'external_learning' GROUP BY kind
     UNION ALL
     SELECT 'external_learning', count(*)::int FROM external_learning
     WHERE user_id = $1 AND created_at > now() - interval '1 day'`,
    [userId],
  );
  return new Map(rows.map((row) => [row.kind, row.count]));
}

/** Statements the account had stored in the last 24 hours. */
export async function statementsStoredToday(tx: Queryable, userId: string): Promise<number> {
  const [row] = await tx.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM statements WHERE user_id = $1 AND stored_at > now() - interval '1 day'`,
    [userId],
  );
  return row?.count ?? 0;
}

export const overDailyBudget = (what: string, budget: number): Rejection =>
  reject('daily_limit', `This account already sent ${budget} ${what} in the last 24 hours; send it again tomorrow`);
