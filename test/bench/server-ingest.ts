/**
 * Server ingest throughput: batches of 500 valid statements POSTed to /api/sync through
 * `app.request()` (in-process, no socket), so the figure is the server's own work: JSON,
 * validation, hashing, re-scoring and the database. In-memory PGlite always; PostgreSQL too
 * when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a fresh schema, dropped after).
 *
 * Beside it, the database's own ceiling (issue 15.1): after each batch, the very rows it
 * wrote (statements, attempts, ratings, comments) are written again into a second, empty
 * database of the same engine by plain multi-row `INSERT … ON CONFLICT DO NOTHING`, one
 * transaction per batch. Interleaved batch by batch, so a change in the machine's load hits
 * both alike. Target: ingest ≥ 0.7 × that ceiling on each engine.
 *
 * Run alone: `npx tsx test/bench/server-ingest.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../../src/server/app';
import { UNLIMITED_RECORD_BUDGET } from '../../src/server/services/record-budget';
import { withSortedKeys } from '../../src/shared/canonical-json';
import type { Db } from '../../src/server/db/db';
import { migrate } from '../../src/server/db/migrate';
import { openPgliteDb } from '../../src/server/db/pglite';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { seedDemoAccounts } from '../../src/server/services/seed';
import { LocalDiskBlobStore } from '../../src/server/storage/local-disk';
import type { SyncPushResponse } from '../../src/shared/protocol';
import type { Statement } from '../../src/shared/xapi/statement';
import { buildBundle, FIXTURE_ANSWERS } from '../fixtures/bundles';
import { openIsolatedPostgres } from '../server/backends';
import { bearer, inUseSince, login } from '../server/harness';
import { learnerRecords } from '../server/sync-kit';
import { judge, machineState } from './machine';

export interface IngestBenchResult {
  backend: string;
  batches: number;
  statementsPerSecond: number;
  msPerBatch: number;
  p95MsPerBatch: number;
  /** The same rows as plain multi-row inserts, statements per second. */
  rawInsertPerSecond: number;
  ratio: number;
  target: string;
  met: string;
  machine: string;
}

/** Issue 15.1: the server's ingest reaches this share of the database's raw-insert speed. */
export const INGEST_RATIO_TARGET = 0.7;

/**
 * The tables an ingest of these batches writes per statement, and the key each is unique on.
 * Ratings and comments are also unique per learner, course and lesson (one current evaluation,
 * migration 117): a batch leaves its latest evaluation's rows, and those are what the ceiling
 * writes again, into the same keys.
 */
const WRITTEN_TABLES = [
  { table: 'statements', key: 'id' },
  { table: 'quiz_attempts', key: 'statement_id' },
  { table: 'feedback_ratings', key: 'statement_id' },
  { table: 'feedback_comments', key: 'statement_id' },
] as const;

const BATCH_SIZE = 500;
/** Batches before timing starts: JIT, the content cache and the database's plans warm up. */
const WARM_UP_BATCHES = 2;
/** Timed whatever the deadline: on a saturated machine the warm-up alone can outlast it. */
const MIN_TIMED_BATCHES = 5;

export async function benchServerIngest({ secondsPerBackend = 3, maxBatches = 200 } = {}): Promise<
  IngestBenchResult[]
> {
  const results = [await benchOn('PGlite (in-memory)', () => openPgliteDb(), secondsPerBackend, maxBatches)];
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (postgresUrl)
    results.push(await benchOn('PostgreSQL', () => openIsolatedPostgres(postgresUrl), secondsPerBackend, maxBatches));
  return results;
}

export async function benchOn(
  backend: string,
  open: () => Promise<Db>,
  seconds: number,
  maxBatches: number,
): Promise<IngestBenchResult> {
  const db = await open();
  const ceiling = await open();
  const dir = await mkdtemp(join(tmpdir(), 'lentera-bench-ingest-'));
  try {
    await migrate(db);
    await migrate(ceiling);
    await seedDemoAccounts(db);
    const blobs = new LocalDiskBlobStore(join(dir, 'files'));
    const app = createApp({
      db,
      blobs,
      config: {
        staticDir: join(dir, 'dist'),
        tokenTtlDays: 1,
        // One learner replays months of work in seconds: counted as always, refused never.
        recordBudget: UNLIMITED_RECORD_BUDGET,
      },
    });
    const bundle = buildBundle({ id: 'bench-course', preTest: true });
    await publishBundle({ db, blobs }, bundle.zip);
    // The batches are dated from January 2026 on: a learner and a course older than that.
    await inUseSince(db);
    const { token, user } = await login(app, 'learner');
    const records = learnerRecords(user, bundle);

    const timings: number[] = [];
    const rawTimings: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    const more = (batch: number): boolean =>
      batch < WARM_UP_BATCHES + MIN_TIMED_BATCHES ||
      (batch < WARM_UP_BATCHES + maxBatches && performance.now() < deadline);
    for (let batch = 0; more(batch); batch++) {
      // Built outside the timed part: the phone's work, not the server's.
      const statements = realisticBatch(records, batch);
      const body = JSON.stringify({ statements, progress: [] });
      const started = performance.now();
      const response = await app.request('/api/sync', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body,
      });
      const elapsed = performance.now() - started;
      const { results } = (await response.json()) as SyncPushResponse;
      const notStored = results.filter((result) => result.status !== 'stored');
      if (response.status !== 200 || notStored.length > 0)
        throw new Error(`bench batch not stored: ${response.status} ${JSON.stringify(notStored[0])}`);
      const written = await rowsWritten(
        db,
        statements.map((statement) => statement.id),
      );
      const rawStarted = performance.now();
      await insertRaw(ceiling, written);
      const rawElapsed = performance.now() - rawStarted;
      if (batch >= WARM_UP_BATCHES) {
        timings.push(elapsed);
        rawTimings.push(rawElapsed);
      }
    }

    const totalMs = timings.reduce((sum, ms) => sum + ms, 0);
    const rawMs = rawTimings.reduce((sum, ms) => sum + ms, 0);
    const sorted = [...timings].sort((a, b) => a - b);
    const ratio = rawMs / totalMs;
    return {
      backend,
      batches: timings.length,
      statementsPerSecond: Math.round((timings.length * BATCH_SIZE) / (totalMs / 1000)),
      msPerBatch: Math.round((totalMs / timings.length) * 10) / 10,
      p95MsPerBatch: Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10,
      rawInsertPerSecond: Math.round((rawTimings.length * BATCH_SIZE) / (rawMs / 1000)),
      ratio: Math.round(ratio * 100) / 100,
      target: `≥ ${INGEST_RATIO_TARGET}`,
      met: judge(
        `ingest on ${backend} ÷ raw inserts`,
        ratio.toFixed(2),
        `≥ ${INGEST_RATIO_TARGET}`,
        ratio >= INGEST_RATIO_TARGET,
      ),
      machine: machineState(),
    };
  } finally {
    await db.close();
    await ceiling.close();
    await rm(dir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;

/** What the ingest stored for these statements, table by table, read back as rows. */
async function rowsWritten(db: Db, statementIds: readonly string[]): Promise<{ table: string; rows: Row[] }[]> {
  // An array literal, so the lookup is by the primary key's index, not a scan.
  const ids = `{${statementIds.map((id) => id.toLowerCase()).join(',')}}`;
  return Promise.all(
    WRITTEN_TABLES.map(async ({ table, key }) => ({
      table,
      rows: await db.query<Row>(`SELECT * FROM ${table} WHERE ${key} = ANY($1::uuid[])`, [ids]),
    })),
  );
}

/** The ceiling: the rows as plain multi-row `INSERT … VALUES … ON CONFLICT DO NOTHING`, one transaction. */
async function insertRaw(db: Db, tables: readonly { table: string; rows: Row[] }[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const { table, rows } of tables) {
      const [first] = rows;
      if (first === undefined) continue;
      const columns = Object.keys(first);
      const params: unknown[] = [];
      const tuples = rows.map(
        (row) => `(${columns.map((column) => `$${params.push(asParameter(row[column]))}`).join(', ')})`,
      );
      await tx.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
        params,
      );
    }
  });
}

/** A value read back, as a parameter both drivers send the same way: jsonb as its text, times as ISO. */
function asParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

/**
 * 500 statements as a learner's phone produces them: quiz attempts (each answer plus a
 * passed/failed the server re-scores), lessons studied and course evaluations, with their
 * keys in canonical order as the phone queues them (`queueStatements`).
 */
function realisticBatch(records: ReturnType<typeof learnerRecords>, batch: number): Statement[] {
  const statements: Statement[] = [];
  for (let round = 0; statements.length < BATCH_SIZE; round++) {
    const at = new Date(Date.UTC(2026, 0, 1) + (batch * 1000 + round) * 60_000);
    statements.push(
      ...records.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at }),
      records.experienced('pengantar', at),
      records.experienced('nilai-dasar', at),
      ...records.attempt('post-test', round % 3 === 0 ? FIXTURE_ANSWERS.wrong : FIXTURE_ANSWERS.right, { at }),
      ...records.feedback(
        { relevance: 4, difficulty: 3, clarity: 5, usefulness: 4 },
        round % 2 === 0 ? 'Materinya membantu pekerjaan saya.' : '',
        { at },
      ),
    );
  }
  return statements.slice(0, BATCH_SIZE).map(withSortedKeys);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`Machine: ${machineState()}, Node ${process.version}`);
  console.table(await benchServerIngest());
}
