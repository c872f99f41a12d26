import { api } from '../../shared/protocol';
import { CatalogResponseSchema, CourseManifestResponseSchema } from '../../shared/protocol/responses';
import { compareVersions } from '../../shared/bundle/version';
import type { CachedCatalogEntry, LenteraDb } from './db';
import { missingFiles, sumSizes } from './download';
import { requestJson } from './http';

/**
 * Fetches the catalog and keeps a copy, so the list (and what is offline) still shows with
 * no connection. For a course on the phone with a newer published version, it also works
 * out how many bytes the update really costs — only the files the phone does not hold yet.
 */
export async function refreshCatalog(db: LenteraDb, token: string | null): Promise<void> {
  const { courses } = await requestJson(api.courses, CatalogResponseSchema, { token });
  const fetchedAt = new Date().toISOString();
  const stored = new Map((await db.courses.toArray()).map((course) => [course.id, course]));
  const entries: CachedCatalogEntry[] = [];
  for (const course of courses) {
    const local = stored.get(course.id);
    const entry: CachedCatalogEntry = { ...course, fetchedAt };
    if (local && compareVersions(course.version, local.version) > 0) {
      const { manifest } = await requestJson(api.course(course.id), CourseManifestResponseSchema, { token });
      entry.updateBytes = sumSizes(await missingFiles(db, manifest));
    }
    entries.push(entry);
  }
  await db.transaction('rw', db.catalog, async () => {
    await db.catalog.clear();
    await db.catalog.bulkPut(entries);
  });
}
