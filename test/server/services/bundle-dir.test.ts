import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundleDir } from '../../../src/server/services/bundle-dir';
import { listCatalog } from '../../../src/server/services/courses';
import { unpublishCourse } from '../../../src/server/services/publishing';
import { buildBundle, FIXTURE_PATHS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { startTestServer, type TestServer } from '../harness';

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
    await writeFile(
      join(bundlesDir, 'b-rusak.zip'),
      buildBundle({ id: 'rusak', tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz } }).zip,
    );
    await writeFile(join(bundlesDir, 'catatan.txt'), 'not a bundle');

    const imports = await importBundleDir(server, bundlesDir);

    expect(imports.map((entry) => [entry.file, entry.ok])).toEqual([
      ['a-baik.zip', true],
      ['b-rusak.zip', false],
    ]);
    expect(imports[1]).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/post-test.json is listed but missing/)],
    });
    expect((await listCatalog(server.db)).map((course) => course.id)).toEqual(['baik']);
  });

  it('on restart a newer version in the folder is uploaded and published; an equal or older is skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lentera-bundles-'));
    try {
      await writeFile(
        join(dir, 'berkala-1.0.0.zip'),
        buildBundle({ id: 'berkala', version: '1.0.0', lessonText: 'v1' }).zip,
      );
      expect((await importBundleDir(server, dir)).map((entry) => entry.ok && entry.result.outcome)).toEqual([
        'published',
      ]);

      await writeFile(
        join(dir, 'berkala-0.9.0.zip'),
        buildBundle({ id: 'berkala', version: '0.9.0', lessonText: 'v0.9' }).zip,
      );
      await writeFile(
        join(dir, 'berkala-1.1.0.zip'),
        buildBundle({ id: 'berkala', version: '1.1.0', lessonText: 'v1.1' }).zip,
      );
      const imports = await importBundleDir(server, dir);
      expect(imports.map((entry) => [entry.file, entry.ok && entry.result.outcome])).toEqual([
        ['berkala-0.9.0.zip', 'kept-newer'],
        ['berkala-1.0.0.zip', 'unchanged'],
        ['berkala-1.1.0.zip', 'published'],
      ]);
      expect((await listCatalog(server.db)).find((course) => course.id === 'berkala')?.version).toBe('1.1.0');
      // The older one was skipped, not stored.
      expect(
        await server.db.query(`SELECT version FROM course_versions WHERE course_id = 'berkala' ORDER BY version`),
      ).toEqual([{ version: '1.0.0' }, { version: '1.1.0' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a course an admin unpublished stays unpublished across restarts with the same bundle in the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lentera-bundles-'));
    try {
      await writeFile(join(dir, 'ditarik.zip'), buildBundle({ id: 'ditarik-admin' }).zip);
      await importBundleDir(server, dir);
      expect((await unpublishCourse(server.db, 'ditarik-admin', null)).ok).toBe(true);
      expect((await importBundleDir(server, dir))[0]).toMatchObject({ ok: true, result: { outcome: 'unchanged' } });
      expect((await listCatalog(server.db)).map((course) => course.id)).not.toContain('ditarik-admin');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
