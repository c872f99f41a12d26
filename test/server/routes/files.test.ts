import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { SMALL_FILE_BYTES } from '../../../src/server/services/file-cache';
import type { BundleFile } from '../../../src/shared/schema/bundle';
import { buildBundle, FIXTURE_PATHS, sha256 } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, login, startTestServer, type TestServer } from '../harness';

/** A lesson long enough that gzip pays, as real lessons are. */
const LONG_LESSON_TEXT = 'Pelayanan publik yang berorientasi pada kebutuhan masyarakat. '.repeat(400);
/** An image larger than what the server holds in memory (`SMALL_FILE_BYTES`): always streamed. */
const BIG_IMAGE = 'images/big.png';

describe.each(backends)('GET /api/files/:sha256 on $name', (backend) => {
  let server: TestServer;
  let cover: BundleFile;
  let coverBytes: Uint8Array;
  let lesson: BundleFile;
  let lessonBytes: Uint8Array;
  let quiz: BundleFile;
  let big: BundleFile;
  let bigBytes: Uint8Array;
  beforeAll(async () => {
    server = await startTestServer(backend);
    bigBytes = new Uint8Array(randomBytes(SMALL_FILE_BYTES + 1));
    const built = buildBundle({ lessonText: LONG_LESSON_TEXT, replaceFiles: { [BIG_IMAGE]: bigBytes } });
    await publishBundle(server, built.zip);
    const find = (path: string) => built.manifest.files.find((file) => file.path === path) as BundleFile;
    cover = find(FIXTURE_PATHS.cover);
    coverBytes = built.files.get(FIXTURE_PATHS.cover) as Uint8Array;
    lesson = find(FIXTURE_PATHS.firstLesson);
    lessonBytes = built.files.get(FIXTURE_PATHS.firstLesson) as Uint8Array;
    quiz = find(FIXTURE_PATHS.quiz);
    big = find(BIG_IMAGE);
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the bytes publicly, with its media type, length and immutable caching', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(coverBytes);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('content-length')).toBe(String(cover.size));
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${cover.sha256}"`);
  });

  it('sends lesson JSON gzipped (compressed once, at upload) to a client accepting it, with its own ETag', async () => {
    const response = await server.app.request(`/api/files/${lesson.sha256}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('etag')).toBe(`"${lesson.sha256}-gzip"`);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(lesson.size / 5);
    expect(new Uint8Array(gunzipSync(body))).toEqual(lessonBytes);
    // Stored beside the file at upload: serving it compresses nothing.
    const [row] = await server.db.query<{ gzip_sha256: string; gzip_size: number }>(
      'SELECT gzip_sha256, gzip_size FROM files WHERE sha256 = $1',
      [lesson.sha256],
    );
    expect(await server.blobs.has(row!.gzip_sha256)).toBe(true);
    expect(Number(row!.gzip_size)).toBe(body.length);
  });

  it.each(['identity', 'gzip;q=0', ''])('sends the plain bytes when gzip is not accepted (%j)', async (accept) => {
    const response = await server.app.request(`/api/files/${lesson.sha256}`, {
      headers: { 'accept-encoding': accept },
    });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(lessonBytes);
  });

  it('reads a small file from storage once, then answers every variant from memory (issue 15.6)', async () => {
    const variants = [{}, { 'accept-encoding': 'gzip' }, { range: 'bytes=10-' }] as Record<string, string>[];
    const serve = async (headers: Record<string, string>) => {
      const response = await server.app.request(`/api/files/${lesson.sha256}`, { headers });
      const body = new Uint8Array(await response.arrayBuffer());
      return headers['accept-encoding'] ? new Uint8Array(gunzipSync(body)) : body;
    };
    for (const headers of variants) await serve(headers);
    const whole = vi.spyOn(server.blobs, 'get');
    const opened = vi.spyOn(server.blobs, 'open');
    try {
      for (let i = 0; i < 3; i++) {
        expect(await serve(variants[0]!)).toEqual(lessonBytes);
        expect(await serve(variants[1]!)).toEqual(lessonBytes);
        expect(await serve(variants[2]!)).toEqual(lessonBytes.subarray(10));
      }
      expect(whole).not.toHaveBeenCalled();
      expect(opened).not.toHaveBeenCalled();
    } finally {
      whole.mockRestore();
      opened.mockRestore();
    }
  });

  it('streams a large file from storage on every request and never reads it whole', async () => {
    const whole = vi.spyOn(server.blobs, 'get');
    const opened = vi.spyOn(server.blobs, 'open');
    try {
      for (const headers of [{}, { 'accept-encoding': 'gzip' }, { range: 'bytes=10-' }] as Record<string, string>[]) {
        const response = await server.app.request(`/api/files/${big.sha256}`, { headers });
        const expected = headers.range === undefined ? bigBytes : bigBytes.subarray(10);
        // Compared by hash: a deep equality over 256 KiB takes seconds.
        expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(expected));
      }
      expect(whole).not.toHaveBeenCalled();
      expect(opened).toHaveBeenCalledTimes(3);
    } finally {
      whole.mockRestore();
      opened.mockRestore();
    }
  });

  it('looks a file up in the database once, then serves it from memory (issue 15.6)', async () => {
    expect((await server.app.request(`/api/files/${lesson.sha256}`)).ok).toBe(true);
    const queries = vi.spyOn(server.db, 'query');
    try {
      for (let i = 0; i < 3; i++) expect((await server.app.request(`/api/files/${lesson.sha256}`)).ok).toBe(true);
      expect(queries.mock.calls.filter(([sql]) => /FROM files/.test(String(sql)))).toEqual([]);
    } finally {
      queries.mockRestore();
    }
  });

  it('still asks every request for a quiz file to sign in once its metadata is cached', async () => {
    const { token } = await login(server.app, 'learner');
    expect((await server.app.request(`/api/files/${quiz.sha256}`, { headers: bearer(token) })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await server.app.request(`/api/files/${quiz.sha256}`)).status).toBe(401);
  });

  it('keeps no gzip copy of a file too small for it to pay', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(coverBytes);
  });

  it('serves a quiz file (its answer key) only to a signed-in user, and never to a shared cache', async () => {
    const anonymous = await server.app.request(`/api/files/${quiz.sha256}`);
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe('unauthorized');
    const forged = await server.app.request(`/api/files/${quiz.sha256}`, { headers: bearer('not-a-token') });
    expect(forged.status).toBe(401);
    const { token } = await login(server.app, 'learner');
    const signedIn = await server.app.request(`/api/files/${quiz.sha256}`, { headers: bearer(token) });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control')).toMatch(/^private,/);
    expect(JSON.parse(await signedIn.text())).toHaveProperty('questions');
    // Lessons and images stay public and immutable, for any CDN.
    expect((await server.app.request(`/api/files/${lesson.sha256}`)).headers.get('cache-control')).toMatch(/^public,/);
  });

  it('answers a resume request (bytes=N-) with 206 and the rest of the file, uncompressed', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, {
      headers: { range: 'bytes=10-', 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 10-${cover.size - 1}/${cover.size}`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(coverBytes.subarray(10));
  });

  it('answers a range past the end with 416', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, {
      headers: { range: `bytes=${cover.size}-` },
    });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe(`bytes */${cover.size}`);
  });

  it('tells browsers never to reinterpret a served file', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox;/);
  });

  it('sends Repr-Digest as the base64 of the sha256 digest', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`);
    expect(response.headers.get('repr-digest')).toBe(
      `sha-256=:${Buffer.from(cover.sha256, 'hex').toString('base64')}:`,
    );
  });

  it.each([
    (hash: string) => `"${hash}"`,
    (hash: string) => `W/"${hash}"`,
    (hash: string) => `"other", "${hash}"`,
    () => '*',
  ])('answers a matching If-None-Match with 304 and no body (%#)', async (ifNoneMatch) => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, {
      headers: { 'if-none-match': ifNoneMatch(cover.sha256) },
    });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    expect(response.headers.get('etag')).toBe(`"${cover.sha256}"`);
  });

  it('serves the bytes when If-None-Match names another file', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, {
      headers: { 'if-none-match': `"${'0'.repeat(64)}"` },
    });
    expect(response.status).toBe(200);
  });

  it.each(['abc', 'z'.repeat(64), 'A'.repeat(64)])(
    'a path that is not 64 lowercase hex (%s) is 400 bad_request',
    async (hash) => {
      const response = await server.app.request(`/api/files/${hash}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('bad_request');
    },
  );

  it('an unknown hash is 404 file_not_found', async () => {
    const response = await server.app.request(`/api/files/${'0'.repeat(64)}`);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('file_not_found');
  });
});
