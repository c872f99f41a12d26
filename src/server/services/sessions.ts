import type { PersonSession, SessionEndReason } from '../../shared/protocol/people';
import type { Role } from '../../shared/protocol';
import type { Queryable } from '../db/db';
import { forgetDevices } from './login-devices';

/** What a request learns about its session and account, read fresh from the database every time. */
export interface SessionRow {
  userId: string;
  endedAt: Date | null;
  lastSeenAt: Date;
  role: Role;
  nip: string;
  opd: string;
  aktif: boolean;
  mustChangePassword: boolean;
}

/** The browser's User-Agent, shortened to what the sessions table keeps. */
export const DEVICE_MAX = 200;

export async function createSession(
  db: Queryable,
  session: { id: string; userId: string; expiresAt: Date; device: string },
): Promise<void> {
  await db.query('INSERT INTO sessions (id, user_id, expires_at, device) VALUES ($1, $2, $3, $4)', [
    session.id,
    session.userId,
    session.expiresAt.toISOString(),
    session.device.slice(0, DEVICE_MAX),
  ]);
  await db.query('UPDATE users SET last_seen_at = now() WHERE id = $1', [session.userId]);
}

export async function findSession(db: Queryable, sessionId: string): Promise<SessionRow | null> {
  const [row] = await db.query<{
    user_id: string;
    ended_at: Date | null;
    last_seen_at: Date;
    role: Role;
    nip: string;
    opd: string;
    aktif: boolean;
    must_change_password: boolean;
  }>(
    `SELECT s.user_id, s.ended_at, s.last_seen_at, u.role, u.nip, u.opd, u.aktif, u.must_change_password
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
    [sessionId],
  );
  if (row === undefined) return null;
  return {
    userId: row.user_id,
    endedAt: row.ended_at,
    lastSeenAt: row.last_seen_at,
    role: row.role,
    nip: row.nip,
    opd: row.opd,
    aktif: row.aktif,
    mustChangePassword: row.must_change_password,
  };
}

/** Hourly is enough for "last seen", and spares a write on every request. */
export const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;

export async function touchSession(db: Queryable, sessionId: string, userId: string): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [sessionId]);
  await db.query('UPDATE users SET last_seen_at = now() WHERE id = $1', [userId]);
}

export async function endSession(db: Queryable, sessionId: string, reason: SessionEndReason): Promise<void> {
  await db.query('UPDATE sessions SET ended_at = now(), ended_because = $2 WHERE id = $1 AND ended_at IS NULL', [
    sessionId,
    reason,
  ]);
}

/**
 * Ends every open session of an account (but `except`, the caller's own, when given); returns how
 * many. Ending them all (an admin: a lost phone, a reset password, a deactivation) also forgets
 * the account's known devices (login-devices.ts). A person changing their own password keeps them:
 * the phone in their hand is one, and the first login's forced change would otherwise forget it at once.
 */
export async function endSessionsOf(
  db: Queryable,
  userId: string,
  reason: SessionEndReason,
  except?: string,
): Promise<number> {
  if (except === undefined) await forgetDevices(db, userId);
  const ended = await db.query<{ id: string }>(
    `UPDATE sessions SET ended_at = now(), ended_because = $2
     WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() AND ($3::uuid IS NULL OR id <> $3)
     RETURNING id`,
    [userId, reason, except ?? null],
  );
  return ended.length;
}

/** The newest sessions of one account, for the admin's person view. */
export async function listSessions(db: Queryable, userId: string, limit = 20): Promise<PersonSession[]> {
  const rows = await db.query<{
    id: string;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    ended_at: Date | null;
    ended_because: SessionEndReason | null;
    device: string;
  }>(
    `SELECT id, created_at, last_seen_at, expires_at, ended_at, ended_because, device
     FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
    [userId, limit],
  );
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    endedBecause: row.ended_because,
    device: row.device,
  }));
}
