import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/**
 * Embedded PostgreSQL: `dataDir` on disk, or in memory when omitted (tests). `from` is a dumped
 * data directory (`PGlite.dumpDataDir`) to start from instead of running initdb — tests start
 * every file from one migrated dump (test/server/template-db.ts).
 */
export async function openPgliteDb(dataDir?: string, from?: Blob): Promise<Db> {
  return pgliteDb(await PGlite.create(dataDir, from === undefined ? {} : { loadDataDir: from }));
}

/** The `Db` seam over an open PGlite; closing it closes the PGlite. */
export function pgliteDb(pglite: PGlite): Db {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    exec: async (script) => void (await pglite.exec(script)),
    transaction: (fn) => pglite.transaction((tx) => fn(transactionQueryable(tx))),
    close: () => pglite.close(),
  };
}

function transactionQueryable(tx: Transaction): Queryable {
  const queryable: Queryable = {
    query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
    exec: async (script) => void (await tx.exec(script)),
    transaction: (fn) => fn(queryable),
  };
  return queryable;
}
