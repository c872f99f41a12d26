import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { assertSha256, type BlobStore, type BlobStream } from './blob-store';

/** Blobs as files `<dir>/<first two hex>/<sha256>`; the fan-out keeps directories small. */
export class LocalDiskBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(sha256)) return;
    const target = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    // Written aside then renamed (atomic on one filesystem), so a crash never leaves a
    // truncated file under a hash name that readers would trust.
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async open(sha256: string, start = 0): Promise<BlobStream | null> {
    let handle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    // The size and the stream come from one open file, so a concurrent rename cannot mix them up.
    const { size } = await handle.stat();
    const stream = handle.createReadStream({ start: Math.min(start, size) }); // closes the file when done
    return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size };
  }

  private pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
