import type { LenteraDb } from './db';

/**
 * Storage full arrives as a `QuotaExceededError`, or wrapped: Dexie raises an `AbortError`
 * whose `inner` is the quota error. Both mean the same thing to the learner.
 */
export function isQuotaError(error: unknown): boolean {
  for (let current: unknown = error; current; current = (current as { inner?: unknown }).inner) {
    const name = (current as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  }
  return false;
}

export interface StorageEstimate {
  usage: number | null;
  quota: number | null;
  persisted: boolean;
}

/** `StorageManager` is missing on old browsers and insecure origins; the app then simply cannot tell. */
function storageManager(): StorageManager | undefined {
  return globalThis.navigator?.storage;
}

export async function estimateStorage(): Promise<StorageEstimate> {
  const storage = storageManager();
  const estimate = await storage?.estimate?.().catch(() => null);
  const persisted = (await storage?.persisted?.().catch(() => false)) ?? false;
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

/**
 * Asks the browser not to evict the learner's courses under storage pressure. Chrome
 * grants it silently to installed or engaged sites; the answer is shown in the storage panel.
 */
export async function requestPersistence(): Promise<boolean> {
  const storage = storageManager();
  if (!storage?.persist) return false;
  if (await storage.persisted()) return true;
  return storage.persist().catch(() => false);
}

/** Removes a course and every file no other downloaded course still uses; progress is kept. */
export async function deleteCourse(db: LenteraDb, courseId: string): Promise<void> {
  await db.transaction('rw', db.courses, db.files, async () => {
    await db.courses.delete(courseId);
    await pruneFiles(db, await db.files.toCollection().primaryKeys());
  });
}

/** Deletes those of `candidates` that no downloaded course lists. */
export async function pruneFiles(db: LenteraDb, candidates: string[]): Promise<void> {
  await db.transaction('rw', db.courses, db.files, async () => {
    const referenced = new Set<string>();
    await db.courses.each((course) => course.manifest.files.forEach((file) => referenced.add(file.sha256)));
    await db.files.bulkDelete(candidates.filter((sha256) => !referenced.has(sha256)));
  });
}
