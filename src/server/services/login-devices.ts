import { createHash } from 'node:crypto';
import type { Queryable } from '../db/db';

/**
 * The phones and browsers a person has signed in on. A phone keeps a random key for good and
 * sends it with every login; after a successful login the server remembers (a hash of) it for
 * that account. A later login carrying a remembered key is counted on its own throttle key
 * instead of the NIP's (login.ts), so nobody can keep a person out of their own phone by failing
 * logins for their NIP. Nobody else holds the key: it never leaves the phone but in the login
 * body over HTTPS, and a guesser has 2^122 values (a random UUID) to try.
 */

/** A person uses a phone and a computer or two; older keys are forgotten beyond these. */
export const MAX_DEVICES_PER_ACCOUNT = 5;

/** What is stored and counted of a device's key: never the key itself. */
export const deviceHash = (deviceKey: string): string => createHash('sha256').update(deviceKey).digest('hex');

/** Has the account holding `nip` signed in from this device before (and not been told to forget it since)? */
export async function isKnownDevice(db: Queryable, nip: string, hash: string): Promise<boolean> {
  const rows = await db.query(
    'SELECT 1 FROM login_devices d JOIN users u ON u.id = d.user_id WHERE u.nip = $1 AND d.key_hash = $2',
    [nip, hash],
  );
  return rows.length > 0;
}

/** After a successful login: the device is known to this account, the oldest beyond the cap forgotten. */
export async function rememberDevice(db: Queryable, userId: string, hash: string): Promise<void> {
  await db.query(
    `INSERT INTO login_devices (user_id, key_hash, last_login_at) VALUES ($1, $2, now())
     ON CONFLICT (user_id, key_hash) DO UPDATE SET last_login_at = now()`,
    [userId, hash],
  );
  await db.query(
    `DELETE FROM login_devices WHERE user_id = $1 AND key_hash NOT IN
       (SELECT key_hash FROM login_devices WHERE user_id = $1 ORDER BY last_login_at DESC, key_hash LIMIT $2)`,
    [userId, MAX_DEVICES_PER_ACCOUNT],
  );
}

/**
 * When every session of an account ends (a lost phone, a reset or changed password, a
 * deactivation), its phones are no longer trusted either: a thief holding one would otherwise
 * guess the new password outside the NIP's throttle. The person's next login makes theirs known again.
 */
export async function forgetDevices(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM login_devices WHERE user_id = $1', [userId]);
}
