/**
 * Roster import: a 20,000-row CSV (60 OPDs, every row with an atasan) POSTed to
 * /api/admin/roster in-process — first import (all created), then the same file again (all
 * unchanged). In-memory PGlite always; PostgreSQL too when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set. Target (issue 10.2): under 10 s on PostgreSQL.
 *
 * Beside each import, the longest the event loop was held (`longestStallMs`): what a learner's
 * sync or login waits at most while an admin imports. Run alone, it also imports the largest
 * file allowed (50,000 rows) as CSV and as XLSX: preview, apply (all created), apply again
 * (all unchanged). Aim: no stall over 100 ms.
 *
 * Run alone: `npx tsx test/bench/roster-import.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app';
import type { Db } from '../../src/server/db/db';
import { migrate } from '../../src/server/db/migrate';
import { openPgliteDb } from '../../src/server/db/pglite';
import { seedDemoAccounts } from '../../src/server/services/seed';
import { LocalDiskBlobStore } from '../../src/server/storage/local-disk';
import type { RosterImportResult } from '../../src/shared/protocol/roster-import';
import { openIsolatedPostgres } from '../server/backends';
import { longestStall } from '../server/event-loop';
import { bearer, login } from '../server/harness';
import { line, workbook } from '../fixtures/xlsx';

export interface RosterBenchResult {
  backend: string;
  rows: number;
  firstImportSeconds: number;
  reimportSeconds: number;
  created: number;
  unchanged: number;
  longestStallMs: number;
}

/**
 * `count` distinct valid NIPs: birth dates over 1970–1999, TMT 2000–2020, sequence 001–999.
 * `nameOf` names the row's person (the people-screen bench wants names worth searching).
 */
export function syntheticRoster(count: number, nameOf = (index: number) => `Pegawai ${index}`): string {
  const lines = ['NIP;Nama;Status;Jabatan;Jenis Jabatan;Golongan;Unit Kerja;OPD;NIP Atasan'];
  const nips: string[] = [];
  for (let index = 0; index < count; index++) {
    const year = 1970 + (index % 30);
    const month = String(1 + (Math.floor(index / 30) % 12)).padStart(2, '0');
    const day = String(1 + (Math.floor(index / 360) % 28)).padStart(2, '0');
    const sequence = String(1 + Math.floor(index / 10080)).padStart(3, '0');
    const nip = `${year}${month}${day}${year + 25}0${1 + (index % 9)}${1 + (index % 2)}${sequence}`;
    nips.push(nip);
    const opd = `Dinas ${index % 60}`;
    // The first person of each OPD heads it; everyone else reports to them.
    const atasan = index < 60 ? '' : (nips[index % 60] ?? '');
    lines.push(`${nip};${nameOf(index)};PNS;Pelaksana;Pelaksana;II/c;Bidang ${index % 7};${opd};${atasan}`);
  }
  return lines.join('\r\n');
}

export async function benchRosterImport(rows = 20_000): Promise<RosterBenchResult[]> {
  const results = [await benchOn('PGlite (in-memory)', () => openPgliteDb(), rows)];
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (postgresUrl) results.push(await benchOn('PostgreSQL', () => openIsolatedPostgres(postgresUrl), rows));
  return results;
}

/**
 * A server app in-process on a fresh database (migrated, demo accounts seeded) and the demo
 * admin's token, for `run`; the database and files go afterwards. Shared by the people-screen bench.
 */
export async function withAdminApp<T>(
  open: () => Promise<Db>,
  run: (app: Hono, token: string, db: Db) => Promise<T>,
): Promise<T> {
  const db = await open();
  const dir = await mkdtemp(join(tmpdir(), 'lentera-bench-'));
  try {
    await migrate(db);
    await seedDemoAccounts(db);
    const app = createApp({
      db,
      blobs: new LocalDiskBlobStore(join(dir, 'files')),
      config: { staticDir: join(dir, 'dist'), tokenTtlDays: 1 },
    });
    const { token } = await login(app, 'admin');
    return await run(app, token, db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Sent {
  seconds: number;
  stallMs: number;
  result: RosterImportResult;
}

/** POSTs `body` as the roster file and times it, with the longest event-loop stall meanwhile. */
async function sendRoster(
  app: Hono,
  token: string,
  body: string | Uint8Array,
  { dryRun = false, contentType = 'text/csv' } = {},
): Promise<Sent> {
  let result: RosterImportResult | undefined;
  const started = performance.now();
  const stallMs = await longestStall(async () => {
    const response = await app.request(`/api/admin/roster${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': contentType },
      body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
    });
    if (response.status !== 200) throw new Error(`import answered ${response.status}: ${await response.text()}`);
    result = (await response.json()) as RosterImportResult;
  });
  if (result === undefined) throw new Error('no answer');
  if (result.rejected.length > 0) throw new Error(`rows rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
  return { seconds: (performance.now() - started) / 1000, stallMs, result };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function benchOn(backend: string, open: () => Promise<Db>, rows: number): Promise<RosterBenchResult> {
  return withAdminApp(open, async (app, token) => {
    const body = syntheticRoster(rows);
    const first = await sendRoster(app, token, body);
    const again = await sendRoster(app, token, body);
    return {
      backend,
      rows,
      firstImportSeconds: round(first.seconds),
      reimportSeconds: round(again.seconds),
      created: first.result.created,
      unchanged: again.result.unchanged,
      longestStallMs: Math.round(Math.max(first.stallMs, again.stallMs)),
    };
  });
}

/** The CSV's rows as a workbook of inline strings (`test/fixtures/xlsx.ts`), as a SIMPEG export writes them. */
export function csvAsXlsx(csv: string): Uint8Array {
  return workbook(
    csv
      .split('\r\n')
      .map((record, index) => line(index + 1, record.split(';')))
      .join(''),
  );
}

export interface RosterStallResult {
  backend: string;
  file: string;
  step: string;
  seconds: number;
  longestStallMs: number;
}

/** The largest roster allowed, CSV and XLSX, each on a fresh database: preview, apply, apply again. */
export async function benchImportStalls(rows = 50_000, progress = false): Promise<RosterStallResult[]> {
  const backends: [string, () => Promise<Db>][] = [['PGlite (in-memory)', () => openPgliteDb()]];
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (postgresUrl) backends.push(['PostgreSQL', () => openIsolatedPostgres(postgresUrl)]);
  const csv = syntheticRoster(rows);
  const files: [string, string | Uint8Array, string][] = [
    [`CSV ${rows.toLocaleString('en')} rows`, csv, 'text/csv'],
    [`XLSX ${rows.toLocaleString('en')} rows`, csvAsXlsx(csv), XLSX_TYPE],
  ];
  const results: RosterStallResult[] = [];
  for (const [backend, open] of backends)
    for (const [file, body, contentType] of files)
      await withAdminApp(open, async (app, token) => {
        const steps: [string, boolean][] = [
          ['preview', true],
          ['apply (all created)', false],
          ['apply again (all unchanged)', false],
        ];
        for (const [step, dryRun] of steps) {
          const sent = await sendRoster(app, token, body, { dryRun, contentType });
          const result = {
            backend,
            file,
            step,
            seconds: round(sent.seconds),
            longestStallMs: Math.round(sent.stallMs),
          };
          // As it comes: the whole set takes minutes on a busy machine.
          if (progress) console.log(result);
          results.push(result);
        }
      });
  return results;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await benchRosterImport());
  console.table(await benchImportStalls(50_000, true));
}
