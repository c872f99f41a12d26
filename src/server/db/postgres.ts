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
  const prepared: Preparing = { allowed: true };
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[],
    exec: async (script) => void (await pool.query(script)),
    transaction: async (fn) => {
      try {
        return await inTransaction(pool, fn, prepared);
      } catch (error) {
        const lost = lostPreparedStatement(error);
        if (lost === undefined) throw error;
        if (lost === 'pooler') {
          prepared.allowed = false;
          console.error(
            'PostgreSQL: a prepared statement went missing between two queries of one connection ' +
              '(a pooler in transaction mode without max_prepared_statements?); ' +
              'this process now sends every query unprepared',
          );
        }
        // Its connection was dropped with the lost statement: the retry prepares afresh, or not at all.
        return inTransaction(pool, fn, prepared);
      }
    },
    close: () => pool.end(),
  };
}

/** Whether this process still asks for prepared statements (see `lostPreparedStatement`). */
interface Preparing {
  allowed: boolean;
}

async function inTransaction<T>(pool: pg.Pool, fn: (tx: Queryable) => Promise<T>, prepared: Preparing): Promise<T> {
  const client = await pool.connect();
  let lost = false;
  try {
    await client.query('BEGIN');
    const result = await fn(clientQueryable(client, prepared));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    lost = lostPreparedStatement(error) !== undefined;
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release(lost);
  }
}

/**
 * Why a statement this connection prepared can no longer be used, if that is the error — in
 * both cases before anything of the transaction was committed, so it is run again on a fresh
 * connection:
 * - `stale`: "cached plan must not change result type" (0A000): another server, in a rolling
 *   upgrade, has migrated a table the statement returns columns of; a fresh connection
 *   prepares it afresh.
 * - `pooler`: the statement does not exist (26000) or already does (42P05) on the database
 *   connection a pooler in transaction mode handed this one (PgBouncer before 1.21, or without
 *   `max_prepared_statements`): preparing cannot work here, so the process stops asking.
 */
function lostPreparedStatement(error: unknown): 'stale' | 'pooler' | undefined {
  if (!(error instanceof pg.DatabaseError)) return undefined;
  if (error.code === '0A000' && /cached plan/.test(error.message)) return 'stale';
  if (error.code === '26000' || error.code === '42P05') return 'pooler';
  return undefined;
}

/** A prepared statement's name: its text's, so one connection never gives a name two texts. */
const preparedName = (sql: string): string => `lentera_${hash('sha1', sql, 'hex')}`;

function clientQueryable(client: pg.PoolClient, prepared: Preparing): Queryable {
  const queryable: Queryable = {
    query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) =>
      (
        await client.query(
          options?.prepare === true && prepared.allowed
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
