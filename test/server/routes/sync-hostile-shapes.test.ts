import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncItemResult, SyncPushResponse } from '../../../src/shared/protocol';
import { FIXTURE_ANSWERS, FIXTURE_PATHS, buildBundle, zipEntries } from '../../fixtures/bundles';
import { backends } from '../backends';
import { problemsOf, publishingClient } from '../bundle-harness';
import { pushText, serverWithCourse } from '../sync-kit';

/**
 * Issue 9.2: a bad record is refused alone, never the batch. Depths and numbers are drawn at
 * random; each hostile record rides in a push beside an honest one, and the push must answer
 * 200 with the honest record stored.
 */
type JsonObject = Record<string, unknown>;
const clone = (value: object): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/** JSON text of `[{"a":[…]}]` `depth` levels deep, written as text: JSON.stringify itself overflows on it. */
function nestedText(depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    open.push(level % 2 === 0 ? '[' : '{"a":');
    close.push(level % 2 === 0 ? ']' : '}');
  }
  return `${open.join('')}"fondasi"${close.reverse().join('')}`;
}
const DEEP = '"@deep@"';

describe.each(backends)('hostile shapes and numbers on $name', (backend) => {
  const sync = serverWithCourse(backend, 'bentuk');

  /** Pushes raw JSON text and answers each record's result by id; fails the test on anything but 200. */
  async function pushTextOk(body: string): Promise<Map<string, SyncItemResult>> {
    const response = await pushText(sync.server.app, sync.token, body);
    expect(response.status, await response.clone().text()).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    return new Map(results.map((result) => [result.id, result]));
  }

  it('a statement nested past the limit is rejected alone as record_too_large, whatever the depth', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 17, max: 6_000 }), async (depth) => {
        const honest = sync.records.experienced('pengantar');
        const deep = clone(sync.records.experienced('nilai-dasar'));
        deep.result = { extensions: { 'https://lentera.id/xapi/extensions/deep': '@deep@' } };
        const results = await pushTextOk(
          JSON.stringify({ statements: [deep, honest], progress: [] }).replace(DEEP, nestedText(depth)),
        );
        expect(results.get(String(deep.id))).toMatchObject({ status: 'rejected', code: 'record_too_large' });
        expect(results.get(honest.id)?.status).toBe('stored');
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('5,000 levels deep anywhere in a statement (context, object definition) is refused alone', async () => {
    const deep = clone(sync.records.experienced('pengantar'));
    deep.context = { ...(deep.context as JsonObject), extensions: { 'https://x.test/e': '@deep@' } };
    const honest = sync.records.experienced('nilai-dasar');
    const results = await pushTextOk(
      JSON.stringify({ statements: [deep, honest], progress: [] }).replace(DEEP, nestedText(5_000)),
    );
    expect(results.get(String(deep.id))?.code).toBe('record_too_large');
    expect(results.get(honest.id)?.status).toBe('stored');
  });

  it('an objectType naming an Object.prototype member is refused alone, the statement beside it stored', async () => {
    for (const objectType of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      for (const field of ['object', 'actor'] as const) {
        const hostile = clone(sync.records.experienced('pengantar'));
        hostile[field] = { ...(hostile[field] as JsonObject), objectType };
        const honest = sync.records.experienced('nilai-dasar');
        const results = await pushTextOk(JSON.stringify({ statements: [honest, hostile], progress: [] }));
        expect(results.get(String(hostile.id))).toMatchObject({ status: 'rejected', code: 'invalid_statement' });
        expect(results.get(honest.id)?.status).toBe('stored');
      }
    }
  });

  it('a claimed score of any JSON number is stored (rounded) or refused alone, never a 500', async () => {
    const numbers = fc.oneof(
      fc.constantFrom(
        '5e-324',
        '-5e-324',
        '1e-308',
        '-0',
        '0.0',
        '1e308',
        '-1e308',
        '1.0000000000000002',
        '1e-45',
        '2.5e-46',
      ),
      fc.double({ min: -2, max: 2, noNaN: true }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(numbers, async (scaled) => {
        const [attempt] = sync.records
          .attempt('post-test', FIXTURE_ANSWERS.right)
          .map(clone)
          .filter((statement) => (statement.result as JsonObject | undefined)?.score !== undefined);
        if (attempt === undefined) throw new Error('no scored statement');
        const honest = sync.records.experienced('pengantar');
        const body = JSON.stringify({ statements: [attempt, honest], progress: [] }).replace(
          /"scaled":[^,}]+/,
          `"scaled":${scaled}`,
        );
        const results = await pushTextOk(body);
        expect(['stored', 'rejected']).toContain(results.get(String(attempt.id))?.status);
        expect(results.get(honest.id)?.status).toBe('stored');
      }),
      { numRuns: 25 },
    );
    const rows = await sync.server.db.query<{ client_scaled: number | null }>(
      'SELECT client_scaled FROM quiz_attempts',
    );
    for (const { client_scaled } of rows) {
      if (client_scaled !== null) expect(Math.abs(client_scaled)).toBeLessThanOrEqual(1);
    }
  }, 120_000);

  it('a reading position of any JSON number or string is stored or refused alone', async () => {
    const positions = fc.oneof(
      fc.constantFrom('5e-324', '1e-135', '-0', '1e308', '"NaN"', '"0.5"', '"Infinity"', 'null', '0.99999999999999999'),
      fc.double({ min: -1, max: 2, noNaN: true }).map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(positions, async (position) => {
        const hostile = sync.records.progress({
          lessonId: 'pengantar',
          openedAt: new Date().toISOString(),
          completedAt: null,
          position: 0.25,
        });
        const honest = sync.records.progress({
          lessonId: 'nilai-dasar',
          openedAt: new Date().toISOString(),
          completedAt: null,
          position: 0.5,
        });
        const body = JSON.stringify({ statements: [], progress: [hostile, honest] }).replace(
          '"position":0.25',
          `"position":${position}`,
        );
        const results = await pushTextOk(body);
        expect(['stored', 'rejected']).toContain(results.get(hostile.id)?.status);
        expect(results.get(honest.id)?.status).toBe('stored');
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('a lesson nested 1,000 deep is a 422 invalid_document at upload, and nothing is stored', async () => {
    const admin = publishingClient(sync.server.app, sync.adminToken);
    const lesson = { id: 'pengantar', title: { id: 'P', en: 'I' }, body: { id: ['@deep@'], en: [] } };
    const text = JSON.stringify(lesson).replace(DEEP, nestedText(1_000));
    const deep = buildBundle({ id: 'dalam', replaceFiles: { [FIXTURE_PATHS.firstLesson]: text } });
    const response = await admin.upload(deep.zip);
    expect(response.status).toBe(422);
    const problems = await problemsOf(response);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'invalid_document', path: FIXTURE_PATHS.firstLesson }),
    );
    expect(await sync.server.db.query("SELECT 1 FROM course_versions WHERE course_id = 'dalam'")).toHaveLength(0);
  });

  it('a manifest nested 5,000 deep is a 422 invalid_manifest, not a 500', async () => {
    const admin = publishingClient(sync.server.app, sync.adminToken);
    const manifest = buildBundle({ id: 'manifes-dalam' });
    const text = JSON.stringify({ ...manifest.manifest, description: '@deep@' }).replace(DEEP, nestedText(5_000));
    const response = await admin.upload(zipEntries({ 'manifest.json': text, ...Object.fromEntries(manifest.files) }));
    expect(response.status).toBe(422);
    expect((await problemsOf(response))[0]?.code).toBe('invalid_manifest');
  });
});
