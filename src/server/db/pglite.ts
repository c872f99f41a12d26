import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable } from './db';

/**
 * PostgreSQL's default 128 MB of shared buffers is sized for a server whose database is much
 * bigger than its memory; one region's embedded database is tens of MB, and every buffer page
 * once touched stays in the Node process's WebAssembly memory for its whole life.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

/**
 * Embedded PostgreSQL: `dataDir` on disk, or in memory when omitted (tests). `from` is a dumped
 * data directory (`PGlite.dumpDataDir`) to start from instead of running initdb — tests start
 * every file from one migrated dump (test/server/template-db.ts).
 */
export async function openPgliteDb(dataDir?: string, from?: Blob): Promise<Db> {
  if (dataDir !== undefined && from === undefined) await initialiseInChildProcess(dataDir);
  return pgliteDb(
    await PGlite.create(dataDir, {
      postgresqlconf: EMBEDDED_SETTINGS,
      ...(from === undefined ? {} : { loadDataDir: from }),
    }),
  );
}

/**
 * One turn of the event loop before each statement. PGlite runs SQL synchronously on this
 * thread and its promises resolve as microtasks, so a request's chain of queries never let the
 * loop turn; and Node accepts one waiting connection per turn. Under 500 phones the server
 * took in ~8 connections a second while hundreds waited in the kernel's queue, unseen by the
 * admission check that would have answered them 503 at once (issue 15.3).
 */
const turnOfTheLoop = (): Promise<void> => new Promise((turn) => setImmediate(turn));

/** The `Db` seam over an open PGlite; closing it closes the PGlite. */
export function pgliteDb(pglite: PGlite): Db {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      await turnOfTheLoop();
      return (await pglite.query<T>(sql, params)).rows;
    },
    exec: async (script) => {
      await turnOfTheLoop();
      await pglite.exec(script);
    },
    transaction: (fn) => pglite.transaction((tx) => fn(transactionQueryable(tx))),
    close: () => pglite.close(),
  };
}

/**
 * Creating a new data directory runs `initdb`, a second WebAssembly program whose memory
 * (about 500 MB) a process keeps for good once touched — a worker thread did not give it
 * back either. A short-lived child process does it instead, so the server only ever holds the
 * database it serves.
 */
async function initialiseInChildProcess(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const script =
    'import(process.argv[1]).then(({ PGlite }) => PGlite.create(process.argv[2])).then((db) => db.close())';
  const child = spawn(process.execPath, ['-e', script, import.meta.resolve('@electric-sql/pglite'), dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0)
    throw new Error(`Creating the embedded database in ${dataDir} failed (exit code ${code}):\n${errors}`);
}

function transactionQueryable(tx: Transaction): Queryable {
  const queryable: Queryable = {
    query: async <T>(sql: string, params?: unknown[]) => {
      await turnOfTheLoop();
      return (await tx.query<T>(sql, params)).rows;
    },
    exec: async (script) => {
      await turnOfTheLoop();
      await tx.exec(script);
    },
    transaction: (fn) => fn(queryable),
  };
  return queryable;
}
