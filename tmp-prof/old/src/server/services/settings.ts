import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/db';

const TOKEN_SECRET = 'token_secret';

/**
 * The token signing secret, generated on first start and kept in the database, so tokens
 * survive restarts and every server process sharing the database accepts them.
 */
export async function loadTokenSecret(db: Queryable): Promise<string> {
  // Insert-if-absent then read: two servers starting together still agree on one secret.
  await db.query('INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    TOKEN_SECRET,
    randomBytes(32).toString('base64url'),
  ]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [TOKEN_SECRET]);
  if (row === undefined) throw new Error('The token secret vanished right after it was stored');
  return row.value;
}
