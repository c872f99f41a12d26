import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { buildBundle, FIXTURE_PATHS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { startTestServer, type TestServer } from '../harness';

/** Every kind of answer this origin gives: the app shell, an app route, an asset, API JSON, errors, a course file. */
describe.each(backends)('security headers on $name', (backend) => {
  let server: TestServer;
  let coverUrl: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await mkdir(join(server.staticDir, 'assets'), { recursive: true });
    await writeFile(join(server.staticDir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(join(server.staticDir, 'assets', 'app-1.js'), 'export {}');
    const built = buildBundle();
    await publishBundle(server, built.zip);
    coverUrl = `/api/files/${built.manifest.files.find((file) => file.path === FIXTURE_PATHS.cover)!.sha256}`;
  });
  afterAll(async () => server.close());

  const csp = (response: Response) =>
    new Map(
      (response.headers.get('content-security-policy') ?? '')
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values.join(' ')]),
    );

  it.each(['/', '/kursus/x', '/assets/app-1.js', '/assets/missing.js'])(
    'the app (%s) may run only its own scripts and cannot be framed',
    async (path) => {
      const response = await server.app.request(path);
      const policy = csp(response);
      expect(policy.get('script-src')).toBe("'self'");
      expect(policy.get('object-src')).toBe("'none'");
      expect(policy.get('base-uri')).toBe("'none'");
      expect(policy.get('frame-ancestors')).toBe("'none'");
      expect(policy.get('default-src')).toBe("'self'");
      // No way around script-src: no inline, no eval, no data: or blob: scripts.
      expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|strict-dynamic/);
      expect(policy.get('script-src')).not.toMatch(/data:|blob:|\*/);
    },
  );

  it.each(['/api/catalog', '/api/nothing-here', `/api/files/${'0'.repeat(64)}`])(
    'an API answer (%s) allows nothing and is sandboxed',
    async (path) => {
      const policy = csp(await server.app.request(path));
      expect(policy.get('default-src')).toBe("'none'");
      expect(policy.has('sandbox')).toBe(true);
    },
  );

  it('a course file opened alone is sandboxed without script', async () => {
    const response = await server.app.request(coverUrl);
    expect(response.status).toBe(200);
    const policy = csp(response);
    expect(policy.has('sandbox')).toBe(true);
    expect(policy.get('sandbox')).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.has('script-src')).toBe(false);
  });

  it.each(['/', '/api/catalog', () => coverUrl])(
    'sends nosniff, a referrer policy and a permissions policy (%s)',
    async (path) => {
      const response = await server.app.request(typeof path === 'string' ? path : path());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('permissions-policy')).toMatch(/camera=\(\)/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    },
  );
});
