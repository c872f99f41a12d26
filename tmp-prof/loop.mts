import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { createApp } from '/work/wt/ingest/src/server/app';
import { migrate } from '/work/wt/ingest/src/server/db/migrate';
import { openPgliteDb } from '/work/wt/ingest/src/server/db/pglite';
import { openIsolatedPostgres } from '/work/wt/ingest/test/server/backends';
import { publishBundle } from '/work/wt/ingest/src/server/services/bundle-dir';
import { seedDemoAccounts } from '/work/wt/ingest/src/server/services/seed';
import { LocalDiskBlobStore } from '/work/wt/ingest/src/server/storage/local-disk';
import { buildBundle, FIXTURE_ANSWERS } from '/work/wt/ingest/test/fixtures/bundles';
import { bearer, login } from '/work/wt/ingest/test/server/harness';
import { learnerRecords } from '/work/wt/ingest/test/server/sync-kit';
const which = process.argv[2] ?? 'pglite';
const db = which === 'pg' ? await openIsolatedPostgres('postgres://postgres@127.0.0.1:5432/test') : await openPgliteDb();
const dir = await mkdtemp(join(tmpdir(), 'prof-'));
await migrate(db); await seedDemoAccounts(db);
const blobs = new LocalDiskBlobStore(join(dir, 'files'));
const app = createApp({ db, blobs, config: { staticDir: join(dir, 'dist'), tokenTtlDays: 1 } });
const bundle = buildBundle({ id: 'bench-course', preTest: true });
await publishBundle({ db, blobs }, bundle.zip);
const { token, user } = await login(app, 'learner');
const records = learnerRecords(user, bundle);
function batchOf(b: number) { const s: any[] = []; for (let r = 0; s.length < 500; r++) { const at = new Date(Date.UTC(2026,0,1) + (b*1000+r)*60000);
  s.push(...records.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at }), records.experienced('pengantar', at), records.experienced('nilai-dasar', at), ...records.attempt('post-test', r%3===0?FIXTURE_ANSWERS.wrong:FIXTURE_ANSWERS.right, { at }), ...records.feedback({ relevance: 4, difficulty: 3, clarity: 5, usefulness: 4 }, r%2===0?'Materinya membantu pekerjaan saya.':'', { at })); }
  return JSON.stringify({ statements: s.slice(0, 500), progress: [] }); }
const N = Number(process.argv[3] ?? 30);
const bodies = Array.from({ length: N + 3 }, (_, i) => batchOf(i));
const post = async (body: string) => { const r = await app.request('/api/sync', { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body }); if (r.status !== 200) throw new Error(String(r.status)); await r.json(); };
for (let i = 0; i < 3; i++) await post(bodies[i]!);
const session = new Session(); session.connect();
const prof = process.argv[4] === 'prof';
if (prof) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const t = performance.now(); const c0 = process.cpuUsage(); const r0 = process.resourceUsage();
for (let i = 3; i < N + 3; i++) await post(bodies[i]!);
const ms = (performance.now() - t) / N; const c = process.cpuUsage(c0); console.log('cpu ms per batch user', (c.user/1000/N).toFixed(1), 'sys', (c.system/1000/N).toFixed(1));
if (prof) { const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/ingest-prof/loop.cpuprofile', JSON.stringify(profile)); }
console.log(which, 'ms per batch', ms.toFixed(1));
await db.close();
