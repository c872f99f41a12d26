import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { ServerConfig } from '../config';
import type { Db } from './db';
import { lockDataDir } from './pglite-lock';
import { openPgliteDb } from './pglite';
import { openPostgresDb } from './postgres';

/**
 * Opens the database the config names, with a description safe to print (no password).
 * `owner` names the process in the embedded database's lock (see pglite-lock.ts).
 */
export async function openConfiguredDb(
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>,
  owner = 'the Lentera server',
): Promise<{ db: Db; description: string }> {
  if (config.databaseUrl !== undefined) {
    return {
      db: await openPostgresDb(config.databaseUrl),
      description: `PostgreSQL ${withoutPassword(config.databaseUrl)}`,
    };
  }
  // PostgreSQL compiled to WebAssembly is a large module: V8 keeps both its baseline (Liftoff)
  // code and, for every hot function, the optimised (TurboFan) code, plus the compiler's own
  // peak — about 60 MiB of the embedded server's memory. Baseline code only keeps `npm start`
  // under 300 MiB (issue 15.8) for some speed (~5-25 % on bulk inserts here); a region that
  // needs more runs PostgreSQL. Must run before the module is compiled (PGlite.create).
  setFlagsFromString('--liftoff-only');
  const dir = join(config.dataDir, 'pglite');
  await mkdir(dir, { recursive: true });
  const unlock = await lockDataDir(config.dataDir, owner);
  const db = await openPgliteDb(dir).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  return {
    db: {
      ...db,
      close: async () => {
        await db.close();
        await unlock();
      },
    },
    description: `embedded PGlite at ${dir}`,
  };
}

export function withoutPassword(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return '(DATABASE_URL is not a URL; not shown)';
  }
}
