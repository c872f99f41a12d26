/**
 * Roster import: a 20,000-row CSV (60 OPDs, every row with an atasan) POSTed to
 * /api/admin/roster in-process — first import (all created), then the same file again (all
 * unchanged). In-memory PGlite always; PostgreSQL too when BENCH_DATABASE_URL or
 * TEST_DATABASE_URL is set. Target (issue 10.2): under 10 s on PostgreSQL.
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
import { bearer, login } from '../server/harness';

export interface RosterBenchResult {
  backend: string;
  rows: number;
  firstImportSeconds: number;
  reimportSeconds: number;
  created: number;
  unchanged: number;
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

async function benchOn(backend: string, open: () => Promise<Db>, rows: number): Promise<RosterBenchResult> {
  return withAdminApp(open, async (app, token) => {
    const body = syntheticRoster(rows);
    const send = async (): Promise<[number, RosterImportResult]> => {
      const started = performance.now();
      const response = await app.request('/api/admin/roster', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'text/csv' },
        body,
      });
      if (response.status !== 200) throw new Error(`import answered ${response.status}: ${await response.text()}`);
      const result = (await response.json()) as RosterImportResult;
      return [(performance.now() - started) / 1000, result];
    };
    const [first, created] = await send();
    const [again, unchanged] = await send();
    if (created.rejected.length > 0) throw new Error(`rows rejected: ${JSON.stringify(created.rejected.slice(0, 3))}`);
    return {
      backend,
      rows,
      firstImportSeconds: Math.round(first * 100) / 100,
      reimportSeconds: Math.round(again * 100) / 100,
      created: created.created,
      unchanged: unchanged.unchanged,
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await benchRosterImport());
