/**
 * The admin people screen on a 15,000-person roster (issue 10.7): imports the roster bench's
 * synthetic file (60 OPDs) with Indonesian names, marks two thirds as seen at some point in
 * the last 90 days, then times `GET /api/admin/people` in-process for the queries an admin
 * types: first page, a name search, a NIP prefix, one OPD, the activity filters, a rare
 * status and a page deep in the list. Each is the median of a few runs, in milliseconds.
 * In-memory PGlite always; PostgreSQL too when BENCH_DATABASE_URL or TEST_DATABASE_URL is set.
 * Aim: each well under 200 ms.
 *
 * Run alone: `npx tsx test/bench/people-screen.ts`.
 */
import { pathToFileURL } from 'node:url';
import type { Hono } from 'hono';
import type { Db } from '../../src/server/db/db';
import { openPgliteDb } from '../../src/server/db/pglite';
import type { PeoplePage } from '../../src/shared/protocol/people';
import { openIsolatedPostgres } from '../server/backends';
import { bearer } from '../server/harness';
import { syntheticRoster, withAdminApp } from './roster-import';

const PEOPLE = 15_000;
const RUNS = 5;

const FIRST_NAMES = ['Ahmad', 'Siti', 'Budi', 'Dewi', 'Rudi', 'Sri', 'Agus', 'Nur', 'Hendra', 'Rina', 'Joko', 'Wati'];
const FAMILY_NAMES = [
  'Siregar',
  'Lubis',
  'Nasution',
  'Harahap',
  'Simanjuntak',
  'Pane',
  'Hasibuan',
  'Daulay',
  'Rangkuti',
];

/** Names that repeat as real ones do ("Siregar" is one person in nine), numbered so every name is distinct. */
function personName(index: number): string {
  const first = FIRST_NAMES[index % FIRST_NAMES.length] ?? '';
  const family = FAMILY_NAMES[Math.floor(index / FIRST_NAMES.length) % FAMILY_NAMES.length] ?? '';
  return `${first} ${family} ${index}`;
}

/** One row per query, one column per backend (milliseconds). */
export type PeopleScreenRow = { query: string } & Record<string, number | string>;

export async function benchPeopleScreen(people = PEOPLE): Promise<PeopleScreenRow[]> {
  const backends: [string, Map<string, number>][] = [
    ['PGlite (in-memory, ms)', await benchOn(() => openPgliteDb(), people)],
  ];
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (postgresUrl) backends.push(['PostgreSQL (ms)', await benchOn(() => openIsolatedPostgres(postgresUrl), people)]);
  const [, first] = backends[0] ?? [];
  return [...(first?.keys() ?? [])].map((query) => ({
    query,
    ...Object.fromEntries(backends.map(([backend, times]) => [backend, times.get(query) ?? NaN])),
  }));
}

async function benchOn(open: () => Promise<Db>, people: number): Promise<Map<string, number>> {
  return withAdminApp(open, async (app, token, db) => {
    const imported = await app.request('/api/admin/roster', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'text/csv' },
      body: syntheticRoster(people, personName),
    });
    if (imported.status !== 200) throw new Error(`import answered ${imported.status}: ${await imported.text()}`);
    // A third never signed in, the rest were last seen 0–89 days ago (sessions set it to the hour).
    await db.query(
      `UPDATE users SET last_seen_at = date_trunc('hour', now()) - (abs(hashtext(nip)) % 90) * interval '1 day'
       WHERE abs(hashtext(nip)) % 3 <> 0`,
    );
    await db.query('ANALYZE users');
    const [deep] = await db.query<{ id: string }>('SELECT id FROM users ORDER BY name, id OFFSET $1 LIMIT 1', [
      Math.floor(people * 0.7),
    ]);
    const queries: Record<string, string> = {
      'first page': '',
      'name "siregar"': 'q=siregar',
      'name "dewi lubis 1"': 'q=dewi%20lubis%201',
      'NIP prefix 1985': 'q=1985',
      'NIP prefix 12 digits': 'q=198507072010',
      'one OPD': `opd=${encodeURIComponent('Dinas 17')}`,
      'OPD + name': `opd=${encodeURIComponent('Dinas 17')}&q=nasution`,
      'active ≤ 30 days': 'activity=recent',
      'never signed in': 'activity=never',
      'status CPNS (none)': 'status=CPNS',
      'page at 70 %': `after=${deep?.id ?? ''}`,
    };
    const times = new Map<string, number>();
    for (const [label, query] of Object.entries(queries)) times.set(label, await medianMs(app, token, query));
    return times;
  });
}

async function medianMs(app: Hono, token: string, query: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await app.request(`/api/admin/people?${query}`, { headers: bearer(token) });
    if (response.status !== 200) throw new Error(`?${query} answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as PeoplePage;
    times.push(performance.now() - started);
    if (run === 0 && page.people.length === 0 && !query.startsWith('status')) throw new Error(`?${query} found nobody`);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.floor(RUNS / 2)] ?? 0) * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.table(await benchPeopleScreen());
