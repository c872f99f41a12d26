import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import type { Db } from '../../src/server/db/db';
import { migrate } from '../../src/server/db/migrate';
import { openPgliteDb } from '../../src/server/db/pglite';
import { openPostgresDb } from '../../src/server/db/postgres';

/** A database engine every server suite runs on. */
export interface Backend {
  name: string;
  /** A fresh, empty database (no migrations applied). */
  open(): Promise<Db>;
  /** A fresh database with every migration applied: what a server test starts from. */
  openMigrated(): Promise<Db>;
}

const postgresUrl = process.env.TEST_DATABASE_URL;

/** In-memory PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const backends: Backend[] = [
  {
    name: 'PGlite',
    open: async () => openPgliteDb(undefined, await pgliteTemplate('empty')),
    openMigrated: async () => openPgliteDb(undefined, await pgliteTemplate('migrated')),
  },
  ...(postgresUrl
    ? [
        {
          name: 'PostgreSQL',
          open: () => openIsolatedPostgres(postgresUrl),
          // Migrating a new schema on a real server takes well under a second: no template needed.
          openMigrated: async () => {
            const db = await openIsolatedPostgres(postgresUrl);
            await migrate(db);
            return db;
          },
        },
      ]
    : []),
];

/**
 * A dumped data directory built once per run by the globalSetup (test/server/template-db.ts);
 * read once per test file. Loading it skips PGlite's initdb (seconds of CPU) — the reason the
 * suite's hooks fit in their timeouts on a busy machine.
 */
const templates = new Map<'empty' | 'migrated', Promise<Blob>>();
function pgliteTemplate(kind: 'empty' | 'migrated'): Promise<Blob> {
  let template = templates.get(kind);
  if (template === undefined) {
    template = readFile(inject('pgliteTemplates')[kind]).then((bytes) => new Blob([new Uint8Array(bytes)]));
    templates.set(kind, template);
  }
  return template;
}

/**
 * A schema of its own, dropped on close, so parallel test files (and benchmarks) share one database without meeting.
 */
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
