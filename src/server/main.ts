import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import { importBundleDir, type BundleImport } from './services/bundle-dir';
import { listCatalog } from './services/courses';
import { DEMO_ACCOUNTS, seedDemoAccounts } from './services/seed';
import { importSigningKey } from './services/signing';
import type { BlobStore } from './storage/blob-store';
import { LocalDiskBlobStore } from './storage/local-disk';
import { S3BlobStore } from './storage/s3';

const config = loadConfig();
const { db, description: databaseDescription } = await openConfiguredDb(config);
const applied = await migrate(db);
if (applied.length > 0) console.log(`Migrations applied: ${applied.join(', ')}`);
await seedDemoAccounts(db);

// A bad LENTERA_SIGNING_KEY stops the start here, not at the first login.
if (config.signingKey !== undefined) await importSigningKey(config.signingKey);
const filesDir = join(config.dataDir, 'files');
const blobs: BlobStore = config.s3 ? new S3BlobStore(config.s3) : new LocalDiskBlobStore(filesDir);
const blobsDescription = blobs instanceof S3BlobStore ? blobs.describe() : `local disk at ${filesDir}`;
if (existsSync(config.bundlesDir)) {
  (await importBundleDir({ db, blobs }, config.bundlesDir)).forEach(logImport);
} else {
  console.warn(`No bundles folder at ${config.bundlesDir}: run \`npm run bundle\` to build the courses.`);
}
if (!existsSync(config.staticDir)) {
  console.warn(`No app at ${config.staticDir}: run \`npm run build\`; until then only /api answers.`);
}
const courseCount = (await listCatalog(db)).length;

const app = createApp({ db, blobs, config });
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
  const { admin, learner } = DEMO_ACCOUNTS;
  console.log(
    [
      '',
      `  Lentera is running at http://localhost:${config.port}`,
      `  Database: ${databaseDescription}`,
      `  Files: ${blobsDescription}`,
      `  Courses published: ${courseCount}`,
      `  Demo admin:   NIP ${admin.nip}  password ${admin.password}`,
      `  Demo learner: NIP ${learner.nip}  password ${learner.password}`,
      '',
    ].join('\n'),
  );
});

let stopping = false;
async function shutDown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutDown('SIGINT'));
process.on('SIGTERM', () => void shutDown('SIGTERM'));

function logImport(entry: BundleImport): void {
  if (!entry.ok) {
    console.error(`Bundle ${entry.file} skipped:\n  - ${entry.problems.join('\n  - ')}`);
    return;
  }
  const { id, version, size, outcome } = entry.result;
  // An equal or older version than the one stored is skipped quietly: that is every restart.
  if (outcome !== 'published') return;
  console.log(`Bundle ${entry.file}: ${id} ${version} (${(size / 1024).toFixed(1)} KiB) ${outcome}`);
}
