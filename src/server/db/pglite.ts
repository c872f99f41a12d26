import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/** Embedded PostgreSQL: `dataDir` on disk, or in memory when omitted (tests). */
export async function openPgliteDb(dataDir?: string): Promise<Db> {
  const pglite = await PGlite.create(dataDir);
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
