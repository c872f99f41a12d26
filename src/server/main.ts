import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import { importBundleDir, type BundleImport } from './services/bundle-dir';
import { listCatalog } from './services/courses';
import { missingStoredFiles } from './services/publishing';
import { configurePasswordHashing } from './auth/password';
import { pruneThrottle } from './services/login-throttle';
import { DEFAULT_RECORD_BUDGET } from './services/record-budget';
import { DEMO_ACCOUNTS, seedDemoAccounts } from './services/seed';
import { importSigningKey } from './services/signing';
import type { BlobStore } from './storage/blob-store';
import { LocalDiskBlobStore } from './storage/local-disk';
import { S3BlobStore } from './storage/s3';
import { countActiveAdmins } from './services/users';

const config = loadConfig();
configurePasswordHashing({ threads: config.passwordThreads });
const { db, description: databaseDescription } = await openConfiguredDb(config);
const applied = await migrate(db);
if (applied.length > 0) console.log(`Migrations applied: ${applied.join(', ')}`);
// Published passwords exist only when the operator asks for a demo.
if (config.demo) await seedDemoAccounts(db);
await pruneThrottle(db);
const THROTTLE_PRUNE_MS = 60 * 60 * 1000;
setInterval(
  () => void pruneThrottle(db).catch((error: unknown) => console.error('Pruning login throttle:', error)),
  THROTTLE_PRUNE_MS,
).unref();

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
// A fresh data folder on a shared database: whatever the bundles folder could not give back
// stops the start here, rather than a 500 on the first quiz result that needs a missing file.
const missingFiles = await missingStoredFiles({ db, blobs });
if (missingFiles.length > 0) {
  console.error(
    [
      `Course files the database lists are missing from ${blobsDescription} (${missingFiles.length}):`,
      ...missingFiles.slice(0, 20).map((line) => `  ${line}`),
      'Every server of a cluster needs the same file storage: set LENTERA_S3_* (object storage), or give this',
      'server the data folder (files/) of the others, or the course bundles in LENTERA_BUNDLES_DIR.',
    ].join('\n'),
  );
  process.exit(1);
}
if (!existsSync(config.staticDir)) {
  // Said in full: `npm run build` alone makes the app, but the sample courses come from `npm run bundle`.
  console.warn(
    `No app at ${config.staticDir}: run \`npm run bundle && npm run build\` (as \`npm start\` does); ` +
      'until then only /api answers.',
  );
}
const courseCount = (await listCatalog(db)).length;
const adminCount = await countActiveAdmins(db);

const app = createApp({ db, blobs, config });
/**
 * The backstop for every route against a client that sends slowly on purpose (the push has its
 * own, tighter deadline: `bodyDeadline`): headers must have arrived within 30 s (a phone sends
 * them in a packet or two), a whole request within 5 minutes — Node's default, kept, since a
 * 2 MiB attachment over a slow 2G link needs most of it. Node answers 408 and closes; it looks
 * every 30 s (`connectionsCheckingInterval`), so a cut comes up to that much later.
 */
const serverOptions = { headersTimeout: 30_000, requestTimeout: 300_000 };
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions }, () => {
  console.log(
    [
      '',
      `  Lentera is running at http://localhost:${config.port}`,
      `  Database: ${databaseDescription}`,
      `  Files: ${blobsDescription}`,
      `  Courses published: ${courseCount}`,
      ...budgetLines(),
      ...accountLines(),
      '',
    ].join('\n'),
  );
});

/** A lifted budget is said at every start: it is meant for a migration or a bench, not to be forgotten. */
function budgetLines(): string[] {
  const statements = config.recordBudget.statements;
  if (statements === DEFAULT_RECORD_BUDGET.statements) return [];
  const lifted = `${statements} per account (LENTERA_DAILY_STATEMENT_BUDGET)`;
  return [`  Daily statement budget: ${lifted}; the default is ${DEFAULT_RECORD_BUDGET.statements}`];
}

/** Demo mode lists its accounts; otherwise a server without an administrator says how to make one. */
function accountLines(): string[] {
  if (config.demo) {
    return [
      '  DEMO MODE (LENTERA_DEMO=1): these accounts have published passwords; never use it for real people.',
      ...Object.values(DEMO_ACCOUNTS).map(
        (account) =>
          `    ${account.name.padEnd(18)} ${account.role.padEnd(9)} NIP ${account.nip}  password ${account.password}`,
      ),
    ];
  }
  if (adminCount > 0) return [`  Administrators: ${adminCount}`];
  return [
    '  No administrator yet. Create the first one (it gets a one-time password to change at first login):',
    '    npm run admin -- create --nip <NIP> --name "<Nama>" --opd "<OPD>"',
  ];
}

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
