import type { Queryable } from '../db/db';
import { findFileMeta, type FileMeta } from './courses';

/**
 * Course files' metadata, kept in memory so serving a lesson costs no database query (issue
 * 15.6: the lookup was most of a request's cost on embedded PGlite). Bodies are still streamed
 * from storage on every request, never held in memory.
 *
 * - A file's metadata is final once it is private and has its gzip copy (publishing only ever
 *   turns `private` on and fills a missing variant, never the reverse): kept until evicted.
 *   Any other entry is re-read after `FRESH_MS`, so a later upload that makes the same bytes a
 *   quiz file (on this server or another) is honoured within seconds — and those bytes were
 *   served publicly under the same hash until then anyway. An unknown hash is never kept: an
 *   upload may add it at any moment.
 * - At most `MAX_ENTRIES` (a few MiB), dropping the oldest first.
 */
const FRESH_MS = 10_000;
const MAX_ENTRIES = 20_000;

export class FileCache {
  private readonly metas = new Map<string, { meta: FileMeta; until: number }>();

  async meta(db: Queryable, sha256: string): Promise<FileMeta | null> {
    const cached = this.metas.get(sha256);
    if (cached !== undefined && cached.until > Date.now()) return cached.meta;
    const meta = await findFileMeta(db, sha256);
    if (meta === null) {
      this.metas.delete(sha256);
      return null;
    }
    const final = meta.private && meta.gzip !== null;
    this.metas.delete(sha256);
    this.metas.set(sha256, { meta, until: final ? Number.POSITIVE_INFINITY : Date.now() + FRESH_MS });
    if (this.metas.size > MAX_ENTRIES) this.metas.delete(this.metas.keys().next().value as string);
    return meta;
  }
}
