import { hash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { StatementConflict } from '../../shared/protocol';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import { DAILY_STATEMENT_BUDGET, statementsStoredToday } from './record-budget';
import type { CheckedStatement } from './statement-check';

/**
 * `foreign_id`: the id is already another learner's statement (answered `rejected`, never a conflict).
 * `daily_limit`: a new statement past the account's `DAILY_STATEMENT_BUDGET`, not stored.
 */
export type StoreOutcome = 'stored' | 'duplicate' | 'conflict' | 'too_many_conflicts' | 'foreign_id' | 'daily_limit';

/**
 * Conflicting versions kept per learner. A phone that resends its records with new content
 * (a bug, or someone farming the admin's list) cannot grow the table, or the admin's page,
 * without bound: past the cap a conflict is answered `rejected` (`too_many_conflicts`) and
 * stays on the phone, in its "perlu perhatian" list.
 */
export const MAX_CONFLICTS_PER_LEARNER = 200;

/** Conflicts per page of the admin's list: each holds two statement bodies of up to 64 KiB (`MAX_STATEMENT_CHARS`). */
export const CONFLICTS_PAGE = 50;

/** A checked statement as it is stored: the body as the phone sent it (its canonical JSON text), and its hash. */
export interface StatementRow {
  id: string;
  verb: string;
  activity_id: string;
  course_id: string;
  body: string;
  body_hash: string;
  timestamp: string;
  duration_ms: number | null;
}

/**
 * Equal hashes mean the same statement, whatever key order the phone's serialiser chose and
 * whatever the case of its UUID (the id is compared case-insensitively everywhere).
 */
export function toStatementRow(checked: CheckedStatement, body: Record<string, unknown>): StatementRow {
  // The phone's ids are lowercase already: its canonical text is then the one hashed.
  const hashed = body.id === checked.id ? checked.json : canonicalJson({ ...body, id: checked.id });
  return {
    id: checked.id,
    verb: checked.verb,
    activity_id: checked.activityId,
    course_id: checked.courseId,
    // The body sent, as the canonical text that was hashed: `json` stores it as it is.
    body: checked.json,
    // One-shot: no Hash object per statement, a third faster over a push of 500.
    body_hash: hash('sha256', hashed, 'hex'),
    timestamp: checked.timestamp,
    duration_ms: checked.studyMs,
  };
}

/**
 * Stores statements by id, exactly once: one multi-row `INSERT … ON CONFLICT (id) DO NOTHING`
 * for the batch, then one read of the ids that were already there. Same hash → `duplicate`
 * (a retry after a lost answer); a different hash → `conflict`, kept aside in
 * `statement_conflicts` (one row per distinct body, so retries do not pile up) and never
 * merged into the original, which stays the record. An id already stored for another learner
 * is `foreign_id`: a conflict row would set that learner's statement before the pusher's admin.
 */
export async function storeStatements(
  tx: Queryable,
  userId: string,
  pushed: readonly StatementRow[],
  dailyBudget = DAILY_STATEMENT_BUDGET,
): Promise<Map<string, StoreOutcome>> {
  const outcomes = new Map<string, StoreOutcome>();
  if (pushed.length === 0) return outcomes;
  const rows = await withinDailyBudget(tx, userId, pushed, outcomes, dailyBudget);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO statements (id, user_id, verb, activity_id, course_id, body, body_hash, timestamp, duration_ms)
     SELECT r.id, $1, r.verb, r.activity_id, r.course_id, r.body, r.body_hash, r.timestamp, r.duration_ms
     FROM json_to_recordset($2::json) AS r (id uuid, verb text, activity_id text, course_id text, body json,
       body_hash text, timestamp timestamptz, duration_ms integer)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [userId, recordset(rows)],
    { prepare: true },
  );
  for (const { id } of inserted) outcomes.set(id, 'stored');

  const known = rows.filter((row) => !outcomes.has(row.id));
  if (known.length === 0) return outcomes;
  const existing = await tx.query<{ id: string; user_id: string; body_hash: string }>(
    `SELECT id, user_id, body_hash FROM statements
     WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(known.map((row) => row.id))],
  );
  const stored = new Map(existing.map((row) => [row.id, row]));
  for (const row of known) {
    const original = stored.get(row.id);
    const outcome =
      original !== undefined && original.user_id !== userId
        ? 'foreign_id'
        : original?.body_hash === row.body_hash
          ? 'duplicate'
          : 'conflict';
    outcomes.set(row.id, outcome);
  }
  const conflicts = await withinConflictCap(
    tx,
    userId,
    known.filter((row) => outcomes.get(row.id) === 'conflict'),
    outcomes,
  );
  if (conflicts.length > 0) {
    await tx.query(
      `INSERT INTO statement_conflicts (statement_id, user_id, body, body_hash)
       SELECT r.id, $1, r.body, r.body_hash FROM json_to_recordset($2::json) AS r (id uuid, body json,
         body_hash text)
       ON CONFLICT (statement_id, body_hash) DO NOTHING`,
      [userId, recordset(conflicts.map(({ id, body, body_hash }) => ({ id, body, body_hash })))],
    );
  }
  return outcomes;
}

/**
 * The rows that may be stored: all of them while the account's statements of the last 24 hours
 * leave room for the push (one index range count); otherwise the ones already stored (retries,
 * answered as before) and new ones in the order the phone wrote them until the budget is
 * spent. The others are marked `daily_limit` in `outcomes`. Under the ingest's per-learner lock.
 */
async function withinDailyBudget(
  tx: Queryable,
  userId: string,
  rows: readonly StatementRow[],
  outcomes: Map<string, StoreOutcome>,
  dailyBudget: number,
): Promise<readonly StatementRow[]> {
  // Unlimited (benches replaying months of one learner): room whatever the count, so none is
  // made; it would read every statement the account stored that day, all of them there.
  if (dailyBudget === Number.POSITIVE_INFINITY) return rows;
  const room = dailyBudget - (await statementsStoredToday(tx, userId));
  if (rows.length <= room) return rows;
  const existing = await tx.query<{ id: string }>(
    `SELECT id FROM statements WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(rows.map((row) => row.id))],
  );
  const known = new Set(existing.map((row) => row.id));
  let left = room;
  return rows.filter((row) => {
    if (known.has(row.id)) return true;
    if (left <= 0) {
      outcomes.set(row.id, 'daily_limit');
      return false;
    }
    left -= 1;
    return true;
  });
}

/**
 * Rows as one JSON array for `json_to_recordset`, each body spliced in as the JSON text it
 * already is rather than serialised again. Joined into one flat string: PGlite reads each
 * parameter character by character, twice, which is slow on a string built of pieces.
 */
function recordset(rows: readonly { body: string }[]): string {
  const parts = ['['];
  for (const { body, ...fields } of rows)
    parts.push(parts.length === 1 ? '' : ',', JSON.stringify(fields).slice(0, -1), ',"body":', body, '}');
  parts.push(']');
  return parts.join('');
}

/**
 * The conflicts that may be kept: those already kept (a retry lands on its row) and new ones
 * while the learner is under the cap; the others are marked `too_many_conflicts` in `outcomes`.
 * Runs under the ingest's per-learner lock, so two pushes cannot both take the last places.
 */
async function withinConflictCap(
  tx: Queryable,
  userId: string,
  conflicts: readonly StatementRow[],
  outcomes: Map<string, StoreOutcome>,
): Promise<StatementRow[]> {
  if (conflicts.length === 0) return [];
  const [kept] = await tx.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM statement_conflicts WHERE user_id = $1',
    [userId],
  );
  const already = await tx.query<{ statement_id: string; body_hash: string }>(
    `SELECT statement_id, body_hash FROM statement_conflicts
     WHERE user_id = $1 AND statement_id IN (SELECT value::uuid FROM jsonb_array_elements_text($2::jsonb))`,
    [userId, JSON.stringify(conflicts.map((row) => row.id))],
  );
  const isKept = new Set(already.map((row) => `${row.statement_id} ${row.body_hash}`));
  let room = MAX_CONFLICTS_PER_LEARNER - (kept?.count ?? 0);
  return conflicts.filter((row) => {
    if (isKept.has(`${row.id} ${row.body_hash}`)) return true;
    if (room <= 0) {
      outcomes.set(row.id, 'too_many_conflicts');
      return false;
    }
    room -= 1;
    return true;
  });
}

/**
 * Conflicts of the learners an admin manages, newest first, each beside the statement it
 * collided with, a page at a time: `after` is the `cursor` of the last conflict of the previous page.
 */
export async function listConflicts(
  db: Queryable,
  audience: Audience,
  after: string | null = null,
  pageSize = CONFLICTS_PAGE,
): Promise<{ conflicts: StatementConflict[]; next: string | null }> {
  const [afterId = null, afterHash = null] = after === null ? [] : after.split(':');
  const params: unknown[] = [afterId, afterHash, pageSize + 1];
  const rows = await db.query<{
    statement_id: string;
    body_hash: string;
    user_id: string;
    received_at: Date;
    stored: unknown;
    received: unknown;
  }>(
    `SELECT c.statement_id, c.body_hash, c.user_id, c.received_at, s.body AS stored, c.body AS received
     FROM statement_conflicts c
       -- Only a learner's own statement: never another's, whatever an older server let in.
       JOIN statements s ON s.id = c.statement_id AND s.user_id = c.user_id
     WHERE ($1::uuid IS NULL OR (c.received_at, c.statement_id, c.body_hash) < (
         SELECT b.received_at, b.statement_id, b.body_hash FROM statement_conflicts b
           WHERE b.statement_id = $1 AND b.body_hash = $2 AND ${audienceCondition(audience, 'b.user_id', params)}))
       AND ${audienceCondition(audience, 'c.user_id', params)}
     ORDER BY c.received_at DESC, c.statement_id DESC, c.body_hash DESC
     LIMIT $3`,
    params,
  );
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    conflicts: page.map((row) => ({
      statementId: row.statement_id,
      cursor: `${row.statement_id}:${row.body_hash}`,
      userId: row.user_id,
      receivedAt: row.received_at.toISOString(),
      stored: row.stored,
      received: row.received,
    })),
    next: rows.length > pageSize && last !== undefined ? `${last.statement_id}:${last.body_hash}` : null,
  };
}
