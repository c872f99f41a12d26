import { catalogEntryOf, type CatalogEntry } from '../../shared/protocol';
import type { Manifest } from '../../shared/schema/bundle';
import type { LangText } from '../../shared/schema/lang';
import type { Queryable } from '../db/db';

/**
 * The read side of courses: the catalog phones see, the published manifests, file metadata.
 * Uploading and publishing live in `./publishing`; the start-up import (`publishBundle`) in
 * `./bundle-dir`.
 */

interface PublishedRow {
  manifest: Manifest;
  size: number;
  published_at: Date;
}

const PUBLISHED = `FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.published_version`;

/** The catalog: the published version of every course. `publishedAt` is when that version became current. */
export async function listCatalog(db: Queryable): Promise<CatalogEntry[]> {
  const rows = await db.query<PublishedRow>(
    `SELECT v.manifest, v.size, c.updated_at AS published_at ${PUBLISHED} ORDER BY c.id`,
  );
  return rows.map(toCatalogEntry);
}

/** Each published course's title by id: what a list naming courses needs, without reading every manifest whole. */
export async function publishedTitles(db: Queryable): Promise<Map<string, LangText>> {
  const rows = await db.query<{ id: string; title: LangText }>(
    `SELECT c.id, v.manifest -> 'title' AS title ${PUBLISHED}`,
  );
  return new Map(rows.map((row) => [row.id, row.title]));
}

export async function findPublishedManifest(db: Queryable, courseId: string): Promise<Manifest | null> {
  const [row] = await db.query<{ manifest: Manifest }>(`SELECT v.manifest ${PUBLISHED} WHERE c.id = $1`, [courseId]);
  return row?.manifest ?? null;
}

export interface FileMeta {
  sha256: string;
  size: number;
  mediaType: string;
  /** A quiz file (answer keys): served only to signed-in users. */
  private: boolean;
  /** The file gzipped once at upload, when that pays. */
  gzip: { sha256: string; size: number } | null;
}

export async function findFileMeta(db: Queryable, sha256: string): Promise<FileMeta | null> {
  const [row] = await db.query<{
    sha256: string;
    size: number;
    media_type: string;
    private: boolean;
    gzip_sha256: string | null;
    gzip_size: number | null;
  }>('SELECT sha256, size, media_type, private, gzip_sha256, gzip_size FROM files WHERE sha256 = $1', [sha256]);
  if (row === undefined) return null;
  return {
    sha256: row.sha256,
    size: Number(row.size),
    mediaType: row.media_type,
    private: row.private,
    gzip: row.gzip_sha256 === null ? null : { sha256: row.gzip_sha256, size: Number(row.gzip_size) },
  };
}

function toCatalogEntry({ manifest, size, published_at }: PublishedRow): CatalogEntry {
  return catalogEntryOf(manifest, size, published_at.toISOString());
}
