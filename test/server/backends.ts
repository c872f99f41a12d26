import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/server/db/db';
import { openPgliteDb } from '../../src/server/db/pglite';
import { openPostgresDb } from '../../src/server/db/postgres';

/** A database engine every server suite runs on: `open()` gives a fresh, empty database. */
export interface Backend {
  name: string;
  open(): Promise<Db>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;

/** In-memory PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const backends: Backend[] = [
  { name: 'PGlite', open: () => openPgliteDb() },
  ...(postgresUrl ? [{ name: 'PostgreSQL', open: () => openIsolatedPostgres(postgresUrl) }] : []),
];

/** A schema of its own, dropped on close, so parallel test files (and benchmarks) share one database without meeting. */
export async function openIsolatedPostgres(url: string): Promise<Db> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openPostgresDb(url, schema);
  return {
    ...db,
    close: async () => {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}
