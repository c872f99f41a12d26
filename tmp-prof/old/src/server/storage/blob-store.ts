/**
 * Where file bytes live, addressed by their sha256 (lowercase hex). Callers hash and
 * verify before `put`; a store only keeps and returns bytes. Kept small so an
 * S3-compatible store can sit beside the local disk one.
 */
export interface BlobStore {
  has(sha256: string): Promise<boolean>;
  /** Idempotent: putting a hash that is already stored does nothing. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  get(sha256: string): Promise<Uint8Array | null>;
  /**
   * The bytes from `start` on as a stream, with the whole blob's size: how files are served,
   * so a request never holds a whole file in memory. Null when the blob is missing; a `start`
   * at or past the end gives an empty stream.
   */
  open(sha256: string, start?: number): Promise<BlobStream | null>;
}

export interface BlobStream {
  body: ReadableStream<Uint8Array>;
  /** The whole blob's size in bytes, not the streamed part's. */
  size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Keys become paths and object names, so anything but a plain hash is refused. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`Not a sha256 hex digest: ${JSON.stringify(sha256)}`);
}
