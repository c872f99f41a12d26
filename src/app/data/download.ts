import { api } from '../../shared/protocol';
import { CourseManifestResponseSchema } from '../../shared/protocol/responses';
import { bundleSize, privateFilePaths, type BundleFile, type Manifest } from '../../shared/schema/bundle';
import { sha256Hex } from '../../shared/bundle/hash';
import { compareVersions } from '../../shared/bundle/version';
import type { LenteraDb, StoredCourse } from './db';
import { request, requestJson } from './http';
import { estimateStorage, holdFiles, pruneFiles } from './storage';
import { IntegrityError, isQuotaError, RequestError, StorageFullError } from './errors';

export interface DownloadProgress {
  doneBytes: number;
  totalBytes: number;
}

interface DownloadOptions {
  token: string | null;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** Room kept free beyond the course itself, so the phone (and the outbox) never hits a full disk. */
const STORAGE_HEADROOM = 1.1;
/**
 * Files at least this large resume mid-file after a cut (audio, video, big
 * images); smaller ones are simply fetched again.
 */
export const RESUMABLE_FILE_BYTES = 512 * 1024;
/** How often, in bytes received, a large file's progress is saved for resuming. */
export const CHECKPOINT_BYTES = 256 * 1024;

/**
 * Downloads a course for offline use.
 *
 * Guarantees: every file is checked against the manifest's size and sha256 before it is
 * stored; files are stored one by one by hash, so an interrupted download resumes with the
 * files it still lacks, and a large file cut off midway resumes from its last saved bytes
 * (an HTTP range request); the course only becomes "available offline" in a final transaction
 * once every file is present, so a half download never looks usable and the previously
 * downloaded version stays readable until then. A file that fails its check aborts the
 * download and removes what this attempt stored.
 */
export async function downloadCourse(db: LenteraDb, courseId: string, options: DownloadOptions): Promise<StoredCourse> {
  const { manifest, signature } = await requestJson(api.course(courseId), CourseManifestResponseSchema, options).catch(
    (error: unknown) => {
      throw error instanceof RequestError && error.code === 'invalid_response'
        ? new IntegrityError('invalid_manifest')
        : error;
    },
  );
  if (manifest.id !== courseId) throw new IntegrityError('invalid_manifest');
  // After an admin rolls a course back, a phone already holding the newer version keeps it:
  // its learner's progress and open attempts belong to it, and going back costs data.
  const held = await db.courses.get(courseId);
  if (held && compareVersions(manifest.version, held.version) < 0) return held;

  // From here on, files this course needs are not orphans, even before a course lists them.
  const release = holdFiles(manifest.files.map((file) => file.sha256));
  const missing = await missingFiles(db, manifest);
  const privatePaths = privateFilePaths(manifest);
  const totalBytes = sumSizes(missing);
  const storedNow: string[] = [];
  let doneBytes = 0;
  try {
    await ensureRoomFor(totalBytes);
    options.onProgress?.({ doneBytes, totalBytes });
    for (const file of missing) {
      const bytes = await fetchFile(db, file, { ...options, privatePaths }, (chunk) =>
        options.onProgress?.({ doneBytes: doneBytes + chunk, totalBytes }),
      );
      if (bytes.byteLength !== file.size || (await sha256Hex(bytes)) !== file.sha256) {
        await db.partials.delete(file.sha256);
        throw new IntegrityError(bytes.byteLength !== file.size ? 'size_mismatch' : 'hash_mismatch', file.path);
      }
      await db.transaction('rw', db.files, db.partials, async () => {
        await db.files.put({
          sha256: file.sha256,
          blob: new Blob([bytes], { type: file.type }),
          size: file.size,
          type: file.type,
        });
        await db.partials.delete(file.sha256);
      });
      storedNow.push(file.sha256);
      doneBytes += file.size;
      options.onProgress?.({ doneBytes, totalBytes });
    }
    // The switch: the new version replaces the old in one transaction, and the old version's
    // files no other course uses are freed with it.
    return await db.transaction('rw', db.courses, db.files, async () => {
      const stored = await db.files.bulkGet(manifest.files.map((file) => file.sha256));
      // Only another tab deleting a course meanwhile gets here; what this download fetched is
      // sound and kept, so trying again fetches just the files that went.
      if (stored.some((file) => file === undefined)) throw new Error('course files were removed during the download');
      const previous = await db.courses.get(manifest.id);
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
    if (error instanceof IntegrityError) {
      release();
      await pruneFiles(db, storedNow);
    }
    if (isQuotaError(error)) throw new StorageFullError(totalBytes - doneBytes, null);
    throw error;
  } finally {
    release();
  }
}

/** The distinct files of `manifest` the phone does not hold yet: what downloading it (or updating to it) fetches. */
export async function missingFiles(db: LenteraDb, manifest: Pick<Manifest, 'files'>): Promise<BundleFile[]> {
  const unique = [...new Map(manifest.files.map((file) => [file.sha256, file])).values()];
  const present = new Set(
    await db.files
      .where('sha256')
      .anyOf(unique.map((file) => file.sha256))
      .primaryKeys(),
  );
  return unique.filter((file) => !present.has(file.sha256));
}

export const sumSizes = (files: BundleFile[]): number => files.reduce((sum, file) => sum + file.size, 0);

async function ensureRoomFor(bytes: number): Promise<void> {
  const { usage, quota } = await estimateStorage();
  if (usage === null || quota === null) return;
  const available = quota - usage;
  if (bytes * STORAGE_HEADROOM > available) throw new StorageFullError(bytes, available);
}

/**
 * Streams one file, reporting bytes as they arrive. A large file saves what it has received
 * every CHECKPOINT_BYTES (and when the stream breaks), and a later call asks the server only
 * for the rest; the whole is still checked against its sha256 before it is kept.
 */
async function fetchFile(
  db: LenteraDb,
  file: BundleFile,
  options: DownloadOptions & { privatePaths: Set<string> },
  onBytes: (received: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const resumable = file.size >= RESUMABLE_FILE_BYTES;
  let partial = resumable ? await db.partials.get(file.sha256) : undefined;
  // A saved part is never the whole file (see `checkpoint`); one that is, from an older build
  // or a damaged store, could only ever be answered 416, so it is dropped.
  if (partial && (partial.received <= 0 || partial.received >= file.size)) {
    await db.partials.delete(file.sha256);
    partial = undefined;
  }
  // no-store: the file goes to IndexedDB, so a second copy in the HTTP cache only costs the phone
  // space; and a damaged copy cached there would fail every retry the same way.
  const fetchFrom = (offset: number): Promise<Response> =>
    request(api.file(file.sha256), {
      // Quiz files hold answer keys and are served to signed-in users only; the rest stay public for caches.
      token: options.privatePaths.has(file.path) ? options.token : null,
      signal: options.signal,
      timeoutMs: 120_000,
      cache: 'no-store',
      ...(offset > 0 ? { headers: { range: `bytes=${offset}-` } } : {}),
    });
  let response: Response;
  try {
    response = await fetchFrom(partial?.received ?? 0);
  } catch (error) {
    if (!(partial && error instanceof RequestError && error.status === 416)) throw error;
    // The server's copy does not reach where the saved part ends: start the file afresh.
    await db.partials.delete(file.sha256);
    partial = undefined;
    response = await fetchFrom(0);
  }
  // 206: the server sends the rest; 200: it ignored the range, so start again from zero.
  const parts: Blob[] = response.status === 206 && partial ? [partial.blob] : [];
  let received = parts.length > 0 ? (partial?.received ?? 0) : 0;
  let checkpointAt = received + CHECKPOINT_BYTES;
  const pending: Uint8Array<ArrayBuffer>[] = [];
  // The whole file is never saved as a part: it is checked and stored right away, and a part
  // that long would make every later try ask for a range past the end.
  const checkpoint = async (): Promise<void> => {
    if (!resumable || pending.length === 0 || received >= file.size) return;
    parts.push(new Blob(pending.splice(0)));
    await db.partials.put({ sha256: file.sha256, blob: new Blob(parts), received });
  };
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value as Uint8Array<ArrayBuffer>);
      received += value.byteLength;
      // Stop early rather than fill the phone with a response far larger than promised.
      if (received > file.size) throw new IntegrityError('size_mismatch', file.path);
      onBytes(received);
      if (received >= checkpointAt) {
        await checkpoint();
        checkpointAt = received + CHECKPOINT_BYTES;
      }
    }
  } catch (error) {
    if (error instanceof IntegrityError) {
      // The server sent more than the file holds: what was saved of it cannot be trusted either.
      await db.partials.delete(file.sha256);
      throw error;
    }
    await checkpoint().catch(() => undefined);
    // A connection dropped mid-body surfaces as a bare stream error: to the learner it is the network.
    throw error instanceof RequestError
      ? error
      : new RequestError('network', 0, error instanceof Error ? error.message : 'stream broke');
  }
  return new Uint8Array(await new Blob([...parts, ...pending]).arrayBuffer());
}
