import { isDeepStrictEqual } from 'node:util';
import type { CatalogEntry } from '../../shared/protocol';
import { bundleSize, type Manifest } from '../../shared/schema/bundle';
import { readBundle } from '../../shared/bundle/read';
import { compareVersions } from '../../shared/bundle/version';
import type { Queryable } from '../db/db';
import type { BlobStore } from '../storage/blob-store';

export interface CourseStore {
  db: Queryable;
  blobs: BlobStore;
}

/**
 * - `published`: this version is now the one the catalog offers.
 * - `unchanged`: this exact id + version was already stored; nothing was written.
 * - `kept-newer`: stored, but a newer version stays published (importing an old zip never rolls the catalog back).
 */
export type PublishOutcome = 'published' | 'unchanged' | 'kept-newer';

export interface PublishResult {
  id: string;
  version: string;
  size: number;
  outcome: PublishOutcome;
}

/** A published version is immutable: phones cache by version and must never see it change. */
export class CourseVersionConflictError extends Error {
  constructor(id: string, version: string) {
    super(`${id} ${version} is already stored with different content; give the changed bundle a new version`);
  }
}

/**
 * Validates a bundle zip, stores its files and publishes it. Nothing is written unless the
 * whole bundle is valid; the database rows go in one transaction, so an interrupted import
 * leaves the previous version published.
 */
export async function publishBundle({ db, blobs }: CourseStore, zip: Uint8Array): Promise<PublishResult> {
  const { manifest, files } = await readBundle(zip);
  const result = { id: manifest.id, version: manifest.version, size: bundleSize(manifest) };
  const stored = await findVersionManifest(db, manifest.id, manifest.version);
  if (stored !== null) {
    if (!isDeepStrictEqual(stored, manifest)) throw new CourseVersionConflictError(manifest.id, manifest.version);
    return { ...result, outcome: 'unchanged' };
  }

  // Blobs before rows: a blob left by a failed import is harmless, a row without its blob is not.
  for (const file of manifest.files) {
    await blobs.put(file.sha256, files.get(file.path) as Uint8Array /* readBundle checked every listed file is present */);
  }

  const outcome = await db.transaction(async (tx): Promise<PublishOutcome> => {
    for (const file of manifest.files) {
      await tx.query('INSERT INTO files (sha256, size, media_type) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
        file.sha256,
        file.size,
        file.type,
      ]);
    }
    await tx.query('INSERT INTO courses (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [manifest.id]);
    const [course] = await tx.query<{ published_version: string | null }>(
      'SELECT published_version FROM courses WHERE id = $1 FOR UPDATE',
      [manifest.id],
    );
    const inserted = await tx.query(
      `INSERT INTO course_versions (course_id, version, manifest, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (course_id, version) DO NOTHING RETURNING version`,
      [manifest.id, manifest.version, JSON.stringify(manifest), result.size],
    );
    // Another import of the same version won the race while we were storing blobs.
    if (inserted.length === 0) return 'unchanged';
    const current = course?.published_version ?? null;
    if (current !== null && compareVersions(current, manifest.version) > 0) return 'kept-newer';
    await tx.query('UPDATE courses SET published_version = $2, updated_at = now() WHERE id = $1', [manifest.id, manifest.version]);
    return 'published';
  });
  return { ...result, outcome };
}

interface PublishedRow {
  manifest: Manifest;
  size: number;
  published_at: Date;
}

const PUBLISHED = `FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.published_version`;

/** The catalog: the published version of every course. `publishedAt` is when that version became current. */
export async function listCatalog(db: Queryable): Promise<CatalogEntry[]> {
  const rows = await db.query<PublishedRow>(`SELECT v.manifest, v.size, c.updated_at AS published_at ${PUBLISHED} ORDER BY c.id`);
  return rows.map(toCatalogEntry);
}

export async function findPublishedManifest(db: Queryable, courseId: string): Promise<Manifest | null> {
  const [row] = await db.query<{ manifest: Manifest }>(`SELECT v.manifest ${PUBLISHED} WHERE c.id = $1`, [courseId]);
  return row?.manifest ?? null;
}

export interface FileMeta {
  sha256: string;
  size: number;
  mediaType: string;
}

export async function findFileMeta(db: Queryable, sha256: string): Promise<FileMeta | null> {
  const [row] = await db.query<{ sha256: string; size: number; media_type: string }>(
    'SELECT sha256, size, media_type FROM files WHERE sha256 = $1',
    [sha256],
  );
  return row === undefined ? null : { sha256: row.sha256, size: row.size, mediaType: row.media_type };
}

async function findVersionManifest(db: Queryable, courseId: string, version: string): Promise<Manifest | null> {
  const [row] = await db.query<{ manifest: Manifest }>('SELECT manifest FROM course_versions WHERE course_id = $1 AND version = $2', [
    courseId,
    version,
  ]);
  return row?.manifest ?? null;
}

function toCatalogEntry({ manifest, size, published_at }: PublishedRow): CatalogEntry {
  return {
    id: manifest.id,
    version: manifest.version,
    title: manifest.title,
    description: manifest.description,
    jp: manifest.jp,
    competency: manifest.competency,
    lessonCount: manifest.lessons.length,
    size,
    publishedAt: published_at.toISOString(),
  };
}
