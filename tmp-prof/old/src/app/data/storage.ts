import type { LenteraDb } from './db';

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
  if (await storage.persisted().catch(() => false)) return true;
  return storage.persist().catch(() => false);
}

/**
 * Files that downloads under way in this tab rely on, before any stored course lists them:
 * never pruned, or deleting one course would pull files from under another's download.
 */
const heldByDownloads = new Set<Set<string>>();

/** Keeps `hashes` from being pruned until the returned function is called (calling it twice is harmless). */
export function holdFiles(hashes: string[]): () => void {
  const held = new Set(hashes);
  heldByDownloads.add(held);
  return () => void heldByDownloads.delete(held);
}

const isHeld = (sha256: string): boolean => [...heldByDownloads].some((held) => held.has(sha256));

/** Removes a course, every file no other course uses and unfinished downloads no one continues; progress is kept. */
export async function deleteCourse(db: LenteraDb, courseId: string): Promise<void> {
  await db.transaction('rw', [db.courses, db.files, db.partials], async () => {
    await db.courses.delete(courseId);
    await clearLeftovers(db);
  });
}

/** Deletes those of `candidates` that no downloaded course lists, nor a download under way needs. */
export async function pruneFiles(db: LenteraDb, candidates: string[]): Promise<void> {
  await db.transaction('rw', db.courses, db.files, async () => {
    const referenced = await referencedFiles(db);
    await db.files.bulkDelete(candidates.filter((sha256) => !referenced.has(sha256) && !isHeld(sha256)));
  });
}

/**
 * What downloads that were given up left behind: files no course lists and the first parts
 * of cut-off large files. The storage panel shows the bytes and offers to free them.
 */
export async function leftoverBytes(db: LenteraDb): Promise<number> {
  return db.transaction('r', [db.courses, db.files, db.partials], async () => {
    const referenced = await referencedFiles(db);
    let bytes = 0;
    await db.files.each((file) => {
      if (!referenced.has(file.sha256) && !isHeld(file.sha256)) bytes += file.size;
    });
    await db.partials.each((partial) => {
      if (!isHeld(partial.sha256)) bytes += partial.received;
    });
    return bytes;
  });
}

export async function clearLeftovers(db: LenteraDb): Promise<void> {
  await db.transaction('rw', [db.courses, db.files, db.partials], async () => {
    await pruneFiles(db, await db.files.toCollection().primaryKeys());
    await db.partials.bulkDelete((await db.partials.toCollection().primaryKeys()).filter((sha256) => !isHeld(sha256)));
  });
}

async function referencedFiles(db: LenteraDb): Promise<Set<string>> {
  const referenced = new Set<string>();
  await db.courses.each((course) => course.manifest.files.forEach((file) => referenced.add(file.sha256)));
  return referenced;
}
