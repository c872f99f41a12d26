import { compareVersions } from '../../shared/bundle/version';
import { QuizDoc, type Manifest, type QuizEntry } from '../../shared/schema/bundle';
import type { Queryable } from '../db/db';
import type { CatalogEntry } from '../../shared/protocol';
import { listCatalog } from './courses';
import type { BlobStore } from '../storage/blob-store';

/** Every stored version of one course, and which one the catalog offers. */
export interface CourseVersions {
  published: string | null;
  /** Newest version first. */
  manifests: Map<string, Manifest>;
}

/**
 * Course content as the sync path reads it, kept in memory. Safe to keep forever because
 * what is cached never changes: a stored (course, version) manifest is immutable (publishing
 * refuses different content under a stored version) and a quiz file is addressed by its
 * sha256. Only the list of versions and the published one are read on every call.
 * One cache per app (not per process), so two apps on two databases never share entries.
 */
export class ContentCache {
  private readonly manifests = new Map<string, Manifest>();
  private readonly quizDocs = new Map<string, QuizDoc>();
  private catalogCache: { generation: string; entries: CatalogEntry[] } | null = null;

  constructor(private readonly blobs: BlobStore) {}

  /**
   * The catalog, kept until a publish changes it. Every publish, unpublish and rollback raises
   * `catalog_generation` in its own transaction, on whichever server it happens, so a server
   * asks only for that one number per request. The number is read before the catalog: a publish
   * in between leaves the new catalog under the old number, which the next request replaces.
   */
  async catalog(db: Queryable): Promise<CatalogEntry[]> {
    const [row] = await db.query<{ generation: string }>('SELECT generation::text FROM catalog_generation');
    const generation = row?.generation ?? '';
    if (this.catalogCache?.generation === generation) return this.catalogCache.entries;
    const entries = await listCatalog(db);
    this.catalogCache = { generation, entries };
    return entries;
  }

  /** The stored versions of these courses; an unknown course is absent from the map. */
  async courses(db: Queryable, courseIds: Iterable<string>): Promise<Map<string, CourseVersions>> {
    const ids = JSON.stringify([...new Set(courseIds)]);
    const rows = await db.query<{ course_id: string; version: string; published_version: string | null }>(
      `SELECT v.course_id, v.version, c.published_version
       FROM course_versions v JOIN courses c ON c.id = v.course_id
       WHERE v.course_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
      [ids],
    );
    await this.loadManifests(
      db,
      rows.filter((row) => !this.manifests.has(key(row.course_id, row.version))),
    );

    const result = new Map<string, CourseVersions>();
    for (const row of rows.sort((a, b) => compareVersions(b.version, a.version))) {
      const course = result.get(row.course_id) ?? {
        published: row.published_version,
        manifests: new Map<string, Manifest>(),
      };
      course.manifests.set(
        row.version,
        this.manifests.get(key(row.course_id, row.version)) as Manifest /* loaded above */,
      );
      result.set(row.course_id, course);
    }
    return result;
  }

  /** The parsed quiz file of a manifest's quiz entry. */
  async quizDoc(manifest: Manifest, quiz: QuizEntry): Promise<QuizDoc> {
    const sha256 = manifest.files.find((file) => file.path === quiz.file)?.sha256;
    if (sha256 === undefined)
      throw new Error(`${manifest.id} ${manifest.version}: quiz ${quiz.id} names unlisted file ${quiz.file}`);
    const cached = this.quizDocs.get(sha256);
    if (cached !== undefined) return cached;
    const bytes = await this.blobs.get(sha256);
    // Publishing stored and validated every file, so either failure is a broken server, not bad input.
    if (bytes === null) throw new Error(`Quiz file ${sha256} is in a stored manifest but missing from blob storage`);
    const doc = QuizDoc.parse(JSON.parse(new TextDecoder().decode(bytes)));
    this.quizDocs.set(sha256, doc);
    return doc;
  }

  private async loadManifests(db: Queryable, missing: { course_id: string; version: string }[]): Promise<void> {
    if (missing.length === 0) return;
    const rows = await db.query<{ course_id: string; version: string; manifest: Manifest }>(
      `SELECT v.course_id, v.version, v.manifest
       FROM course_versions v JOIN jsonb_to_recordset($1::jsonb) AS m (course_id text, version text)
         ON v.course_id = m.course_id AND v.version = m.version`,
      [JSON.stringify(missing)],
    );
    for (const row of rows) this.manifests.set(key(row.course_id, row.version), row.manifest);
  }
}

const key = (courseId: string, version: string) => `${courseId}@${version}`;
