import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../../../src/server/http/static-files';

/** Files a deploy removes after the server found them and before it read them. */
const removedWhileRead = new Set<string>();
const readDuringDeploy = (file: string): Promise<Buffer> =>
  removedWhileRead.has(file)
    ? Promise.reject(Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' }))
    : readFile(file);

describe('a file removed by a deploy while it is being served', () => {
  let dir: string;
  let app: Hono;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lentera-static-deploy-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Lentera</title>');
    await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"Lentera"}');
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'assets', 'old-chunk.js'), 'export const a = 1;');
    app = new Hono().get('*', staticFiles(dir, readDuringDeploy));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is a 404 for a hashed asset, which the page recovers from, not a server error', async () => {
    removedWhileRead.add(join(dir, 'assets', 'old-chunk.js'));
    const response = await app.request('/assets/old-chunk.js');
    expect(response.status).toBe(404);
  });

  it('is the app shell for any other path, not a server error', async () => {
    removedWhileRead.add(join(dir, 'manifest.webmanifest'));
    const shell = await app.request('/manifest.webmanifest');
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<title>Lentera</title>');
  });
});
