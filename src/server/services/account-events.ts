import {
  ACCOUNT_EVENTS_PAGE_SIZE,
  type AccountAction,
  type AccountEvent,
  type AccountEventsPage,
  type AccountRef,
} from '../../shared/protocol/people';
import { audienceCondition, audienceOpdCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';

/** Who did what to which account: every admin action on accounts writes one */
export interface NewAccountEvent {
  /** Null: the server's command line (`npm run admin`). */
  actorId: string | null;
  action: AccountAction;
  target: { id: string; nip: string } | null;
  /** The OPD the action concerned, so that OPD's admin reads it. */
  opd: string;
  details?: Record<string, unknown>;
}

export async function recordAccountEvent(db: Queryable, event: NewAccountEvent): Promise<void> {
  await db.query(
    `INSERT INTO account_events (actor_id, action, target_id, target_nip, opd, details)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.actorId,
      event.action,
      event.target?.id ?? null,
      event.target?.nip ?? null,
      event.opd,
      JSON.stringify(event.details ?? {}),
    ],
  );
}

/**
 * Events an audience may read, newest first, a page at a time (cut after the event `after`):
 * those about people in the audience, and for an OPD admin the batch events (no one target)
 * recorded for the OPD.
 */
export async function listAccountEvents(
  db: Queryable,
  audience: Audience,
  filter: { targetId?: string; after?: string },
  pageSize = ACCOUNT_EVENTS_PAGE_SIZE,
): Promise<AccountEventsPage> {
  const params: unknown[] = [filter.targetId ?? null, filter.after ?? null, pageSize + 1];
  // The OPD column only opens events about no one account (a batch): an event about an account
  // outside the audience, such as a fellow OPD admin's password reset, stays the BKPSDM's. A
  // deleted account's events lose their target_id (ON DELETE SET NULL) but keep its NIP: still
  // about one account, so they stay the BKPSDM's too.
  const visible =
    `(${audienceCondition(audience, 'e.target_id', params)} OR ` +
    `(e.target_id IS NULL AND e.target_nip IS NULL AND ${audienceOpdCondition(audience, 'e.opd', params)}))`;
  const rows = await db.query<{
    id: number;
    at: Date;
    action: string;
    opd: string;
    details: unknown;
    actor_id: string | null;
    actor_nip: string | null;
    actor_name: string | null;
    target_id: string | null;
    target_nip: string | null;
    target_name: string | null;
  }>(
    `SELECT e.id, e.at, e.action, e.opd, e.details,
       a.id AS actor_id, a.nip AS actor_nip, a.name AS actor_name,
       e.target_id, e.target_nip, t.name AS target_name
     FROM account_events e
     LEFT JOIN users a ON a.id = e.actor_id
     LEFT JOIN users t ON t.id = e.target_id
     WHERE ($1::uuid IS NULL OR e.target_id = $1) AND ($2::bigint IS NULL OR e.id < $2) AND ${visible}
     ORDER BY e.id DESC
     LIMIT $3`,
    params,
  );
  const events = rows.slice(0, pageSize).map((row): AccountEvent => ({
    id: String(row.id),
    at: row.at.toISOString(),
    actor: ref(row.actor_id, row.actor_nip, row.actor_name),
    action: row.action,
    target:
      row.target_nip === null ? null : { id: row.target_id ?? '', nip: row.target_nip, name: row.target_name ?? '' },
    opd: row.opd,
    details: isRecord(row.details) ? row.details : {},
  }));
  return { events, next: rows.length > pageSize ? (events.at(-1)?.id ?? null) : null };
}

function ref(id: string | null, nip: string | null, name: string | null): AccountRef | null {
  return id === null || nip === null || name === null ? null : { id, nip, name };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
