import type { User } from '../../shared/protocol';
import { checkLoginPassword, HashQueueFullError, hashPassword, needsRehash } from '../auth/password';
import type { SessionTokens } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { deviceHash, isKnownDevice, rememberDevice } from './login-devices';
import { addressKey, clearKey, knownDeviceKey, nipKey, refundAttempt, reserveAttempt } from './login-throttle';
import { findCredentials } from './users';

export type LoginOutcome =
  | { ok: true; token: string; expiresAt: Date; user: User }
  | { ok: false; code: 'invalid_credentials' | 'account_inactive' }
  | { ok: false; code: 'too_many_attempts'; retryAfterSeconds: number };

/**
 * A login: throttle first (on the NIP's key, or a known device's; a refused attempt costs no
 * hashing), then the same work and, when it fails, the same wait whether or not the NIP has an
 * account, then a server-side session. A hash made with less than today's cost is replaced by one
 * at today's cost while the password is at hand.
 */
export async function logIn(
  { db, tokens }: { db: Queryable; tokens: SessionTokens },
  attempt: { nip: string; password: string; address: string; device: string; deviceKey?: string | undefined },
): Promise<LoginOutcome> {
  const device = attempt.deviceKey === undefined ? null : deviceHash(attempt.deviceKey);
  // A phone this account signed in on is held back by its own failures only, not by the NIP's:
  // anyone can make those, and keep making them (login-throttle.ts).
  const person =
    device !== null && (await isKnownDevice(db, attempt.nip, device))
      ? knownDeviceKey(attempt.nip, device)
      : nipKey(attempt.nip);
  const address = addressKey(attempt.address);
  const reserved = await reserveAttempt(db, [person, address]);
  if (!reserved.allowed) return { ok: false, code: 'too_many_attempts', retryAfterSeconds: reserved.retryAfterSeconds };

  let matches: boolean;
  const found = await findCredentials(db, attempt.nip);
  try {
    matches = await checkLoginPassword(attempt.password, found?.passwordHash ?? null);
  } catch (error) {
    // Not checked (the hashing queue was full): the attempt must not count against anyone.
    await Promise.all([refundAttempt(db, person), refundAttempt(db, address)]);
    throw error;
  }
  if (!matches || found === null || found.passwordHash === null) return { ok: false, code: 'invalid_credentials' };

  await clearKey(db, person);
  await refundAttempt(db, address);
  if (!found.aktif) return { ok: false, code: 'account_inactive' };
  if (device !== null) await rememberDevice(db, found.user.id, device);
  if (needsRehash(found.passwordHash)) await upgradeHash(db, found.user.id, found.passwordHash, attempt.password);
  const { token, expiresAt } = await tokens.issue(found.user.id, { device: attempt.device });
  return { ok: true, token, expiresAt, user: found.user };
}

/**
 * One conditional UPDATE, so it is atomic, and only if nobody changed the password meanwhile.
 * The upgrade is optional: if it fails (a full hashing queue, a dead worker, the database) the
 * correct password still logs in, the old hash still works and is upgraded at a later login.
 */
async function upgradeHash(db: Queryable, userId: string, oldHash: string, password: string): Promise<void> {
  try {
    const newHash = await hashPassword(password);
    await db.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
      userId,
      oldHash,
      newHash,
    ]);
  } catch (error) {
    // A full queue is ordinary load, not worth a line.
    if (error instanceof HashQueueFullError) return;
    console.error(
      'A password hash upgrade failed; the old hash stays:',
      error instanceof Error ? error.message : error,
    );
  }
}
