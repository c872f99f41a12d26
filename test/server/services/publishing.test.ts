import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { verifyManifestSignature } from '../../../src/shared/bundle/signature';
import { bundleApi, type SignedManifest, type UploadBundleResponse } from '../../../src/shared/protocol/bundles';
import { bundleSize } from '../../../src/shared/schema/bundle';
import { buildBundle, FIXTURE_PATHS, zipEntries } from '../../fixtures/bundles';
import { backends } from '../backends';
import { blobFiles, problemsOf, publishingClient, storageSnapshot } from '../bundle-harness';
import { bearer, errorCode, login, startTestServer, type TestServer } from '../harness';

describe.each(backends)('bundle publishing on $name', (backend) => {
  let server: TestServer;
  /** The audit trail operators read in SQL: who published or withdrew which version, oldest first. */
  const publishEvents = (courseId: string) =>
    server.db.query<{
      action: string;
      version: string | null;
      previous_version: string | null;
      actor_id: string | null;
    }>('SELECT action, version, previous_version, actor_id FROM publish_events WHERE course_id = $1 ORDER BY id', [
      courseId,
    ]);
  let admin: ReturnType<typeof publishingClient>;
  let adminToken: string;
  let learnerToken: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    adminToken = (await login(server.app, 'admin')).token;
    learnerToken = (await login(server.app, 'learner')).token;
    admin = publishingClient(server.app, adminToken);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  const learnerGet = (path: string) => server.app.request(path, { headers: bearer(learnerToken) });

  it('an uploaded bundle is stored as a version but is not in the catalog until it is published', async () => {
    const { zip, manifest } = buildBundle({ id: 'unggah-dulu' });
    const response = await admin.upload(zip);
    expect(response.status).toBe(201);
    const body = (await response.json()) as UploadBundleResponse;
    expect(body).toEqual({
      version: '1.0.0',
      course: {
        id: 'unggah-dulu',
        title: manifest.title,
        publishedVersion: null,
        versions: [
          {
            version: '1.0.0',
            size: bundleSize(manifest),
            fileCount: 4,
            uploadedAt: expect.stringMatching(/Z$/),
            uploadedBy: 'Admin BKPSDM Demo',
            everPublished: false,
          },
        ],
      },
    });
    expect(await admin.catalogVersion('unggah-dulu')).toBeUndefined();
    expect((await learnerGet('/api/courses/unggah-dulu')).status).toBe(404);

    const published = await admin.publish('unggah-dulu', '1.0.0');
    expect(published.status).toBe(200);
    expect(await admin.catalogVersion('unggah-dulu')).toBe('1.0.0');
    expect((await learnerGet('/api/courses/unggah-dulu')).status).toBe(200);
  });

  it('publish v1, publish v2, roll back to v1: the catalog offers 1.0.0 again, v2 stays in history', async () => {
    const id = 'dengan-rollback';
    expect((await admin.upload(buildBundle({ id, version: '1.0.0', lessonText: 'v1' }).zip)).status).toBe(201);
    await admin.publish(id, '1.0.0');
    expect((await admin.upload(buildBundle({ id, version: '2.0.0', lessonText: 'v2' }).zip)).status).toBe(201);
    expect(await admin.catalogVersion(id)).toBe('1.0.0');
    await admin.publish(id, '2.0.0');
    expect(await admin.catalogVersion(id)).toBe('2.0.0');

    const rollback = await admin.publish(id, '1.0.0');
    expect(rollback.status).toBe(200);
    expect(await admin.catalogVersion(id)).toBe('1.0.0');
    const course = await admin.adminCourse(id);
    expect(course?.publishedVersion).toBe('1.0.0');
    expect(course?.versions.map((version) => version.version)).toEqual(['2.0.0', '1.0.0']);

    const events = await publishEvents(id);
    expect(events.map(({ action, version, previous_version }) => [action, version, previous_version])).toEqual([
      ['publish', '1.0.0', null],
      ['publish', '2.0.0', '1.0.0'],
      ['publish', '1.0.0', '2.0.0'],
    ]);
    expect(new Set(events.map((event) => event.actor_id))).toEqual(new Set([expect.stringMatching(/^[0-9a-f-]{36}$/)]));
  });

  it.each([
    {
      rule: 'the same version as the latest stored (2.0.0, uploaded, not published)',
      version: '2.0.0',
      code: 'version_exists',
    },
    {
      rule: 'a version older than the latest stored, even if never uploaded (1.5.0)',
      version: '1.5.0',
      code: 'older_version',
    },
    { rule: 'the published, older version again (1.0.0)', version: '1.0.0', code: 'version_exists' },
  ])('an upload of $rule is refused with 422 and nothing is stored', async ({ version, code }) => {
    const id = `versi-${version.replace(/\./g, '-')}`;
    await admin.upload(buildBundle({ id, version: '1.0.0', lessonText: `${id} v1` }).zip);
    await admin.publish(id, '1.0.0');
    await admin.upload(buildBundle({ id, version: '2.0.0', lessonText: `${id} v2` }).zip);
    const before = await storageSnapshot(server);

    const response = await admin.upload(buildBundle({ id, version, lessonText: `${id} again ${version}` }).zip);
    expect(response.status).toBe(422);
    expect(await problemsOf(response)).toEqual([
      { code, path: 'manifest.json', message: expect.stringContaining(version) },
    ]);
    expect(await storageSnapshot(server)).toEqual(before);
  });

  it('a refused upload answers 422 invalid_bundle listing every problem with code, path and message', async () => {
    const { manifest, files } = buildBundle({
      id: 'dua-masalah',
      tamper: { kind: 'missing-file', path: FIXTURE_PATHS.quiz },
    });
    const zip = zipEntries({
      'manifest.json': JSON.stringify(manifest),
      ...Object.fromEntries(files),
      'catatan.txt': 'x',
    });
    const response = await admin.upload(zip);
    expect(response.status).toBe(422);
    expect(await problemsOf(response)).toEqual([
      {
        code: 'missing_file',
        path: FIXTURE_PATHS.quiz,
        message: `${FIXTURE_PATHS.quiz} is listed but missing from the zip`,
      },
      {
        code: 'unlisted_file',
        path: 'catatan.txt',
        message: 'catatan.txt is in the zip but not listed in manifest.json',
      },
    ]);
  });

  it('unpublishing takes the course out of the catalog; its versions stay and it can be published again', async () => {
    await admin.upload(buildBundle({ id: 'ditarik' }).zip);
    await admin.publish('ditarik', '1.0.0');
    const response = await admin.unpublish('ditarik');
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as { course: { publishedVersion: string | null } }).course.publishedVersion,
    ).toBeNull();
    expect(await admin.catalogVersion('ditarik')).toBeUndefined();
    expect((await learnerGet('/api/courses/ditarik')).status).toBe(404);
    expect((await admin.adminCourse('ditarik'))?.versions).toHaveLength(1);
    expect((await admin.unpublish('ditarik')).status).toBe(200);
    await admin.publish('ditarik', '1.0.0');
    expect(await admin.catalogVersion('ditarik')).toBe('1.0.0');
    expect((await publishEvents('ditarik')).map((event) => event.action)).toEqual(['publish', 'unpublish', 'publish']);
  });

  it('v2 sharing all but one file with v1 stores only the new file as a blob and a files row', async () => {
    await admin.upload(buildBundle({ id: 'hemat', version: '1.0.0', lessonText: 'hemat v1' }).zip);
    const before = await storageSnapshot(server);
    const v2 = buildBundle({ id: 'hemat', version: '1.1.0', lessonText: 'hemat v2: only the first lesson changed' });
    expect((await admin.upload(v2.zip)).status).toBe(201);
    const after = await storageSnapshot(server);
    const changed = v2.manifest.files.find((file) => file.path === FIXTURE_PATHS.firstLesson)!.sha256;
    // The new file, and its gzip copy when the upload kept one: nothing of the shared files again.
    const [row] = await server.db.query<{ gzip_sha256: string | null }>(
      'SELECT gzip_sha256 FROM files WHERE sha256 = $1',
      [changed],
    );
    const expected = [changed, ...(row?.gzip_sha256 ? [row.gzip_sha256] : [])].sort();
    expect(after.blobs.filter((name) => !before.blobs.includes(name)).sort()).toEqual(expected);
    expect(after.files.length - before.files.length).toBe(1);
  });

  it('publishing a version that was never uploaded is 404, and so is an unknown course', async () => {
    await admin.upload(buildBundle({ id: 'satu-versi' }).zip);
    const unknownVersion = await admin.publish('satu-versi', '9.0.0');
    expect([unknownVersion.status, await errorCode(unknownVersion)]).toEqual([404, 'not_found']);
    const unknownCourse = await admin.publish('tidak-ada', '1.0.0');
    expect([unknownCourse.status, await errorCode(unknownCourse)]).toEqual([404, 'course_not_found']);
    expect((await admin.unpublish('tidak-ada')).status).toBe(404);
    // Path parameters that cannot name a course or version (a NUL byte PostgreSQL would refuse) are 404 too, never 500.
    for (const [method, path] of [
      ['POST', bundleApi.unpublish('\0')],
      ['GET', bundleApi.versionManifest('\0', '1.0.0')],
      ['GET', bundleApi.versionManifest('satu-versi', '\0')],
    ] as const) {
      expect((await server.app.request(path, { method, headers: bearer(adminToken) })).status).toBe(404);
    }
    expect((await admin.publish('\0', '1.0.0')).status).toBe(404);
    const badBody = await server.app.request(bundleApi.publish('satu-versi'), {
      method: 'POST',
      headers: { ...bearer(adminToken), 'content-type': 'application/json' },
      body: JSON.stringify({ version: 'terbaru' }),
    });
    expect(badBody.status).toBe(400);
  });

  it('the admin preview answers any stored version (published or not) with manifest and signature', async () => {
    const { manifest } = buildBundle({ id: 'pratinjau', version: '3.1.4' });
    await admin.upload(buildBundle({ id: 'pratinjau', version: '3.1.4' }).zip);
    const response = await server.app.request(bundleApi.versionManifest('pratinjau', '3.1.4'), {
      headers: bearer(adminToken),
    });
    expect(response.status).toBe(200);
    const signed = (await response.json()) as SignedManifest;
    expect(signed.manifest).toEqual(manifest);
    const { publicKey } = (await (await server.app.request(bundleApi.signingKey)).json()) as { publicKey: string };
    expect(await verifyManifestSignature(signed.manifest, signed.signature, publicKey)).toBe(true);
    const missing = await server.app.request(bundleApi.versionManifest('pratinjau', '0.0.1'), {
      headers: bearer(adminToken),
    });
    expect(missing.status).toBe(404);
  });

  it('the admin course list shows every course with its version history, newest first', async () => {
    const response = await server.app.request(bundleApi.adminCourses, { headers: bearer(adminToken) });
    expect(response.status).toBe(200);
    const { courses } = (await response.json()) as { courses: { id: string; versions: { version: string }[] }[] };
    expect(courses.map((course) => course.id)).toEqual([...courses.map((course) => course.id)].sort());
    expect(
      courses.find((course) => course.id === 'dengan-rollback')?.versions.map((version) => version.version),
    ).toEqual(['2.0.0', '1.0.0']);
  });

  const adminRoutes: [string, string, () => RequestInit][] = [
    [
      'POST',
      bundleApi.upload,
      () => ({
        headers: { 'content-type': 'application/zip' },
        body: buildBundle({ id: 'oleh-pelajar' }).zip as Uint8Array<ArrayBuffer>,
      }),
    ],
    ['GET', bundleApi.adminCourses, () => ({})],
    ['GET', bundleApi.versionManifest('unggah-dulu', '1.0.0'), () => ({})],
    [
      'POST',
      bundleApi.publish('unggah-dulu'),
      () => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ version: '1.0.0' }) }),
    ],
    ['POST', bundleApi.unpublish('unggah-dulu'), () => ({})],
    ['DELETE', bundleApi.versionManifest('unggah-dulu', '1.0.0'), () => ({})],
  ];

  it('deletes a version never published, and keeps one ever published (phones may hold it)', async () => {
    const remove = (version: string) =>
      server.app.request(bundleApi.versionManifest('hapus-versi', version), {
        method: 'DELETE',
        headers: bearer(adminToken),
      });
    await admin.upload(buildBundle({ id: 'hapus-versi', version: '1.0.0' }).zip);
    expect((await admin.publish('hapus-versi', '1.0.0')).status).toBe(200);
    await admin.upload(buildBundle({ id: 'hapus-versi', version: '1.1.0', lessonText: 'keliru' }).zip);
    await admin.upload(buildBundle({ id: 'hapus-versi', version: '1.2.0', lessonText: 'dicoba' }).zip);
    expect((await admin.publish('hapus-versi', '1.2.0')).status).toBe(200);
    expect((await admin.publish('hapus-versi', '1.0.0')).status).toBe(200); // rollback: 1.2.0 was published once

    const listed = async () =>
      (await admin.adminCourse('hapus-versi'))!.versions.map(({ version, everPublished }) => [version, everPublished]);
    expect(await listed()).toEqual([
      ['1.2.0', true],
      ['1.1.0', false],
      ['1.0.0', true],
    ]);
    const deleted = await remove('1.1.0');
    expect(deleted.status).toBe(200);
    expect(await listed()).toEqual([
      ['1.2.0', true],
      ['1.0.0', true],
    ]);
    for (const kept of ['1.0.0', '1.2.0']) {
      const refused = await remove(kept);
      expect([refused.status, await errorCode(refused)]).toEqual([409, 'version_was_published']);
    }
    const missing = await remove('1.1.0');
    expect([missing.status, await errorCode(missing)]).toEqual([404, 'not_found']);
    const unknown = await server.app.request(bundleApi.versionManifest('tidak-ada', '1.0.0'), {
      method: 'DELETE',
      headers: bearer(adminToken),
    });
    expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'course_not_found']);
  });

  it.each(adminRoutes)('a learner gets 403 forbidden on %s %s, and no token gets 401', async (method, path, init) => {
    const before = await storageSnapshot(server);
    const request = init();
    const asLearner = await server.app.request(path, {
      ...request,
      method,
      headers: { ...(request.headers as Record<string, string>), ...bearer(learnerToken) },
    });
    expect([asLearner.status, await errorCode(asLearner)]).toEqual([403, 'forbidden']);
    const anonymous = await server.app.request(path, { ...init(), method });
    expect(anonymous.status).toBe(401);
    expect(await storageSnapshot(server)).toEqual(before);
  });

  it('the signing key is public: no token needed', async () => {
    expect((await server.app.request(bundleApi.signingKey)).status).toBe(200);
  });

  it('an upload not sent as application/zip is 400 and an empty one is not a zip', async () => {
    const asJson = await admin.upload(buildBundle({ id: 'salah-tipe' }).zip, 'application/json');
    expect([asJson.status, await errorCode(asJson)]).toEqual([400, 'bad_request']);
    const empty = await admin.upload(new Uint8Array(0));
    expect(empty.status).toBe(422);
    expect((await problemsOf(empty)).map((problem) => problem.code)).toEqual(['not_a_zip']);
  });

  describe('with an upload cap of 2 KiB', () => {
    let small: ReturnType<typeof createApp>;
    beforeAll(() => {
      small = createApp({
        db: server.db,
        blobs: server.blobs,
        config: { staticDir: server.staticDir, tokenTtlDays: 30, bundleLimits: { maxZipBytes: 2048 } },
      });
    });

    it('a larger body is 413 payload_too_large, length declared or streamed, and nothing is stored', async () => {
      const zip = buildBundle({
        id: 'terlalu-besar',
        replaceFiles: { 'images/big.png': new Uint8Array(4096).map((_, index) => (index * 7919) % 251) },
      }).zip;
      const before = await storageSnapshot(server);
      const declared = await small.request(bundleApi.upload, {
        method: 'POST',
        headers: { ...bearer(adminToken), 'content-type': 'application/zip', 'content-length': String(zip.length) },
        body: zip as Uint8Array<ArrayBuffer>,
      });
      expect([declared.status, await errorCode(declared)]).toEqual([413, 'payload_too_large']);
      const chunks = [zip.subarray(0, 1000), zip.subarray(1000, 2000), zip.subarray(2000)];
      const streamed = await small.request(bundleApi.upload, {
        method: 'POST',
        headers: { ...bearer(adminToken), 'content-type': 'application/zip' },
        body: new ReadableStream({
          pull: (controller) => (chunks.length > 0 ? controller.enqueue(chunks.shift()) : controller.close()),
        }),
        duplex: 'half',
      } as RequestInit);
      expect([streamed.status, await errorCode(streamed)]).toEqual([413, 'payload_too_large']);
      expect(await storageSnapshot(server)).toEqual(before);
    });
  });

  it('blob files are named by their sha256 (content addressing)', async () => {
    const names = await blobFiles(join(server.dir, 'files'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => /^[0-9a-f]{64}$/.test(name))).toBe(true);
  });
});
