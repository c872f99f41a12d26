import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/id';
import { SYNC_BATCH_LIMIT, type StatementConflict, type SyncPushResponse } from '../../../src/shared/protocol';
import { EXTENSIONS } from '../../../src/shared/xapi/statement';
import { buildBundle, FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, inUseSince, postJson } from '../harness';
import {
  getJson,
  learnerRecords,
  push,
  pushOk,
  pushText,
  serverWithCourse,
  SETUP_TIMEOUT_MS,
  signInNewLearner,
  statusesOf,
} from '../sync-kit';

const SYNC_TABLES = [
  'statements',
  'statement_conflicts',
  'quiz_attempts',
  'lesson_progress',
  'feedback_ratings',
  'feedback_comments',
  'course_completions',
];

describe.each(backends)('sync push on $name', (backend) => {
  const sync = serverWithCourse(backend, 'sinkron');
  let otherToken: string;

  beforeAll(async () => {
    otherToken = (await signInNewLearner(sync.server, '199001012015021001', 'Budi Santoso')).token;
    await inUseSince(sync.server.db);
  }, SETUP_TIMEOUT_MS);

  const rowCounts = async () =>
    Object.fromEntries(
      await Promise.all(
        SYNC_TABLES.map(async (table) => [
          table,
          (await sync.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n,
        ]),
      ),
    );

  const mixedBatch = () => {
    const statements = [
      ...sync.records.attempt('post-test', FIXTURE_ANSWERS.right),
      sync.records.experienced('pengantar'),
      ...sync.records.feedback({ relevance: 5, difficulty: 2, clarity: 4, usefulness: 5 }, 'Bermanfaat'),
    ];
    const progress = [
      sync.records.progress({
        lessonId: 'nilai-dasar',
        openedAt: new Date().toISOString(),
        completedAt: null,
        position: 0.4,
      }),
    ];
    return { statements, progress };
  };

  it('a new batch is stored: one answer per record, each stored', async () => {
    const batch = mixedBatch();
    expect(await pushOk(sync.server.app, sync.token, batch)).toEqual({
      ...statusesOf(batch.statements, 'stored'),
      ...statusesOf(batch.progress, 'stored'),
    });
  });

  it('replaying the same batch answers duplicate for every statement and changes no row', async () => {
    const batch = mixedBatch();
    await pushOk(sync.server.app, sync.token, batch);
    const before = await rowCounts();
    const replayed = await pushOk(sync.server.app, sync.token, batch);
    expect(replayed).toEqual({ ...statusesOf(batch.statements, 'duplicate'), ...statusesOf(batch.progress, 'stored') });
    expect(await rowCounts()).toEqual(before);
  });

  it('the same statement with its keys in another order or its id in upper case is a duplicate', async () => {
    const statement = sync.records.experienced('pengantar');
    await pushOk(sync.server.app, sync.token, { statements: [statement] });
    const reordered = Object.fromEntries(Object.entries(statement).reverse()) as typeof statement;
    expect(await pushOk(sync.server.app, sync.token, { statements: [reordered] })).toEqual({
      [statement.id]: 'duplicate',
    });
    const shouted = { ...statement, id: statement.id.toUpperCase() };
    expect(await pushOk(sync.server.app, sync.token, { statements: [shouted] })).toEqual({ [shouted.id]: 'duplicate' });
  });

  it('another statement under a known id is a conflict: original kept, admin sees both, replay adds none', async () => {
    const original = sync.records.experienced('pengantar', new Date('2026-03-01T08:00:00Z'));
    await pushOk(sync.server.app, sync.token, { statements: [original] });
    const altered = { ...original, timestamp: '2026-03-02T08:00:00.000Z' };
    expect(await pushOk(sync.server.app, sync.token, { statements: [altered] })).toEqual({ [original.id]: 'conflict' });
    expect(await pushOk(sync.server.app, sync.token, { statements: [altered] })).toEqual({ [original.id]: 'conflict' });

    const [stored] = await sync.server.db.query<{ body: unknown }>('SELECT body FROM statements WHERE id = $1', [
      original.id,
    ]);
    expect(stored?.body).toEqual(original);
    const { conflicts } = await getJson<{ conflicts: StatementConflict[] }>(
      sync.server.app,
      sync.adminToken,
      '/api/admin/conflicts',
    );
    const mine = conflicts.filter((conflict) => conflict.statementId === original.id);
    expect(mine).toEqual([
      {
        statementId: original.id,
        cursor: expect.stringMatching(new RegExp(`^${original.id}:[0-9a-f]{64}$`)),
        userId: sync.learner.id,
        receivedAt: expect.any(String),
        stored: original,
        received: altered,
      },
    ]);
  });

  it("a statement pushed under another learner's id is refused, never a conflict their admin could read", async () => {
    const original = sync.records.experienced('pengantar', new Date('2026-03-05T08:00:00Z'));
    await pushOk(sync.server.app, sync.token, { statements: [original] });
    // Someone who learnt Siti's statement id pushes their own statement under it.
    const intruder = await signInNewLearner(sync.server, '199001012015021002', 'Penyusup');
    const clash = { ...learnerRecords(intruder.user, sync.bundle).experienced('pengantar'), id: original.id };
    const response = await push(sync.server.app, intruder.token, { statements: [clash] });
    expect(((await response.json()) as SyncPushResponse).results).toEqual([
      { id: original.id, status: 'rejected', code: 'not_allowed', reason: expect.any(String) },
    ]);
    const kept = await sync.server.db.query('SELECT 1 FROM statement_conflicts WHERE statement_id = $1', [original.id]);
    expect(kept).toEqual([]);
    // A row an older server let in: the admins' list still never shows Siti's statement as the intruder's conflict.
    await sync.server.db.query(
      `INSERT INTO statement_conflicts (statement_id, user_id, body, body_hash) VALUES ($1, $2, $3::jsonb, $4)`,
      [original.id, intruder.user.id, JSON.stringify(clash), 'f'.repeat(64)],
    );
    const { conflicts } = await getJson<{ conflicts: StatementConflict[] }>(
      sync.server.app,
      sync.adminToken,
      '/api/admin/conflicts',
    );
    expect(conflicts.filter((conflict) => conflict.statementId === original.id)).toEqual([]);
  });

  it('a statement for an unknown course or version is rejected with a code; the rest of the batch stored', async () => {
    const good = sync.records.experienced('pengantar');
    const unknownVersion = sync.records.experienced('nilai-dasar');
    unknownVersion.context = { ...unknownVersion.context, extensions: { [EXTENSIONS.courseVersion]: '9.9.9' } };
    const unknownCourse = learnerRecords(sync.learner, buildBundle({ id: 'tidak-ada' })).experienced('pengantar');
    const response = await push(sync.server.app, sync.token, { statements: [good, unknownVersion, unknownCourse] });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results).toEqual([
      { id: good.id, status: 'stored' },
      {
        id: unknownVersion.id,
        status: 'rejected',
        code: 'unknown_course_version',
        reason: expect.stringContaining('9.9.9'),
      },
      {
        id: unknownCourse.id,
        status: 'rejected',
        code: 'unknown_course',
        reason: expect.stringContaining('tidak-ada'),
      },
    ]);
    expect(
      await sync.server.db.query('SELECT id FROM statements WHERE id = ANY($1::uuid[])', [
        [unknownVersion.id, unknownCourse.id],
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      'not an xAPI statement (no verb)',
      (s: Record<string, unknown>) => ({ ...s, verb: undefined }),
      'invalid_statement',
    ],
    ['an id that is not a UUID', (s: Record<string, unknown>) => ({ ...s, id: 'statement-1' }), 'invalid_statement'],
    [
      'a timestamp that is not a time',
      (s: Record<string, unknown>) => ({ ...s, timestamp: 'kemarin' }),
      'invalid_statement',
    ],
    [
      'a time in year 0, which PostgreSQL cannot store',
      (s: Record<string, unknown>) => ({ ...s, timestamp: '0000-06-01T00:00:00Z' }),
      'invalid_statement',
    ],
    [
      'a time past year 9999 in UTC',
      (s: Record<string, unknown>) => ({ ...s, timestamp: '9999-12-31T23:00:00-05:00' }),
      'invalid_statement',
    ],
    [
      'a verb Lentera does not record',
      (s: Record<string, unknown>) => ({
        ...s,
        verb: { id: 'http://adlnet.gov/expapi/verbs/launched', display: { 'en-US': 'launched' } },
      }),
      'unsupported_verb',
    ],
    [
      'an activity outside Lentera',
      (s: Record<string, unknown>) => ({ ...s, object: { objectType: 'Activity', id: 'https://example.com/course' } }),
      'unknown_activity',
    ],
    [
      'a malformed escape in its activity id',
      (s: Record<string, unknown>) => ({
        ...s,
        object: { objectType: 'Activity', id: 'https://lentera.id/xapi/courses/%E0%A4%A' },
      }),
      'unknown_activity',
    ],
    [
      'a lesson the course does not have',
      (s: Record<string, unknown>) => ({
        ...s,
        object: { objectType: 'Activity', id: 'https://lentera.id/xapi/courses/sinkron/lessons/hilang' },
      }),
      'unknown_lesson',
    ],
    [
      'a NUL character, which the database cannot store',
      (s: Record<string, unknown>) => ({ ...s, result: { completion: true, response: 'a\u0000b' } }),
      'invalid_statement',
    ],
    [
      'half of a surrogate pair',
      (s: Record<string, unknown>) => ({ ...s, result: { completion: true, response: 'a\ud83d' } }),
      'invalid_statement',
    ],
  ])('a statement with %s is rejected alone', async (_name, edit, code) => {
    const bad = edit(
      sync.records.experienced('pengantar') as unknown as Record<string, unknown>,
    ) as unknown as ReturnType<typeof sync.records.experienced>;
    const good = sync.records.experienced('pengantar');
    const response = await push(sync.server.app, sync.token, { statements: [bad, good] });
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results.map(({ status, code }) => ({ status, code }))).toEqual([
      { status: 'rejected', code },
      { status: 'stored', code: undefined },
    ]);
    expect(results[0]?.reason).toEqual(expect.any(String));
  });

  it('invalid progress records are rejected one by one; a valid one beside them is stored', async () => {
    const openedAt = new Date().toISOString();
    const valid = sync.records.progress({ lessonId: 'pengantar', openedAt, completedAt: null, position: 0.5 });
    const beyondEnd = sync.records.progress({ lessonId: 'pengantar', openedAt, completedAt: null, position: 1.5 });
    const badTime = sync.records.progress({
      lessonId: 'pengantar',
      openedAt: 'besok',
      completedAt: null,
      position: 0.1,
    });
    const unknownLesson = sync.records.progress({ lessonId: 'hilang', openedAt, completedAt: null, position: 0.1 });
    const nulCourse = {
      ...sync.records.progress({ lessonId: 'pengantar', openedAt, completedAt: null, position: 0.1 }),
      courseId: 'sinkron\u0000',
    };
    const response = await push(sync.server.app, sync.token, {
      progress: [valid, beyondEnd, badTime, unknownLesson, nulCourse],
    });
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results.map(({ id, status, code }) => ({ id, status, code }))).toEqual([
      { id: valid.id, status: 'stored', code: undefined },
      { id: beyondEnd.id, status: 'rejected', code: 'invalid_progress' },
      { id: badTime.id, status: 'rejected', code: 'invalid_progress' },
      { id: unknownLesson.id, status: 'rejected', code: 'unknown_lesson' },
      { id: nulCourse.id, status: 'rejected', code: 'unknown_course' },
    ]);
  });

  it('a reading position too small for the database is stored rounded, not a 500 that stalls the phone', async () => {
    const tiny = sync.records.progress({
      lessonId: 'pengantar',
      openedAt: new Date().toISOString(),
      completedAt: null,
      position: 7.857838338320173e-135,
    });
    const response = await push(sync.server.app, sync.token, { progress: [tiny] });
    expect(response.status).toBe(200);
    expect(((await response.json()) as SyncPushResponse).results).toEqual([{ id: tiny.id, status: 'stored' }]);
  });

  it("a statement with another learner's actor is refused alone (not_allowed); the pusher's is stored", async () => {
    const budi = learnerRecords(
      {
        id: (
          await sync.server.db.query<{ id: string }>(
            "SELECT id::text AS id FROM users WHERE nip = '199001012015021001'",
          )
        )[0]!.id,
      },
      sync.bundle,
    );
    const own = budi.experienced('pengantar');
    const forged = sync.records.experienced('nilai-dasar');
    const stranger = learnerRecords({ id: uuidv7() }, sync.bundle).experienced('pengantar');
    const response = await push(sync.server.app, otherToken, { statements: [own, forged, stranger] });
    expect(response.status).toBe(200);
    expect(
      ((await response.json()) as SyncPushResponse).results.map((result) => [result.id, result.code ?? result.status]),
    ).toEqual([
      [own.id, 'stored'],
      [forged.id, 'not_allowed'],
      [stranger.id, 'not_allowed'],
    ]);
    expect(
      await sync.server.db.query('SELECT id FROM statements WHERE id IN ($1, $2)', [forged.id, stranger.id]),
    ).toEqual([]);
  });

  it(`more than ${SYNC_BATCH_LIMIT} records in one push is 413`, async () => {
    const progress = Array.from({ length: SYNC_BATCH_LIMIT + 1 }, () =>
      sync.records.progress({
        lessonId: 'pengantar',
        openedAt: new Date().toISOString(),
        completedAt: null,
        position: 0,
      }),
    );
    const response = await push(sync.server.app, sync.token, { progress });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
  });

  it('a million tiny non-records is 413 at once, not a schema refusal listing each', async () => {
    const started = performance.now();
    const response = await pushText(
      sync.server.app,
      sync.token,
      `{"statements":[${'1,'.repeat(999_999)}1],"progress":[]}`,
    );
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a refused shape names the first 20 problems, not all of them', async () => {
    const response = await pushText(
      sync.server.app,
      sync.token,
      `{"statements":[${'{},'.repeat(99)}{}],"progress":[]}`,
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; details: unknown[] } };
    expect(error.details).toHaveLength(20);
    expect(error.message).toContain('100 problems');
  });

  it('an id repeated in one push is applied once: the same record gets its answer, other content refused', async () => {
    const statement = sync.records.experienced('pengantar');
    const shouted = { ...statement, id: statement.id.toUpperCase() };
    const other = { ...statement, timestamp: new Date(Date.now() - 60_000).toISOString() };
    const progress = sync.records.progress({
      lessonId: 'pengantar',
      openedAt: new Date().toISOString(),
      completedAt: null,
      position: 0.2,
    });
    const response = await push(sync.server.app, sync.token, {
      statements: [statement, shouted, other],
      progress: [progress, { ...progress, position: 0.9 }],
    });
    expect(response.status).toBe(200);
    // The phone takes the first answer for an id: the first record's comes first.
    expect(
      ((await response.json()) as SyncPushResponse).results.map((result) => [result.id, result.code ?? result.status]),
    ).toEqual([
      [statement.id, 'stored'],
      [progress.id, 'stored'],
      [shouted.id, 'stored'],
      [statement.id, 'repeated_id'],
      [progress.id, 'repeated_id'],
    ]);
    const rows = await sync.server.db.query<{ body: unknown }>('SELECT body FROM statements WHERE id = $1', [
      statement.id,
    ]);
    expect(rows.map((row) => row.body)).toEqual([statement]);
    expect(
      await sync.server.db.query('SELECT 1 FROM statement_conflicts WHERE statement_id = $1', [statement.id]),
    ).toEqual([]);
  });

  it('a repeat nested past the stack is refused as other content, not a 500', async () => {
    const statement = sync.records.experienced('pengantar');
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const response = await pushText(
      sync.server.app,
      sync.token,
      `{"statements":[${JSON.stringify(statement)},{"id":"${statement.id}","deep":${deep}}],"progress":[]}`,
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as SyncPushResponse).results.map((result) => result.code ?? result.status)).toEqual(
      ['stored', 'repeated_id'],
    );
  });

  it.each([
    ['not JSON', '{"statements": ['],
    ['an array', '[]'],
    ['no progress list', '{"statements": []}'],
    ['statements not a list', '{"statements": {}, "progress": []}'],
    ['a record without an id', '{"statements": [{"verb": {}}], "progress": []}'],
    ['a record that is not an object', '{"statements": [42], "progress": []}'],
  ])('a body that is %s is 400 bad_request, never 500', async (_name, body) => {
    const response = await pushText(sync.server.app, sync.token, body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('bad_request');
  });

  it('a body over the size limit is 413 before it is read', async () => {
    const body = JSON.stringify({ statements: [], progress: [], padding: 'x'.repeat(5 * 1024 * 1024) });
    const response = await pushText(sync.server.app, sync.token, body);
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
  });

  describe('gzipped (Content-Encoding: gzip)', () => {
    const pushEncoded = (body: Uint8Array, encoding: string, headers: Record<string, string> = {}) =>
      sync.server.app.request('/api/sync', {
        method: 'POST',
        headers: {
          ...bearer(sync.token),
          'content-type': 'application/json',
          'content-encoding': encoding,
          ...headers,
        },
        body: Uint8Array.from(body),
      });
    const gzipJson = (value: unknown) =>
      gzipSync(JSON.stringify({ statements: [], progress: [], ...(value as object) }));

    it('a gzipped push is stored as the same push sent plain, and every answer says gzip is read', async () => {
      const batch = mixedBatch();
      const response = await pushEncoded(gzipJson(batch), 'gzip');
      expect(response.status).toBe(200);
      expect(response.headers.get('accept-encoding')).toBe('gzip');
      const { results } = (await response.json()) as SyncPushResponse;
      expect(Object.fromEntries(results.map((result) => [result.id, result.status]))).toEqual({
        ...statusesOf(batch.statements, 'stored'),
        ...statusesOf(batch.progress, 'stored'),
      });
      // Sent again plain: the same records, so the same answer as any replay.
      expect(await pushOk(sync.server.app, sync.token, batch)).toEqual({
        ...statusesOf(batch.statements, 'duplicate'),
        ...statusesOf(batch.progress, 'stored'),
      });
      const refused = await pushText(sync.server.app, sync.token, '[]');
      expect([refused.status, refused.headers.get('accept-encoding')]).toEqual([400, 'gzip']);
    });

    it('a body inflating past the limit (10 MiB of zeros, 10 KiB gzipped) is 413 as soon as it passes it', async () => {
      const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
      // Its end cut off: inflated to the end it would be invalid gzip (400), so 413 shows the
      // server stopped inflating at the limit.
      const cut = bomb.subarray(0, bomb.length - 8);
      const started = performance.now();
      const response = await pushEncoded(cut, 'gzip', { 'content-length': String(cut.length) });
      expect([response.status, await errorCode(response)]).toEqual([413, 'payload_too_large']);
      expect(performance.now() - started).toBeLessThan(5_000);
    });

    it('a gzipped body over the size limit on the wire is 413', async () => {
      const incompressible = gzipSync(randomBytes(5 * 1024 * 1024));
      const response = await pushEncoded(incompressible, 'gzip');
      expect([response.status, await errorCode(response)]).toEqual([413, 'payload_too_large']);
    });

    it.each([
      ['not gzip', Buffer.from('{"statements": [], "progress": []}')],
      ['cut short', gzipJson({}).subarray(0, 20)],
      ['empty', Buffer.alloc(0)],
    ])('a body marked gzip that is %s is 400 invalid_gzip, never 500', async (_name, body) => {
      const response = await pushEncoded(body, 'gzip');
      expect([response.status, await errorCode(response)]).toEqual([400, 'invalid_gzip']);
    });

    it.each(['br', 'deflate', 'gzip, gzip', 'compress'])(
      'Content-Encoding %s is 415, answered with the coding it may use',
      async (encoding) => {
        const response = await pushEncoded(gzipJson({}), encoding);
        expect([response.status, await errorCode(response)]).toEqual([415, 'unsupported_media_type']);
        expect(response.headers.get('accept-encoding')).toBe('gzip');
      },
    );
  });

  it('pushing needs a signed-in user', async () => {
    const response = await postJson(sync.server.app, '/api/sync', { statements: [], progress: [] });
    expect(response.status).toBe(401);
  });
});

describe.each(backends)('sync push on $name while another server migrates', (backend) => {
  const sync = serverWithCourse(backend, 'migrasi');

  it('a push after another server altered the sync tables is stored as before (rolling upgrade)', async () => {
    const batch = () => ({
      statements: [
        ...sync.records.attempt('post-test', FIXTURE_ANSWERS.right),
        sync.records.experienced('pengantar'),
        ...sync.records.feedback({ relevance: 4, difficulty: 3, clarity: 5, usefulness: 4 }, 'Jelas.'),
      ],
      progress: [],
    });
    const first = batch();
    expect(await pushOk(sync.server.app, sync.token, first)).toEqual(statusesOf(first.statements, 'stored'));
    // The statements this server keeps prepared read and write these very tables.
    await sync.server.db.exec(`
      ALTER TABLE statements ADD COLUMN source text;
      ALTER TABLE quiz_attempts ADD COLUMN reviewed_by text;
      ALTER TABLE feedback_ratings ADD COLUMN weight real;
      ALTER TABLE course_completions ADD COLUMN note text;`);
    const second = batch();
    expect(await pushOk(sync.server.app, sync.token, second)).toEqual(statusesOf(second.statements, 'stored'));
    const [attempts] = await sync.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM quiz_attempts');
    expect(attempts?.n).toBe(2);
  });
});
