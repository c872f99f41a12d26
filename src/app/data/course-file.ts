import type { Manifest } from '../../shared/schema/bundle';
import type { LenteraDb } from './db';

/**
 * A bundle file of a downloaded course, by its path in the bundle. Apart from the JSON reader
 * (`./content`) and its schemas: Beranda shows course covers without loading zod.
 */
export async function courseFile(db: LenteraDb, manifest: Manifest, path: string): Promise<Blob | null> {
  const entry = manifest.files.find((file) => file.path === path);
  if (!entry) return null;
  return (await db.files.get(entry.sha256))?.blob ?? null;
}
