import { compareVersions } from '../../shared/bundle/version';
import { QuizDoc, type Manifest, type QuizEntry } from '../../shared/schema/bundle';
import type { Queryable } from '../db/db';
import type { CatalogEntry } from '../../shared/protocol';
import { listCatalog } from './courses';
import type { BlobStore } from '../storage/blob-store';

/**
 * The versions of one course a learner could hold, and which one the catalog offers. The one
 * definition the learner's record is checked against (statements, progress, completion, the
 * channel's records): a version counts once it has been published, and for good — a rollback or
 * an unpublish changes what new downloads get, but phones that downloaded it keep it and may study
 * it offline for weeks, so what they did with it is honest record. A draft (uploaded, never
 * published) is absent: no phone got it from the catalog, the admin's preview records nothing,
 * and nothing said about it earns anyone JP.
 */
export interface CourseVersions {
  published: string | null;
  /** Every version ever published, newest first. */
  manifests: Map<string, Manifest>;
  /** When each of those versions was first published: nothing a learner did with it is earlier. */
  firstPublished: Map<string, Date>;
}

/**
 * Course content as the sync path reads it, kept in memory. Safe to keep forever because
 * what is cached never changes: a stored (course, version) manifest is immutable (publishing
 * refuses different content under a stored version) and a quiz file is addressed by its
 * sha256. Only the list of versions, when each was first published and the published one are
 * read on every call.
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

  /**
   * The versions of these courses a learner could hold (`CourseVersions`); a course never
   * published is absent from the map, like an unknown one.
   */
  async courses(db: Queryable, courseIds: Iterable<string>): Promise<Map<string, CourseVersions>> {
    const ids = JSON.stringify([...new Set(courseIds)]);
    // Only a publish event names a version, and a version once published keeps its events. The
    // version published now counts even without one (a database from before the log), from its upload.
    const rows = await db.query<{
      course_id: string;
      version: string;
      published_version: string | null;
      first_published: Date;
    }>(
      `SELECT v.course_id, v.version, c.published_version, coalesce(min(e.at), v.created_at) AS first_published
       FROM course_versions v JOIN courses c ON c.id = v.course_id
         LEFT JOIN publish_events e ON e.course_id = v.course_id AND e.version = v.version
       WHERE v.course_id IN (SELECT jsonb_array_elements_text($1::jsonb))
       GROUP BY v.course_id, v.version, c.published_version, v.created_at
       HAVING count(e.id) > 0 OR v.version = c.published_version`,
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
        firstPublished: new Map<string, Date>(),
      };
      course.firstPublished.set(row.version, row.first_published);
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
