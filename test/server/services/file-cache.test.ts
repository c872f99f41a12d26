import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SMALL_FILE_BYTES, SmallFileBodies } from '../../../src/server/services/file-cache';
import { LocalDiskBlobStore } from '../../../src/server/storage/local-disk';
import { sha256 } from '../../fixtures/bundles';

/** Distinct blobs (index < 256) of the largest size kept in memory: 16 MiB (the budget) holds 64 of them. */
function blobOf(index: number): { hash: string; bytes: Uint8Array } {
  const bytes = new Uint8Array(SMALL_FILE_BYTES).fill(index);
  return { hash: sha256(bytes), bytes };
}

describe('SmallFileBodies', () => {
  let dir: string;
  let store: LocalDiskBlobStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-bodies-'));
    store = new LocalDiskBlobStore(dir);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps at most its budget in memory, letting the least recently served go first', async () => {
    const blobs = Array.from({ length: 80 }, (_, index) => blobOf(index));
    for (const { hash, bytes } of blobs) await store.put(hash, bytes);
    const bodies = new SmallFileBodies(store);
    const reads = vi.spyOn(store, 'get');
    const serve = async (index: number) => {
      const opened = await bodies.open(blobs[index]!.hash, SMALL_FILE_BYTES);
      expect((opened?.body as Uint8Array)[0]).toBe(index);
    };

    await serve(0);
    for (let index = 1; index < 80; index++) {
      await serve(index);
      await serve(0); // kept warm: never the least recently served
    }
    expect(reads).toHaveBeenCalledTimes(80);

    reads.mockClear();
    await serve(79);
    await serve(0);
    expect(reads).not.toHaveBeenCalled();
    await serve(1); // served longest ago: let go when the budget was reached
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('answers null for a blob storage does not have, and keeps nothing for it', async () => {
    const bodies = new SmallFileBodies(store);
    const { hash, bytes } = blobOf(1);
    expect(await bodies.open(hash, bytes.length)).toBeNull();
    await store.put(hash, bytes);
    expect(await bodies.open(hash, bytes.length)).toMatchObject({ size: bytes.length });
  });
});
