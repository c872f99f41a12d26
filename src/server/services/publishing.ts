import { BundleError } from '../../shared/bundle/read';
import type { BundleLimits } from '../../shared/bundle/limits';
import { compareVersions } from '../../shared/bundle/version';
import type { AdminCourse, BundleProblem, UploadBundleResponse } from '../../shared/protocol/bundles';
import { bundleSize, privateFilePaths, type Manifest } from '../../shared/schema/bundle';
import { checkBundle, type CheckedBundle } from './bundle-check';
import type { Queryable } from '../db/db';
import type { BlobStore } from '../storage/blob-store';

/** Where courses are kept: uploads write both, the catalog and file routes read them. */
export interface CourseStore {
  /** Courses, versions and file metadata. */
  db: Queryable;
  /** The files themselves, by sha256. */
  blobs: BlobStore;
}

/**
 * Publishing has two steps. An upload validates a bundle and stores it as a new, immutable
 * version; phones see nothing yet. Publishing points the catalog at any stored version: the
 * newest, or an older one (that is the rollback). Unpublishing takes the course out of the
 * catalog; phones that downloaded it keep it.
 *
 * Every refusal of an upload is a `BundleError` thrown before anything is written, so a
 * refused bundle leaves no blob, no row and an untouched catalog behind.
 */
export interface UploadOptions {
  /** The admin's user id; null for the start-up import of `build/bundles`. */
  uploadedBy: string | null;
  limits?: Partial<BundleLimits>;
  /** The caller is done with `zip`: its buffer may move to the checking thread instead of being copied. */
  handOver?: boolean;
}

export async function uploadBundle(
  store: CourseStore,
  zip: Uint8Array,
  options: UploadOptions,
): Promise<UploadBundleResponse> {
  const bundle = await checkBundle(zip, options.limits, { handOver: options.handOver });
  const problem = versionProblem(await storedVersions(store.db, bundle.manifest.id), bundle.manifest.version);
  if (problem !== null) throw new BundleError([problem]);
  await storeVersion(store, bundle, options.uploadedBy);
  const course = await findAdminCourse(store.db, bundle.manifest.id);
  if (course === null) throw new Error(`Course ${bundle.manifest.id} vanished right after its upload`);
  return { course, version: bundle.manifest.version };
}

/**
 * Versions only grow: an equal one would change what phones cached as
 * that version, an older one would confuse "newest".
 */
export function versionProblem(stored: string[], version: string): BundleProblem | null {
  if (stored.some((candidate) => compareVersions(candidate, version) === 0)) {
    return {
      code: 'version_exists',
      path: 'manifest.json',
      message: `version ${version} is already stored; give the changed bundle a new version`,
    };
  }
  const latest = stored.reduce<string | null>(
    (max, candidate) => (max === null || compareVersions(candidate, max) > 0 ? candidate : max),
    null,
  );
  if (latest !== null && compareVersions(version, latest) < 0) {
    return {
      code: 'older_version',
      path: 'manifest.json',
      message: `version ${version} is older than the latest stored version ${latest}`,
    };
  }
  return null;
}

export async function storedVersions(db: Queryable, courseId: string): Promise<string[]> {
  const rows = await db.query<{ version: string }>('SELECT version FROM course_versions WHERE course_id = $1', [
    courseId,
  ]);
  return rows.map((row) => row.version);
}

export async function storeVersion(
  { db, blobs }: CourseStore,
  bundle: CheckedBundle,
  uploadedBy: string | null,
): Promise<void> {
  const { manifest } = bundle;
  // Blobs before rows: a blob left by a failed upload is harmless (and content-addressed, so
  // the next upload reuses it); a row without its blob is not.
  const variants = await storeBlobs(blobs, bundle);
  const quizFiles = privateFilePaths(manifest);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO courses (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [manifest.id]);
    await tx.query('SELECT id FROM courses WHERE id = $1 FOR UPDATE', [manifest.id]);
    // Checked again under the lock: another upload of this course may have won the race.
    const problem = versionProblem(await storedVersions(tx, manifest.id), manifest.version);
    if (problem !== null) throw new BundleError([problem]);
    for (const file of manifest.files) {
      const variant = variants.get(file.path);
      // A file once a quiz stays private; a variant once stored stays the one served.
      await tx.query(
        `INSERT INTO files (sha256, size, media_type, private, gzip_sha256, gzip_size) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (sha256) DO UPDATE SET private = files.private OR excluded.private,
           gzip_sha256 = COALESCE(files.gzip_sha256, excluded.gzip_sha256),
           gzip_size = COALESCE(files.gzip_size, excluded.gzip_size)`,
        [file.sha256, file.size, file.type, quizFiles.has(file.path), variant?.sha256 ?? null, variant?.size ?? null],
      );
    }
    await tx.query(
      'INSERT INTO course_versions (course_id, version, manifest, size, uploaded_by) VALUES ($1, $2, $3, $4, $5)',
      [manifest.id, manifest.version, JSON.stringify(manifest), bundleSize(manifest), uploadedBy],
    );
  });
}

/**
 * Puts every file of a checked bundle, and its gzip variant, into blob storage. Also how a
 * server whose storage lost files (a fresh data folder on a shared database) gets them back
 * from the bundle it imports at start: putting a blob that is there already costs a lookup.
 */
export async function storeBlobs(
  blobs: BlobStore,
  { manifest, files, gzipped }: CheckedBundle,
): Promise<Map<string, GzipVariant>> {
  const variants = new Map<string, GzipVariant>();
  for (const file of manifest.files) {
    await blobs.put(file.sha256, files.get(file.path) as Uint8Array /* readBundle checked it */);
    const compressed = gzipped.get(file.path);
    if (compressed === undefined) continue;
    await blobs.put(compressed.sha256, compressed.bytes);
    variants.set(file.path, { sha256: compressed.sha256, size: compressed.bytes.length });
  }
  return variants;
}

/** A file gzipped once at upload, kept as a blob of its own. */
export interface GzipVariant {
  sha256: string;
  size: number;
}

export type PublishChange =
  { ok: true; course: AdminCourse } | { ok: false; reason: 'course_not_found' | 'version_not_found' };

/** Points the catalog at a stored version (newer or older: this is also the rollback) and logs who did it. */
export async function publishVersion(
  db: Queryable,
  courseId: string,
  version: string,
  actorId: string | null,
): Promise<PublishChange> {
  const outcome = await db.transaction(async (tx) => {
    const current = await lockCourse(tx, courseId);
    if (current === undefined) return 'course_not_found' as const;
    const [stored] = await tx.query('SELECT 1 FROM course_versions WHERE course_id = $1 AND version = $2', [
      courseId,
      version,
    ]);
    if (stored === undefined) return 'version_not_found' as const;
    if (current.published_version === version) return null;
    await tx.query('UPDATE courses SET published_version = $2, updated_at = now() WHERE id = $1', [courseId, version]);
    await logEvent(tx, courseId, 'publish', version, current.published_version, actorId);
    await catalogChanged(tx);
    return null;
  });
  return outcome === null ? changed(db, courseId) : { ok: false, reason: outcome };
}

/** Takes the course out of the catalog. Idempotent; the versions stay stored for a later publish. */
export async function unpublishCourse(db: Queryable, courseId: string, actorId: string | null): Promise<PublishChange> {
  const found = await db.transaction(async (tx) => {
    const current = await lockCourse(tx, courseId);
    if (current === undefined) return false;
    if (current.published_version === null) return true;
    await tx.query('UPDATE courses SET published_version = NULL, updated_at = now() WHERE id = $1', [courseId]);
    await logEvent(tx, courseId, 'unpublish', null, current.published_version, actorId);
    await catalogChanged(tx);
    return true;
  });
  return found ? changed(db, courseId) : { ok: false, reason: 'course_not_found' };
}

export type DeleteVersionResult =
  { ok: true } | { ok: false; reason: 'course_not_found' | 'version_not_found' | 'version_was_published' };

/**
 * Deletes a version that was never published: an upload the admin does not want after all
 * (a mistake, a test). A version ever offered in the catalog stays: phones may hold it, and
 * their quiz attempts on it are scored from its manifest. Its files stay in storage (content
 * addressed: other versions may share them).
 */
export async function deleteVersion(db: Queryable, courseId: string, version: string): Promise<DeleteVersionResult> {
  return db.transaction(async (tx) => {
    if ((await lockCourse(tx, courseId)) === undefined) return { ok: false, reason: 'course_not_found' };
    const [row] = await tx.query<{ ever_published: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM publish_events e WHERE e.course_id = v.course_id AND e.version = v.version)
         AS ever_published
       FROM course_versions v WHERE v.course_id = $1 AND v.version = $2`,
      [courseId, version],
    );
    if (row === undefined) return { ok: false, reason: 'version_not_found' };
    if (row.ever_published) return { ok: false, reason: 'version_was_published' };
    await tx.query('DELETE FROM course_versions WHERE course_id = $1 AND version = $2', [courseId, version]);
    return { ok: true };
  });
}

/** Every server's cached catalog (`ContentCache.catalog`) is stale from this commit on. */
async function catalogChanged(tx: Queryable): Promise<void> {
  await tx.query('UPDATE catalog_generation SET generation = generation + 1');
}

async function lockCourse(tx: Queryable, courseId: string): Promise<{ published_version: string | null } | undefined> {
  const [row] = await tx.query<{ published_version: string | null }>(
    'SELECT published_version FROM courses WHERE id = $1 FOR UPDATE',
    [courseId],
  );
  return row;
}

async function logEvent(
  tx: Queryable,
  courseId: string,
  action: 'publish' | 'unpublish',
  version: string | null,
  previous: string | null,
  actorId: string | null,
) {
  await tx.query(
    'INSERT INTO publish_events (course_id, action, version, previous_version, actor_id) VALUES ($1, $2, $3, $4, $5)',
    [courseId, action, version, previous, actorId],
  );
}

async function changed(db: Queryable, courseId: string): Promise<PublishChange> {
  const course = await findAdminCourse(db, courseId);
  return course === null ? { ok: false, reason: 'course_not_found' } : { ok: true, course };
}

interface VersionRow {
  course_id: string;
  published_version: string | null;
  version: string;
  title: Manifest['title'];
  size: number;
  file_count: number;
  uploaded_at: Date;
  uploaded_by: string | null;
  ever_published: boolean;
}

const VERSION_ROWS = `SELECT c.id AS course_id, c.published_version, v.version, v.manifest -> 'title' AS title, v.size,
    jsonb_array_length(v.manifest -> 'files') AS file_count, v.created_at AS uploaded_at, u.name AS uploaded_by,
    EXISTS (SELECT 1 FROM publish_events e WHERE e.course_id = v.course_id AND e.version = v.version) AS ever_published
  FROM courses c JOIN course_versions v ON v.course_id = c.id LEFT JOIN users u ON u.id = v.uploaded_by`;

/** Every course with a stored version, by id; each with its history, newest version first. */
export async function listAdminCourses(db: Queryable): Promise<AdminCourse[]> {
  return toAdminCourses(await db.query<VersionRow>(`${VERSION_ROWS} ORDER BY c.id`));
}

export async function findAdminCourse(db: Queryable, courseId: string): Promise<AdminCourse | null> {
  return toAdminCourses(await db.query<VersionRow>(`${VERSION_ROWS} WHERE c.id = $1`, [courseId]))[0] ?? null;
}

export async function findStoredManifest(db: Queryable, courseId: string, version: string): Promise<Manifest | null> {
  const [row] = await db.query<{ manifest: Manifest }>(
    'SELECT manifest FROM course_versions WHERE course_id = $1 AND version = $2',
    [courseId, version],
  );
  return row?.manifest ?? null;
}

function toAdminCourses(rows: VersionRow[]): AdminCourse[] {
  const byId = new Map<string, VersionRow[]>();
  for (const row of rows) byId.set(row.course_id, [...(byId.get(row.course_id) ?? []), row]);
  return [...byId].map(([id, versions]) => {
    versions.sort((a, b) => compareVersions(b.version, a.version));
    const shown = versions.find((row) => row.version === row.published_version) ?? versions[0]!;
    return {
      id,
      title: shown.title,
      publishedVersion: shown.published_version,
      versions: versions.map((row) => ({
        version: row.version,
        size: row.size,
        fileCount: row.file_count,
        uploadedAt: row.uploaded_at.toISOString(),
        uploadedBy: row.uploaded_by,
        everPublished: row.ever_published,
      })),
    };
  });
}

/**
 * Files the database lists that blob storage does not hold: quiz files of every stored
 * version (a phone's attempt on any version is scored from its quiz) and every file of a
 * published version. A server started with a fresh data folder on a shared database gets back
 * what its bundles folder holds (`publishBundle`); anything still missing is listed here, so the
 * server refuses to start instead of answering 500 to the first quiz result.
 */
export async function missingStoredFiles({ db, blobs }: CourseStore): Promise<string[]> {
  const rows = await db.query<{ course_id: string; version: string; path: string; sha256: string }>(
    `SELECT DISTINCT v.course_id, v.version, f ->> 'path' AS path, f ->> 'sha256' AS sha256
     FROM course_versions v JOIN courses c ON c.id = v.course_id
     CROSS JOIN LATERAL jsonb_array_elements(v.manifest -> 'files') f
     WHERE c.published_version = v.version
        OR f ->> 'path' IN (SELECT q ->> 'file' FROM jsonb_array_elements(v.manifest -> 'quizzes') q)
     ORDER BY v.course_id, v.version, path`,
  );
  const missing: string[] = [];
  for (const row of rows) {
    if (!(await blobs.has(row.sha256))) missing.push(`${row.course_id} ${row.version}: ${row.path} (${row.sha256})`);
  }
  return missing;
}
