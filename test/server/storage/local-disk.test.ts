import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiskBlobStore } from '../../../src/server/storage/local-disk';
import { sha256 } from '../../fixtures/bundles';

describe('LocalDiskBlobStore', () => {
  let dir: string;
  let store: LocalDiskBlobStore;
  const bytes = new TextEncoder().encode('isi berkas');
  const hash = sha256(bytes);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-blobs-'));
    store = new LocalDiskBlobStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores bytes under <first two hex>/<sha256> and returns them', async () => {
    expect(await store.has(hash)).toBe(false);
    expect(await store.get(hash)).toBeNull();
    await store.put(hash, bytes);
    expect(await store.has(hash)).toBe(true);
    expect(new Uint8Array((await store.get(hash)) as Uint8Array)).toEqual(bytes);
    expect(await readdir(join(dir, hash.slice(0, 2)))).toEqual([hash]);
  });

  it('putting the same hash twice keeps one file and leaves no temporary files', async () => {
    await Promise.all([store.put(hash, bytes), store.put(hash, bytes)]);
    await store.put(hash, bytes);
    expect(await readdir(join(dir, hash.slice(0, 2)))).toEqual([hash]);
  });

  it.each(['../../etc/passwd', 'ABC', hash.toUpperCase()])(
    'refuses a key that is not a lowercase sha256 (%s)',
    async (key) => {
      await expect(store.put(key, bytes)).rejects.toThrow(/sha256/);
      await expect(store.get(key)).rejects.toThrow(/sha256/);
    },
  );
});
