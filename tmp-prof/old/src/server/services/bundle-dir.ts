import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { BundleLimits } from '../../shared/bundle/limits';
import { BundleError } from '../../shared/bundle/read';
import { checkBundle } from './bundle-check';
import { bundleSize } from '../../shared/schema/bundle';
import {
  findStoredManifest,
  publishVersion,
  storedVersions,
  storeBlobs,
  storeVersion,
  versionProblem,
  type CourseStore,
} from './publishing';

export type BundleImport =
  { file: string; ok: true; result: PublishResult } | { file: string; ok: false; problems: string[] };

/**
 * Uploads and publishes every `*.zip` in `dir` (in name order) that is newer than what is
 * stored for its course; an equal or older version is skipped (`unchanged` / `kept-newer`).
 * A broken bundle is reported and skipped: one bad course must not keep the others, or the
 * server, from starting.
 */
export async function importBundleDir(store: CourseStore, dir: string): Promise<BundleImport[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
  const imports: BundleImport[] = [];
  for (const name of names) {
    try {
      const result = await publishBundle(store, await readFile(join(dir, name)));
      imports.push({ file: name, ok: true, result });
    } catch (error) {
      const problems =
        error instanceof BundleError
          ? error.problems.map((problem) => `${problem.code}: ${problem.message}`)
          : [error instanceof Error ? error.message : String(error)];
      imports.push({ file: name, ok: false, problems });
    }
  }
  return imports;
}

/**
 * - `published`: stored and now the one the catalog offers.
 * - `unchanged`: this exact id + version was already stored; nothing was written (and the
 *   catalog keeps whatever an admin chose: an unpublished course stays unpublished).
 * - `kept-newer`: a newer version is already stored; this one was skipped, nothing was written.
 */
export type PublishOutcome = 'published' | 'unchanged' | 'kept-newer';

export interface PublishResult {
  id: string;
  version: string;
  size: number;
  outcome: PublishOutcome;
}

/** A stored version is immutable: phones cache by version and must never see it change. */
export class CourseVersionConflictError extends Error {
  constructor(id: string, version: string) {
    super(`${id} ${version} is already stored with different content; give the changed bundle a new version`);
  }
}

/**
 * Uploads and publishes a bundle when it is newer than every stored version of its course;
 * skips it quietly when it is not. For `build/bundles` at start-up and tests; admins use
 * `uploadBundle` + `publishVersion`, where an old version is an error they should see.
 */
export async function publishBundle(
  store: CourseStore,
  zip: Uint8Array,
  options: { uploadedBy?: string | null; limits?: Partial<BundleLimits> } = {},
): Promise<PublishResult> {
  const bundle = await checkBundle(zip, options.limits);
  const { manifest } = bundle;
  const result = { id: manifest.id, version: manifest.version, size: bundleSize(manifest) };
  const stored = await findStoredManifest(store.db, manifest.id, manifest.version);
  if (stored !== null) {
    if (!isDeepStrictEqual(stored, manifest)) throw new CourseVersionConflictError(manifest.id, manifest.version);
    // The database knows this version, but this server's storage may not hold its files (a
    // fresh data folder on a shared database): put back whatever is missing.
    await storeBlobs(store.blobs, bundle);
    return { ...result, outcome: 'unchanged' };
  }
  if (versionProblem(await storedVersions(store.db, manifest.id), manifest.version) !== null)
    return { ...result, outcome: 'kept-newer' };
  try {
    await storeVersion(store, bundle, options.uploadedBy ?? null);
  } catch (error) {
    // Another server stored this course at the same moment; its outcome is as good as ours.
    if (error instanceof BundleError)
      return { ...result, outcome: error.code === 'version_exists' ? 'unchanged' : 'kept-newer' };
    throw error;
  }
  await publishVersion(store.db, manifest.id, manifest.version, options.uploadedBy ?? null);
  return { ...result, outcome: 'published' };
}
