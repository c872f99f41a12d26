import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { BUNDLE_PROBLEM_CODES, type BundleProblemCode } from '../../../src/shared/protocol/bundles';
import { CORPUS_LIMITS, PUBLISHED_BASE, publishedBase } from '../../fixtures/broken-bundles/corpus';
import { backends } from '../backends';
import { problemsOf, publishingClient, storageSnapshot } from '../bundle-harness';
import { login, startTestServer, type TestServer } from '../harness';

const CORPUS_DIR = fileURLToPath(new URL('../../fixtures/broken-bundles/', import.meta.url));

/** The README table is the corpus' index: `| \`file.zip\` | \`code\` | what |`. */
function corpusTable(): { file: string; code: BundleProblemCode }[] {
  const readme = readFileSync(`${CORPUS_DIR}/README.md`, 'utf8');
  return [...readme.matchAll(/^\| `([^`]+\.zip)` \| `([a-z_]+)` \|/gm)].map((match) => ({
    file: match[1]!,
    code: match[2] as BundleProblemCode,
  }));
}

const table = corpusTable();

describe('the broken-bundle corpus', () => {
  it('the README table lists every zip in the folder, once, each with a known problem code', () => {
    const zips = readdirSync(CORPUS_DIR).filter((name) => name.endsWith('.zip'));
    expect(table.map((row) => row.file).sort()).toEqual(zips.sort());
    expect(table.length).toBeGreaterThanOrEqual(15);
    for (const { code } of table) expect(BUNDLE_PROBLEM_CODES).toContain(code);
  });
});

describe.each(backends)('the broken-bundle corpus uploaded on $name', (backend) => {
  let server: TestServer;
  let admin: ReturnType<typeof publishingClient>;
  let before: Awaited<ReturnType<typeof storageSnapshot>>;
  beforeAll(async () => {
    server = await startTestServer(backend);
    const app = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, bundleLimits: CORPUS_LIMITS },
    });
    admin = publishingClient(app, (await login(app, 'admin')).token);
    expect((await admin.upload(publishedBase())).status).toBe(201);
    expect((await admin.publish(PUBLISHED_BASE.id!, PUBLISHED_BASE.version!)).status).toBe(200);
    before = await storageSnapshot(server);
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it.each(table)('$file is refused with 422 $code and nothing of it is stored', async ({ file, code }) => {
    const response = await admin.upload(readFileSync(`${CORPUS_DIR}/${file}`));
    expect(response.status).toBe(422);
    const problems = await problemsOf(response);
    expect(problems[0]?.code).toBe(code);
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(0);
    expect(await storageSnapshot(server)).toEqual(before);
  });

  it('after the whole corpus the catalog still offers only the published base, unchanged', async () => {
    const after = await storageSnapshot(server);
    expect(after).toEqual(before);
    expect(after.catalog.map((course) => [course.id, course.version])).toEqual([
      [PUBLISHED_BASE.id, PUBLISHED_BASE.version],
    ]);
  });
});
