import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { loadMigrations, migrate } from '../../src/server/db/migrate';
import { pgliteDb } from '../../src/server/db/pglite';

/**
 * vitest globalSetup: builds the embedded databases every server test file starts from, ONCE.
 *
 * Starting PGlite from nothing runs initdb inside WebAssembly — 2–3 s of a core each time, which
 * made every server file pay it in `beforeAll` (and exceed hook timeouts on a busy machine).
 * Loading a dumped data directory takes a fraction of that. Two dumps: a freshly initialised
 * database (`backend.open()`: empty) and one with every migration applied (`openMigrated()`).
 * They are cached on disk keyed by the PGlite version and the migration files, so a second run —
 * or one test file run alone — does not rebuild them; a changed migration makes a new key.
 */
export interface PgliteTemplates {
  /** Path of a tarball of a freshly initialised, empty data directory. */
  empty: string;
  /** Path of a tarball of a data directory with every migration applied. */
  migrated: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplates: PgliteTemplates;
  }
}

const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/lentera-test-db/', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  project.provide('pgliteTemplates', await buildPgliteTemplates());
}

export async function buildPgliteTemplates(): Promise<PgliteTemplates> {
  const key = await templateKey();
  const templates = { empty: join(CACHE_DIR, `empty-${key}.tar`), migrated: join(CACHE_DIR, `migrated-${key}.tar`) };
  if ((await exists(templates.empty)) && (await exists(templates.migrated))) return templates;
  await mkdir(CACHE_DIR, { recursive: true });
  const pglite = await PGlite.create();
  await writeAtomically(templates.empty, await pglite.dumpDataDir('none'));
  await pglite.close();
  const migrated = await PGlite.create({ loadDataDir: await openAsBlob(templates.empty) });
  await migrate(pgliteDb(migrated));
  await writeAtomically(templates.migrated, await migrated.dumpDataDir('none'));
  await migrated.close();
  return templates;
}

async function templateKey(): Promise<string> {
  const hash = createHash('sha256');
  // The package's own package.json (not exported): its version decides the data directory format.
  const pgliteEntry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(await readFile(join(dirname(pgliteEntry), '..', 'package.json')));
  for (const migration of await loadMigrations()) hash.update(`\0${migration.name}\0${migration.sql}`);
  return hash.digest('hex').slice(0, 16);
}

/** Parallel runs (several worktrees, watch mode) may build the same key: the rename makes each write whole. */
async function writeAtomically(path: string, data: Blob | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data);
  await rename(temporary, path);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
