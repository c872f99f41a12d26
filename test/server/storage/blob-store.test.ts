import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config';
import type { BlobStore } from '../../../src/server/storage/blob-store';
import { LocalDiskBlobStore } from '../../../src/server/storage/local-disk';
import { S3BlobStore, s3ObjectUrl, type S3StoreOptions } from '../../../src/server/storage/s3';
import { sha256 } from '../../fixtures/bundles';
import { FAKE_CREDENTIALS, FAKE_REGION, sigV4Signature, startFakeS3, type FakeS3 } from '../fake-s3';

let fakeS3: FakeS3;
beforeAll(async () => {
  fakeS3 = await startFakeS3();
});
afterAll(async () => {
  await fakeS3.close();
});

const s3Options = (overrides: Partial<S3StoreOptions> = {}): S3StoreOptions => ({
  endpoint: fakeS3.endpoint,
  region: FAKE_REGION,
  bucket: 'lentera-files',
  pathStyle: true,
  ...FAKE_CREDENTIALS,
  ...overrides,
});

interface StoreUnderTest {
  name: string;
  open(): Promise<{ store: BlobStore; cleanUp(): Promise<void> }>;
}

const stores: StoreUnderTest[] = [
  {
    name: 'LocalDiskBlobStore',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'lentera-blobs-'));
      return { store: new LocalDiskBlobStore(dir), cleanUp: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'S3BlobStore (fake S3 on 127.0.0.1)',
    async open() {
      // A prefix of its own per test, so each test starts from an empty store.
      return {
        store: new S3BlobStore(s3Options({ prefix: `t${Math.random().toString(36).slice(2)}/` })),
        cleanUp: async () => undefined,
      };
    },
  },
];

const text = (value: string) => new TextEncoder().encode(value);

describe.each(stores)('blob store contract: $name', (underTest) => {
  let store: BlobStore;
  let cleanUp: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanUp } = await underTest.open());
  });
  afterEach(async () => {
    await cleanUp();
  });

  it('a hash never stored is absent: has() is false and get() is null', async () => {
    const hash = sha256(text('belum ada'));
    expect(await store.has(hash)).toBe(false);
    expect(await store.get(hash)).toBeNull();
  });

  it('put then get returns exactly the bytes, every byte value included', async () => {
    const bytes = Uint8Array.from({ length: 256 * 64 }, (_, index) => index % 256);
    const hash = sha256(bytes);
    await store.put(hash, bytes);
    expect(await store.has(hash)).toBe(true);
    expect(new Uint8Array((await store.get(hash))!)).toEqual(bytes);
  });

  it('an empty blob is a blob', async () => {
    const hash = sha256(new Uint8Array(0));
    await store.put(hash, new Uint8Array(0));
    expect(await store.has(hash)).toBe(true);
    expect((await store.get(hash))?.length).toBe(0);
  });

  it('a 2 MiB blob survives the round trip', async () => {
    const bytes = Uint8Array.from({ length: 2 * 1024 * 1024 }, (_, index) => (index * 2654435761) >>> 24);
    const hash = sha256(bytes);
    await store.put(hash, bytes);
    expect(sha256(new Uint8Array((await store.get(hash))!))).toBe(hash);
  });

  it('putting the same hash again (also concurrently) keeps one copy with the same bytes', async () => {
    const bytes = text('isi berkas');
    const hash = sha256(bytes);
    await Promise.all([store.put(hash, bytes), store.put(hash, bytes)]);
    await store.put(hash, bytes);
    expect(new Uint8Array((await store.get(hash))!)).toEqual(bytes);
  });

  it('open() streams the bytes from any offset with the whole size, and null for a missing blob', async () => {
    const bytes = new Uint8Array(300_000).map((_, index) => (index * 7) & 0xff);
    const hash = sha256(bytes);
    expect(await store.open(hash)).toBeNull();
    await store.put(hash, bytes);
    for (const start of [0, 1, 123_457, bytes.length - 1, bytes.length, bytes.length + 5]) {
      const opened = (await store.open(hash, start))!;
      expect(opened.size).toBe(bytes.length);
      // Buffer.equals, not toEqual: a deep compare of 300 KB element by element took seconds of CPU.
      const received = Buffer.from(await new Response(opened.body).arrayBuffer());
      expect(received.length, `from ${start}`).toBe(bytes.length - Math.min(start, bytes.length));
      expect(received.equals(bytes.subarray(start)), `the bytes from ${start}`).toBe(true);
    }
  });

  it('blobs are independent of each other', async () => {
    const [a, b] = [text('satu'), text('dua')];
    await store.put(sha256(a), a);
    expect(await store.has(sha256(b))).toBe(false);
    await store.put(sha256(b), b);
    expect(new Uint8Array((await store.get(sha256(a)))!)).toEqual(a);
  });

  it.each(['../../etc/passwd', 'ABC', 'a'.repeat(63), sha256(text('x')).toUpperCase(), `${sha256(text('x'))}/..`])(
    'refuses a key that is not a lowercase sha256 (%s) before any I/O',
    async (key) => {
      await expect(store.put(key, text('x'))).rejects.toThrow(/sha256/);
      await expect(store.get(key)).rejects.toThrow(/sha256/);
      await expect(store.has(key)).rejects.toThrow(/sha256/);
    },
  );
});

describe('S3BlobStore against the fake S3', () => {
  it('signs every request with SigV4 (the fake recomputes and checks each signature)', async () => {
    const store = new S3BlobStore(s3Options({ prefix: 'signed/' }));
    const bytes = text('ditandatangani');
    const before = fakeS3.requests.length;
    await store.put(sha256(bytes), bytes);
    await store.get(sha256(bytes));
    const sent = fakeS3.requests.slice(before);
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      `HEAD /lentera-files/signed/${sha256(bytes)}`,
      `PUT /lentera-files/signed/${sha256(bytes)}`,
      `GET /lentera-files/signed/${sha256(bytes)}`,
    ]);
    for (const { authorization } of sent) {
      expect(authorization).toMatch(
        new RegExp(
          `^AWS4-HMAC-SHA256 Credential=${FAKE_CREDENTIALS.accessKeyId}/\\d{8}/${FAKE_REGION}/s3/aws4_request, ` +
            'SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$',
        ),
      );
    }
    expect(fakeS3.objects.get(`/lentera-files/signed/${sha256(bytes)}`)).toEqual(bytes);
  });

  it('an object that exists is not uploaded again: put() only asks (HEAD)', async () => {
    const store = new S3BlobStore(s3Options({ prefix: 'once/' }));
    const bytes = text('sekali saja');
    await store.put(sha256(bytes), bytes);
    const before = fakeS3.requests.length;
    await store.put(sha256(bytes), bytes);
    expect(fakeS3.requests.slice(before).map((request) => request.method)).toEqual(['HEAD']);
  });

  it('a wrong secret is refused by the store (403) and put() rejects; nothing is stored', async () => {
    const store = new S3BlobStore(s3Options({ prefix: 'wrong/', secretAccessKey: 'salah' }));
    const bytes = text('tidak boleh');
    await expect(store.put(sha256(bytes), bytes)).rejects.toThrow(/403/);
    expect(fakeS3.objects.has(`/lentera-files/wrong/${sha256(bytes)}`)).toBe(false);
  });

  it('a store error is an error, never "not found"', async () => {
    const store = new S3BlobStore(s3Options({ prefix: 'broken/' }));
    fakeS3.failWith = 500;
    try {
      await expect(store.get(sha256(text('x')))).rejects.toThrow(/500/);
      await expect(store.has(sha256(text('x')))).rejects.toThrow(/500/);
    } finally {
      fakeS3.failWith = null;
    }
  });

  it('object URLs: path style puts the bucket in the path, virtual-hosted style in the host name', () => {
    const hash = sha256(text('x'));
    const options = { endpoint: 'https://s3.ap-southeast-3.amazonaws.com', bucket: 'lentera', prefix: 'files/' };
    expect(s3ObjectUrl({ ...options, pathStyle: true }, hash).href).toBe(
      `https://s3.ap-southeast-3.amazonaws.com/lentera/files/${hash}`,
    );
    expect(s3ObjectUrl({ ...options, pathStyle: false }, hash).href).toBe(
      `https://lentera.s3.ap-southeast-3.amazonaws.com/files/${hash}`,
    );
    expect(s3ObjectUrl({ endpoint: 'http://minio:9000/s3/', bucket: 'b', pathStyle: true }, hash).href).toBe(
      `http://minio:9000/s3/b/${hash}`,
    );
  });
});

describe("the fake S3's signature check (the oracle for aws4fetch)", () => {
  const example = {
    method: 'GET',
    path: '/test.txt',
    query: new URLSearchParams(),
    headers: new Map([
      ['host', 'examplebucket.s3.amazonaws.com'],
      ['range', 'bytes=0-9'],
      ['x-amz-content-sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['x-amz-date', '20130524T000000Z'],
    ]),
    payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    amzDate: '20130524T000000Z',
    region: 'us-east-1',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };

  it('reproduces the AWS documented "GET Object" example (sig-v4-header-based-auth)', () => {
    expect(sigV4Signature(example)).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('changes with every part of the request', () => {
    for (const change of [
      { method: 'HEAD' },
      { path: '/test.txu' },
      { query: new URLSearchParams('a=1') },
      { amzDate: '20130524T000001Z' },
      { headers: new Map([...example.headers, ['range', 'bytes=0-8']]) },
    ])
      expect(sigV4Signature({ ...example, ...change })).not.toBe(sigV4Signature(example));
  });
});

describe('S3 configuration', () => {
  const env = {
    LENTERA_S3_ENDPOINT: 'https://s3.ap-southeast-3.amazonaws.com',
    LENTERA_S3_BUCKET: 'lentera-prod',
    LENTERA_S3_REGION: 'ap-southeast-3',
    LENTERA_S3_ACCESS_KEY_ID: 'AKID',
    LENTERA_S3_SECRET_ACCESS_KEY: 'secret',
  };

  it('is off (local disk) when no S3 variable is set', () => {
    expect(loadConfig({}).s3).toBeUndefined();
  });

  it('reads the bucket settings, path style by default', () => {
    expect(loadConfig(env).s3).toEqual({
      endpoint: env.LENTERA_S3_ENDPOINT,
      bucket: 'lentera-prod',
      region: 'ap-southeast-3',
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      pathStyle: true,
      prefix: '',
    });
    expect(loadConfig({ ...env, LENTERA_S3_PATH_STYLE: 'false' }).s3?.pathStyle).toBe(false);
  });

  it('a half-configured bucket stops the start instead of silently using the disk', () => {
    expect(() => loadConfig({ LENTERA_S3_ENDPOINT: env.LENTERA_S3_ENDPOINT, LENTERA_S3_BUCKET: 'lentera' })).toThrow(
      /LENTERA_S3_ACCESS_KEY_ID, LENTERA_S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ ...env, LENTERA_S3_ENDPOINT: 'ftp://x' })).toThrow(/LENTERA_S3_ENDPOINT/);
  });
});
