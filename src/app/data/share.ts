import { zipSync } from 'fflate';
import { BundleError, readBundle } from '../../shared/bundle/read';
import { verifyManifestSignature } from '../../shared/bundle/signature';
import { compareVersions } from '../../shared/bundle/version';
import { dictionary } from '../../shared/dictionary';
import { canonicalJson } from '../../shared/canonical-json';
import { SIGNATURE_PATH } from '../../shared/protocol/bundles';
import { bundleSize } from '../../shared/schema/bundle';
import type { LenteraDb, StoredCourse } from './db';
import { ImportError, isQuotaError, StorageFullError } from './errors';
import { pruneFiles } from './storage';

/**
 * Sharing a course without internet: one phone saves a downloaded course as a file (sent
 * over WhatsApp, Bluetooth, a USB stick), another imports it offline. Trust does not come
 * from the channel but from the server's Ed25519 signature over the manifest, checked with
 * the key the phone received at login; the manifest in turn pins every file's sha256.
 */
export async function exportCourseFile(db: LenteraDb, courseId: string): Promise<File> {
  const course = await db.courses.get(courseId);
  if (!course) throw new Error(`${courseId} is not on this phone`);
  if (!course.signature) throw new ImportError('unsigned');
  const entries = dictionary<Uint8Array>([
    ['manifest.json', new TextEncoder().encode(canonicalJson(course.manifest))],
    [SIGNATURE_PATH, new TextEncoder().encode(course.signature)],
  ]);
  for (const file of course.manifest.files) {
    const stored = await db.files.get(file.sha256);
    if (!stored) throw new Error(`${file.path} is missing from this phone`);
    entries[file.path] = new Uint8Array(await stored.blob.arrayBuffer());
  }
  const zip = zipSync(entries, { level: 6 });
  return new File([zip], `${course.id}-${course.version}.lentera.zip`, { type: 'application/zip' });
}

/**
 * Imports a shared course file, all or nothing: the previous version stays until the new one is verified and stored.
 */
export async function importCourseFile(
  db: LenteraDb,
  bytes: Uint8Array,
  signingKey: string | null,
): Promise<StoredCourse> {
  if (!signingKey) throw new ImportError('no_key');
  let bundle: Awaited<ReturnType<typeof readBundle>>;
  try {
    bundle = await readBundle(bytes);
  } catch (error) {
    if (error instanceof BundleError)
      throw new ImportError(
        'invalid_bundle',
        error.problems.map((problem) => `${problem.code}: ${problem.message}`),
      );
    throw error;
  }
  const { signature } = bundle;
  if (!signature) throw new ImportError('unsigned');
  if (!(await verifyManifestSignature(bundle.manifest, signature, signingKey))) throw new ImportError('bad_signature');
  const { manifest } = bundle;
  try {
    return await db.transaction('rw', db.courses, db.files, async () => {
      const previous = await db.courses.get(manifest.id);
      if (previous && compareVersions(manifest.version, previous.version) < 0) throw new ImportError('older_version');
      await db.files.bulkPut(
        manifest.files.map((file) => ({
          sha256: file.sha256,
          blob: new Blob([bundle.files.get(file.path)! as Uint8Array<ArrayBuffer>], { type: file.type }),
          size: file.size,
          type: file.type,
        })),
      );
      const course: StoredCourse = {
        id: manifest.id,
        version: manifest.version,
        manifest,
        size: bundleSize(manifest),
        downloadedAt: new Date().toISOString(),
        signature,
      };
      await db.courses.put(course);
      if (previous)
        await pruneFiles(
          db,
          previous.manifest.files.map((file) => file.sha256),
        );
      return course;
    });
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(bundleSize(manifest), null);
    throw error;
  }
}
