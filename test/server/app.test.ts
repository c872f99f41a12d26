import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/server/app';
import type { Db } from '../../src/server/db/db';
import { PROTOCOL_VERSION } from '../../src/shared/protocol';
import { backends } from './backends';
import { errorCode, postJson, startTestServer, type TestServer } from './harness';

const INDEX_HTML = '<!doctype html><title>Lentera</title>';

describe.each(backends)('app shell and API conventions on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await mkdir(join(server.staticDir, 'assets'), { recursive: true });
    await writeFile(join(server.staticDir, 'index.html'), INDEX_HTML);
    await writeFile(join(server.staticDir, 'assets', 'index-3f2a1b.js'), 'console.log(1)');
    await writeFile(join(server.staticDir, 'sw.js'), 'self.skipWaiting()');
    await writeFile(join(server.staticDir, 'manifest.webmanifest'), '{}');
    await writeFile(join(server.dir, 'secret.txt'), 'outside the static dir');
  });
  afterAll(async () => {
    await server.close();
  });

  it('/ answers index.html, revalidated on every visit', async () => {
    const response = await server.app.request('/');
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('hashed /assets files are cached as immutable', async () => {
    const response = await server.app.request('/assets/index-3f2a1b.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['/sw.js', 'text/javascript; charset=utf-8'],
    ['/manifest.webmanifest', 'application/manifest+json'],
  ])('the shell file %s is revalidated and typed %s', async (path, type) => {
    const response = await server.app.request(path);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('a deep link to an app route answers index.html (SPA fallback)', async () => {
    const response = await server.app.request('/courses/etika-berakhlak/lessons/pengantar');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
  });

  it('a missing hashed asset is 404, not index.html', async () => {
    const response = await server.app.request('/assets/gone-000000.js');
    expect(response.status).toBe(404);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt'])(
    'never serves a file outside the static dir (%s)',
    async (path) => {
      const response = await server.app.request(path);
      expect(await response.text()).not.toContain('outside the static dir');
    },
  );

  it('an unknown /api path is a JSON 404 not_found, never the app shell', async () => {
    const response = await server.app.request('/api/unknown');
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('not_found');
  });

  it('every /api answer carries the protocol version and no-store, errors included', async () => {
    for (const response of [
      await server.app.request('/api/unknown'),
      await postJson(server.app, '/api/auth/login', {}),
    ]) {
      expect(response.headers.get('x-lentera-protocol')).toBe(String(PROTOCOL_VERSION));
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('unexpected failures', () => {
  it('a crash inside a route is logged and answered as 500 internal JSON', async () => {
    const brokenDb: Db = {
      query: () => Promise.reject(new Error('database is down')),
      exec: () => Promise.reject(new Error('database is down')),
      transaction: () => Promise.reject(new Error('database is down')),
      close: () => Promise.resolve(),
    };
    const app = createApp({
      db: brokenDb,
      blobs: { has: vi.fn(), put: vi.fn(), get: vi.fn(), open: vi.fn() },
      config: { staticDir: '/nonexistent', tokenTtlDays: 30 },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await app.request('/api/files/' + 'a'.repeat(64));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
