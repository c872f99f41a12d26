import Dexie, { type EntityTable } from 'dexie';
import type { CatalogEntry } from '../../shared/protocol';
import type { Manifest } from '../../shared/schema/bundle';

/** A course fully downloaded and verified: every file in its manifest is in `files`. */
export interface StoredCourse {
  id: string;
  version: string;
  manifest: Manifest;
  /** Bytes of all its files (shared files are counted for each course that uses them). */
  size: number;
  downloadedAt: string;
}

/** Content-addressed: a file used by two courses or two versions is stored once. */
export interface StoredFile {
  sha256: string;
  blob: Blob;
  size: number;
  type: string;
}

export interface LessonProgress {
  courseId: string;
  lessonId: string;
  openedAt: string;
  completedAt: string | null;
  /** Reading position, 0–1 of the lesson's height, to continue where the learner stopped. */
  position: number;
  updatedAt: string;
}

export interface CachedCatalogEntry extends CatalogEntry {
  fetchedAt: string;
}

/**
 * The one owner of the phone's IndexedDB. One database per account, so two ASN sharing a
 * phone never see each other's progress. Schema changes add a `version(n)` with an
 * `upgrade()`; existing versions are never edited.
 */
export class LenteraDb extends Dexie {
  catalog!: EntityTable<CachedCatalogEntry, 'id'>;
  courses!: EntityTable<StoredCourse, 'id'>;
  files!: EntityTable<StoredFile, 'sha256'>;
  progress!: Dexie.Table<LessonProgress, [string, string]>;

  constructor(userId: string) {
    super(`lentera-${userId}`);
    this.version(1).stores({
      catalog: 'id',
      courses: 'id',
      // Never index `blob`: indexing a Blob field fails in some browsers.
      files: 'sha256',
      progress: '[courseId+lessonId], courseId',
    });
  }
}

let current: LenteraDb | null = null;

/** The database of the logged-in account; Dexie opens it on first use. */
export function databaseFor(userId: string): LenteraDb {
  if (current?.name !== `lentera-${userId}`) {
    current?.close();
    current = new LenteraDb(userId);
  }
  return current;
}
