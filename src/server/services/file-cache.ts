import type { Queryable } from '../db/db';
import type { BlobStore } from '../storage/blob-store';
import { findFileMeta, type FileMeta } from './courses';

/**
 * Course files' metadata, kept in memory so serving a lesson costs no database query (issue
 * 15.6: the lookup was most of a request's cost on embedded PGlite).
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

/** A stored blob from some offset on, as an answer's body, with the whole blob's size. */
export interface FileBody {
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  size: number;
}

/** Larger blobs (media, big images) are always streamed from storage. */
export const SMALL_FILE_BYTES = 256 * 1024;
/** What the small blobs held in memory may take together: about every lesson of a hundred courses. */
const SMALL_FILES_BUDGET_BYTES = 16 * 1024 * 1024;

/**
 * The bytes of small blobs (a lesson's gzip copy, an SVG, a quiz), read from storage once and
 * then answered from memory (issue 15.6: opening, reading and closing the file per request,
 * through a web stream, cost more than the rest of the answer). Safe to keep for good: a blob
 * is addressed by its sha256, so its bytes never change. Who may read a file is decided before
 * its bytes are asked for, on every request. The least recently served go first past the budget.
 */
export class SmallFileBodies {
  private readonly bodies = new Map<string, Uint8Array<ArrayBuffer>>();
  private heldBytes = 0;

  constructor(private readonly blobs: BlobStore) {}

  /**
   * The blob from `start` on; `size` (the metadata's) decides between memory and a stream. Null
   * when storage lacks it.
   */
  async open(sha256: string, size: number, start = 0): Promise<FileBody | null> {
    if (size > SMALL_FILE_BYTES) return this.blobs.open(sha256, start);
    const bytes = this.recall(sha256) ?? (await this.read(sha256));
    if (bytes === null) return null;
    return { body: bytes.subarray(Math.min(start, bytes.length)), size: bytes.length };
  }

  private recall(sha256: string): Uint8Array<ArrayBuffer> | undefined {
    const bytes = this.bodies.get(sha256);
    if (bytes === undefined) return undefined;
    // Re-inserted: a Map iterates in insertion order, so its first key is the least recently served.
    this.bodies.delete(sha256);
    this.bodies.set(sha256, bytes);
    return bytes;
  }

  private async read(sha256: string): Promise<Uint8Array<ArrayBuffer> | null> {
    const stored = await this.blobs.get(sha256);
    if (stored === null) return null;
    // A copy of exactly the blob's bytes, owned here (not a view into a larger or shared buffer).
    const bytes = new Uint8Array(stored);
    this.heldBytes -= this.bodies.get(sha256)?.length ?? 0; // read by another request meanwhile
    this.bodies.delete(sha256);
    this.bodies.set(sha256, bytes);
    this.heldBytes += bytes.length;
    for (const [oldest, held] of this.bodies) {
      if (this.heldBytes <= SMALL_FILES_BUDGET_BYTES) break;
      this.bodies.delete(oldest);
      this.heldBytes -= held.length;
    }
    return bytes;
  }
}
