import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, staticFiles } from '../../../src/server/http/static-files';

/** A script big enough to be worth compressing, like every chunk of the real build. */
const SCRIPT = `export const strings = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `kalimat ${i}`))};`;

/** A web manifest as the build writes it: well under 1 KB, like most of the app's chunks. */
const MANIFEST = JSON.stringify({
  name: 'Lentera — Pelatihan ASN',
  short_name: 'Lentera',
  description: 'Pelatihan ASN yang tetap bisa dipelajari tanpa internet.',
  icons: [192, 512].map((size) => ({ src: `/icons/icon-${size}.png`, sizes: `${size}x${size}`, type: 'image/png' })),
});

describe('the built app is sent compressed', () => {
  let dir: string;
  let app: Hono;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-static-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lentera</title>');
    await writeFile(join(dir, 'app.js'), SCRIPT);
    await writeFile(join(dir, 'icon.png'), Buffer.alloc(4096, 7));
    await writeFile(join(dir, 'manifest.webmanifest'), MANIFEST);
    await mkdir(join(dir, '.vite'));
    await writeFile(join(dir, '.vite', 'manifest.json'), '{"src/main.tsx":{"file":"assets/main.js"}}');
    await writeFile(join(dir, '.env'), 'SECRET=1');
    app = new Hono().get('*', staticFiles(dir));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const get = (path: string, acceptEncoding?: string) =>
    app.request(path, { headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } });

  it('as brotli to a browser that accepts it, and the bytes are the file', async () => {
    const response = await get('/app.js', 'gzip, deflate, br, zstd');
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBeLessThan(SCRIPT.length / 3);
    expect(brotliDecompressSync(body).toString()).toBe(SCRIPT);
  });

  it('as gzip to a client without brotli', async () => {
    const response = await get('/app.js', 'gzip');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(SCRIPT);
  });

  it('uncompressed to a client that asks for nothing or refuses both', async () => {
    for (const header of [undefined, 'identity', 'br;q=0, gzip;q=0', '*;q=0']) {
      const response = await get('/app.js', header);
      expect(response.headers.get('content-encoding')).toBeNull();
      expect(await response.text()).toBe(SCRIPT);
    }
  });

  it("never serves a hidden file or folder, such as the build's own map of every chunk", async () => {
    for (const path of ['/.vite/manifest.json', '/%2evite/manifest.json', '/.env', '/assets/../.env']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.text()).not.toContain('main.js');
    }
    expect((await get('/manifest.webmanifest')).status).toBe(200);
  });

  it('small files too, when compressing saves more than its headers cost', async () => {
    const response = await get('/manifest.webmanifest', 'gzip, deflate, br');
    expect(response.headers.get('content-encoding')).toBe('br');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.length).toBeLessThan(MANIFEST.length - 48);
    expect(brotliDecompressSync(body).toString()).toBe(MANIFEST);
  });

  it('never compresses what is compressed already or too small to gain', async () => {
    expect((await get('/icon.png', 'br')).headers.get('content-encoding')).toBeNull();
    expect((await get('/index.html', 'br')).headers.get('content-encoding')).toBeNull();
  });

  it('a rebuilt file is sent as rebuilt, not from the first compression', async () => {
    await get('/app.js', 'br');
    const rebuilt = SCRIPT.replace('kalimat', 'frasa');
    await writeFile(join(dir, 'app.js'), rebuilt);
    const later = new Date(Date.now() + 5_000);
    await utimes(join(dir, 'app.js'), later, later);
    const response = await get('/app.js', 'br');
    expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(rebuilt);
  });
});

describe('chooseEncoding', () => {
  const both = { br: true, gzip: true };
  it.each([
    ['br;q=1.0, gzip;q=0.8', 'br'],
    ['gzip, br;q=0', 'gzip'],
    ['x-gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['BR', 'br'],
    ['br;q=abc', 'identity'],
    ['', 'identity'],
    [`${'x,'.repeat(10_000)}br`, 'identity'],
  ] as const)('%j → %s', (header, expected) => {
    expect(chooseEncoding(header, both)).toBe(expected);
  });

  it('offers only what exists', () => {
    expect(chooseEncoding('br, gzip', { br: false, gzip: true })).toBe('gzip');
    expect(chooseEncoding('br', { br: false, gzip: false })).toBe('identity');
  });
});
