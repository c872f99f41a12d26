import { api, type CatalogResponse } from '../../shared/protocol';
import type { LenteraDb } from './db';
import { requestJson } from './http';

/** Fetches the catalog and keeps a copy, so the list (and what is offline) still shows with no connection. */
export async function refreshCatalog(db: LenteraDb, token: string | null): Promise<void> {
  const { courses } = await requestJson<CatalogResponse>(api.courses, { token });
  const fetchedAt = new Date().toISOString();
  await db.transaction('rw', db.catalog, async () => {
    await db.catalog.clear();
    await db.catalog.bulkPut(courses.map((course) => ({ ...course, fetchedAt })));
  });
}
