import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundleDir } from '../../src/server/services/bundle-dir';
import { listCatalog } from '../../src/server/services/courses';
import { buildBundle, FIXTURE_PATHS } from '../fixtures/bundles';
import { backends } from './backends';
import { startTestServer, type TestServer } from './harness';

describe.each(backends)('importing the bundles folder on $name', (backend) => {
  let server: TestServer;
  let bundlesDir: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    bundlesDir = await mkdtemp(join(tmpdir(), 'lentera-bundles-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(bundlesDir, { recursive: true, force: true });
  });

  it('publishes every valid zip and skips a broken one with its problems', async () => {
    await writeFile(join(bundlesDir, 'a-baik.zip'), buildBundle({ id: 'baik' }).zip);
    await writeFile(join(bundlesDir, 'b-rusak.zip'), buildBundle({ id: 'rusak', tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } }).zip);
    await writeFile(join(bundlesDir, 'catatan.txt'), 'not a bundle');

    const imports = await importBundleDir(server, bundlesDir);

    expect(imports.map((entry) => [entry.file, entry.ok])).toEqual([
      ['a-baik.zip', true],
      ['b-rusak.zip', false],
    ]);
    expect(imports[1]).toMatchObject({ ok: false, problems: [expect.stringMatching(/post-test.json is listed but missing/)] });
    expect((await listCatalog(server.db)).map((course) => course.id)).toEqual(['baik']);
  });
});
