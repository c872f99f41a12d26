import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import type { BundleFile } from '../../src/shared/schema/bundle';
import { buildBundle, FIXTURE_PATHS } from '../fixtures/bundles';
import { backends } from './backends';
import { errorCode, startTestServer, type TestServer } from './harness';

describe.each(backends)('GET /api/files/:sha256 on $name', (backend) => {
  let server: TestServer;
  let cover: BundleFile;
  let coverBytes: Uint8Array;
  beforeAll(async () => {
    server = await startTestServer(backend);
    const built = buildBundle();
    await publishBundle(server, built.zip);
    cover = built.manifest.files.find((file) => file.path === FIXTURE_PATHS.cover) as BundleFile;
    coverBytes = built.files.get(FIXTURE_PATHS.cover) as Uint8Array;
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

  it('sends lesson JSON and SVG gzipped to a client that accepts it: the same content, with its own ETag', async () => {
    const response = await server.app.request(`/api/files/${cover.sha256}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    expect(response.headers.get('etag')).toBe(`"${cover.sha256}-gzip"`);
    const body = new Uint8Array(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(new Uint8Array(gunzipSync(body))).toEqual(coverBytes);
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
