import { hash } from 'node:crypto';
import pg from 'pg';
import type { Db, Queryable, QueryOptions } from './db';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** pg returns int8 as a string by default; PGlite returns a number. Sizes stay far below 2^53. */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? Number
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * PostgreSQL through a pool. `schema` (created if missing) becomes every connection's
 * search_path, which lets tests share one database without seeing each other's tables.
 */
export async function openPostgresDb(connectionString: string, schema?: string): Promise<Db> {
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString,
    types: int8AsNumber,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection that dies (database restart) must not crash the server; the pool replaces it.
  pool.on('error', (error) => console.error('PostgreSQL connection error:', error.message));
  if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    exec: async (script) => void (await pool.query(script)),
    transaction: async (fn) => {
      try {
        return await inTransaction(pool, fn);
      } catch (error) {
        if (!isStalePreparedStatement(error)) throw error;
        // Its connection was discarded with the stale statement: the retry prepares afresh.
        return inTransaction(pool, fn);
      }
    },
    close: () => pool.end(),
  };
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let stale = false;
  try {
    await client.query('BEGIN');
    const result = await fn(clientQueryable(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    stale = isStalePreparedStatement(error);
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release(stale);
  }
}

/**
 * "cached plan must not change result type": a statement prepared on this connection reads a
 * table whose columns another server has since migrated (a rolling upgrade). The statement
 * stays unusable on this connection, so the connection is dropped and the transaction run
 * again once on a fresh one — before anything of it was committed.
 */
function isStalePreparedStatement(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '0A000' && /cached plan/.test(error.message);
}

/** A prepared statement's name: its text's, so one connection never gives a name two texts. */
const preparedName = (sql: string): string => `lentera_${hash('sha1', sql, 'hex')}`;

function clientQueryable(client: pg.PoolClient): Queryable {
  const queryable: Queryable = {
    query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) =>
      (
        await client.query(
          options?.prepare === true
            ? { name: preparedName(sql), text: sql, values: params }
            : { text: sql, values: params },
        )
      ).rows as T[],
    // Without parameters pg uses the simple protocol, which accepts several statements.
    exec: async (script) => void (await client.query(script)),
    transaction: (fn) => fn(queryable),
  };
  return queryable;
}
