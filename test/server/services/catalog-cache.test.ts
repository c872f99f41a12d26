import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../src/server/app';
import { api, type CatalogResponse } from '../../../src/shared/protocol';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { publishingClient } from '../bundle-harness';
import { bearer, login, startTestServer, type TestServer } from '../harness';

/**
 * Issue 15.6: the catalog is kept in memory until a publish changes it — on any server of a
 * cluster. Two apps on one database stand for two server processes.
 */
describe.each(backends)('the cached catalog on $name', (backend) => {
  let server: TestServer;
  let other: ReturnType<typeof createApp>;
  let learner: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    other = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30 },
    });
    learner = (await login(server.app, 'learner')).token;
  });
  afterAll(async () => server.close());

  const catalog = async (app: typeof other) => {
    const response = await app.request(api.courses, { headers: bearer(learner) });
    expect(response.status).toBe(200);
    return ((await response.json()) as CatalogResponse).courses.map((course) => `${course.id}@${course.version}`);
  };

  it('is read from the database once, then served from memory while nothing is published', async () => {
    await catalog(server.app);
    const queries = vi.spyOn(server.db, 'query');
    try {
      for (let i = 0; i < 5; i++) await catalog(server.app);
      const catalogReads = queries.mock.calls.filter(([sql]) => /course_versions/.test(String(sql)));
      expect(catalogReads).toEqual([]);
    } finally {
      queries.mockRestore();
    }
  });

  it('changes on every server at once when a course is published, rolled back or unpublished on one', async () => {
    const admin = publishingClient(server.app, (await login(server.app, 'admin')).token);
    const before = await catalog(other);
    await admin.upload(buildBundle({ id: 'di-cache', version: '1.0.0' }).zip);
    await admin.upload(buildBundle({ id: 'di-cache', version: '1.1.0', lessonText: 'baru' }).zip);
    expect(await catalog(other)).toEqual(before); // uploaded is not published

    await admin.publish('di-cache', '1.1.0');
    expect(await catalog(other)).toContain('di-cache@1.1.0');
    await admin.publish('di-cache', '1.0.0');
    expect(await catalog(other)).toContain('di-cache@1.0.0');
    expect(await catalog(server.app)).toContain('di-cache@1.0.0');
    await admin.unpublish('di-cache');
    expect(await catalog(other)).toEqual(before);
  });
});
