import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CourseVersionConflictError, publishBundle } from '../../../src/server/services/bundle-dir';
import { listCatalog } from '../../../src/server/services/courses';
import { BundleError } from '../../../src/shared/bundle/read';
import type { CatalogResponse, CourseManifestResponse } from '../../../src/shared/protocol';
import { bundleSize } from '../../../src/shared/schema/bundle';
import { buildBundle, FIXTURE_PATHS, type Tamper } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, login, startTestServer, type TestServer } from '../harness';

describe.each(backends)('courses on $name', (backend) => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    token = (await login(server.app, 'learner')).token;
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (path: string) => server.app.request(path, { headers: bearer(token) });
  const countRows = async (table: string) =>
    Number((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n);

  it('a published bundle is listed in the catalog with its download size', async () => {
    const { zip, manifest } = buildBundle({ id: 'etika-berakhlak' });
    expect((await publishBundle(server, zip)).outcome).toBe('published');
    const response = await get('/api/courses');
    expect(response.status).toBe(200);
    const { courses } = (await response.json()) as CatalogResponse;
    expect(courses.find((course) => course.id === 'etika-berakhlak')).toEqual({
      id: 'etika-berakhlak',
      version: '1.0.0',
      title: manifest.title,
      description: manifest.description,
      jp: 2,
      competency: 'sosial-kultural',
      lessonCount: 2,
      size: bundleSize(manifest),
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      // The cover image, by the sha256 the phone fetches it with (api.file).
      ...(manifest.cover ? { cover: manifest.files.find((file) => file.path === manifest.cover)?.sha256 } : {}),
    });
  });

  it('the catalog needs a signed-in user', async () => {
    const response = await server.app.request('/api/courses');
    expect(response.status).toBe(401);
  });

  it('GET /api/courses/:id answers the published manifest', async () => {
    const { zip, manifest } = buildBundle({ id: 'manifest-course' });
    await publishBundle(server, zip);
    const response = await get('/api/courses/manifest-course');
    expect(response.status).toBe(200);
    expect(((await response.json()) as CourseManifestResponse).manifest).toEqual(manifest);
  });

  it.each(['tidak-ada', '%00', 'Bukan%20Slug', 'tidak-ada/bundle', '%00/bundle'])(
    'an unknown course (%s) is 404 course_not_found, never a 500',
    async (id) => {
      const response = await get(`/api/courses/${id}`);
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('course_not_found');
    },
  );

  it.each<Tamper>([
    { kind: 'wrong-hash', path: FIXTURE_PATHS.firstLesson },
    { kind: 'missing-file', path: FIXTURE_PATHS.secondLesson },
    { kind: 'extra-file', path: 'unlisted.bin' },
  ])('a bundle with a $kind is refused and nothing of it is stored', async (tamper) => {
    const id = `rusak-${tamper.kind}`;
    const { zip, manifest } = buildBundle({ id, lessonText: `unique text for ${id}`, tamper });
    const [filesBefore, versionsBefore] = [await countRows('files'), await countRows('course_versions')];
    await expect(publishBundle(server, zip)).rejects.toBeInstanceOf(BundleError);
    expect((await listCatalog(server.db)).map((course) => course.id)).not.toContain(id);
    expect(await server.db.query('SELECT id FROM courses WHERE id = $1', [id])).toEqual([]);
    expect([await countRows('files'), await countRows('course_versions')]).toEqual([filesBefore, versionsBefore]);
    const uniqueLesson = manifest.files.find((file) => file.path === FIXTURE_PATHS.firstLesson);
    if (uniqueLesson) expect(await server.blobs.has(uniqueLesson.sha256)).toBe(false);
  });

  it('publishing the same id and version again is a no-op', async () => {
    const { zip } = buildBundle({ id: 'dua-kali' });
    await publishBundle(server, zip);
    const before = await server.db.query('SELECT * FROM courses WHERE id = $1', ['dua-kali']);
    const [filesBefore, versionsBefore] = [await countRows('files'), await countRows('course_versions')];
    expect((await publishBundle(server, zip)).outcome).toBe('unchanged');
    expect(await server.db.query('SELECT * FROM courses WHERE id = $1', ['dua-kali'])).toEqual(before);
    expect([await countRows('files'), await countRows('course_versions')]).toEqual([filesBefore, versionsBefore]);
  });

  it('changed content under an already published version is refused: versions are immutable', async () => {
    await publishBundle(server, buildBundle({ id: 'tetap', lessonText: 'versi pertama' }).zip);
    const changed = buildBundle({ id: 'tetap', lessonText: 'diam-diam diubah' }).zip;
    await expect(publishBundle(server, changed)).rejects.toBeInstanceOf(CourseVersionConflictError);
  });

  it('a newer version replaces the published one; importing an older one later does not roll back', async () => {
    await publishBundle(server, buildBundle({ id: 'berversi', version: '1.2.0', lessonText: 'v1.2' }).zip);
    expect(
      (await publishBundle(server, buildBundle({ id: 'berversi', version: '1.10.0', lessonText: 'v1.10' }).zip))
        .outcome,
    ).toBe('published');
    expect(
      (await publishBundle(server, buildBundle({ id: 'berversi', version: '1.9.0', lessonText: 'v1.9' }).zip)).outcome,
    ).toBe('kept-newer');
    const entry = (await listCatalog(server.db)).find((course) => course.id === 'berversi');
    expect(entry?.version).toBe('1.10.0');
  });
});
