import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import {
  ATTEMPT_OVERFLOW_FACTOR,
  DAILY_RECORD_BUDGET,
  DAILY_STATEMENT_BUDGET,
} from '../../../src/server/services/record-budget';
import { uuidv7 } from '../../../src/shared/id';
import type { ProgressPullResponse, SyncPushResponse } from '../../../src/shared/protocol';
import type { RecordOf } from '../../../src/shared/records';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode } from '../harness';
import { getJson, learnerRecords, push, serverWithCourse, signInNewLearner } from '../sync-kit';

/**
 * One account's pushes cannot grow the database, or hold the server's thread, without bound:
 * records past a day's budget are refused one by one (`daily_limit`) and taken the next day;
 * attempts far past a quiz's limit are refused. Honest volumes pass untouched.
 */
describe.each(backends)('daily record budget on $name', (backend) => {
  const sync = serverWithCourse(backend, 'anggaran');

  const post = (): RecordOf<'discussion_post'> => ({
    id: uuidv7(),
    kind: 'discussion_post',
    body: {
      courseId: 'anggaran',
      promptId: null,
      parentId: null,
      text: 'Pengalaman saya di loket.',
      writtenAt: new Date().toISOString(),
    },
  });
  const results = async (token: string, body: Parameters<typeof push>[2]) => {
    const response = await push(sync.server.app, token, body);
    expect(response.status).toBe(200);
    return ((await response.json()) as SyncPushResponse).results;
  };
  const statuses = (list: SyncPushResponse['results']) => list.map((result) => result.code ?? result.status);
  const countOf = (list: string[], value: string) => list.filter((entry) => entry === value).length;

  it('posts past the day’s budget are refused alone, others’ posts are not, and tomorrow they are taken', async () => {
    const budget = DAILY_RECORD_BUDGET.discussion_post;
    const { token, user } = await signInNewLearner(sync.server, '199101012015021001', 'Rina Wati');
    const posts = Array.from({ length: budget + 20 }, post);
    const first = await results(token, { records: posts });
    expect(countOf(statuses(first), 'stored')).toBe(budget);
    expect(statuses(first).slice(budget)).toEqual(Array(20).fill('daily_limit'));
    expect(first.at(-1)?.reason).toMatch(/24 hours/);
    // A retry of a stored post is still its acknowledgement, not a refusal.
    expect(statuses(await results(token, { records: posts.slice(0, 1) }))).toEqual(['duplicate']);
    const [kept] = await sync.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM discussion_posts WHERE user_id = $1',
      [user.id],
    );
    expect(kept?.n).toBe(budget);
    // Another learner's budget is their own.
    expect(statuses(await results(sync.token, { records: [post()] }))).toEqual(['stored']);
    // A day later the phone sends the refused ones again, and they are stored.
    await sync.server.db.query(
      `UPDATE learner_records SET received_at = now() - interval '25 hours' WHERE user_id = $1`,
      [user.id],
    );
    expect(statuses(await results(token, { records: posts.slice(budget) }))).toEqual(Array(20).fill('stored'));
  });

  it('learning done elsewhere has one day’s budget across the record channel and the older route', async () => {
    const budget = DAILY_RECORD_BUDGET.external_learning;
    const { token, user } = await signInNewLearner(sync.server, '199101012015021009', 'Wulan Sari');
    const fields = (index: number) => ({
      jenisDiklatId: 3,
      kind: 'webinar' as const,
      name: `Webinar ke-${index}`,
      organiser: 'LAN RI',
      startDate: '2026-03-10',
      endDate: '2026-03-10',
      claimedJp: 2,
      certificateNumber: '',
    });
    const viaRoute = (id: string, index: number) =>
      sync.server.app.request('/api/me/external-learning', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'application/json' },
        body: JSON.stringify({ id, fields: fields(index), file: null }),
      });
    const viaChannel = (index: number): RecordOf<'external_learning'> => ({
      id: uuidv7(),
      kind: 'external_learning',
      body: { ...fields(index), file: null, writtenAt: new Date().toISOString() },
    });
    // Half the day's budget by the older route, the rest by the channel: the channel counts them.
    const routeIds = Array.from({ length: budget / 2 }, () => uuidv7());
    for (const [index, id] of routeIds.entries()) expect((await viaRoute(id, index)).status).toBe(201);
    const channel = Array.from({ length: budget / 2 + 1 }, (_, index) => viaChannel(budget / 2 + index));
    expect(statuses(await results(token, { records: channel }))).toEqual([
      ...Array(budget / 2).fill('stored'),
      'daily_limit',
    ]);
    // The older route counts the channel's: refused with a code the app translates.
    const over = await viaRoute(uuidv7(), budget + 1);
    expect(over.status).toBe(429);
    expect(await errorCode(over)).toBe('daily_limit');
    // One sent again is still answered for, not refused.
    expect(await (await viaRoute(routeIds[0] ?? '', 0)).json()).toEqual({ status: 'duplicate' });
    const [kept] = await sync.server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM external_learning WHERE user_id = $1',
      [user.id],
    );
    expect(kept?.n).toBe(budget);
    // A day later both ways take records again.
    await sync.server.db.query(
      `UPDATE external_learning SET created_at = now() - interval '25 hours' WHERE user_id = $1`,
      [user.id],
    );
    expect((await viaRoute(uuidv7(), budget + 2)).status).toBe(201);
    expect(statuses(await results(token, { records: [viaChannel(budget + 3)] }))).toEqual(['stored']);
  });

  it('statements past the day’s budget are refused alone', async () => {
    const { token, user } = await signInNewLearner(sync.server, '199101012015021002', 'Dedi Kurnia');
    // The day so far, written straight to the table: all but five of the budget.
    await sync.server.db.query(
      `INSERT INTO statements (id, user_id, verb, activity_id, course_id, body, body_hash, timestamp)
       SELECT gen_random_uuid(), $1, 'v', 'a', 'anggaran', '{}'::json, 'h', now()
       FROM generate_series(1, $2::int)`,
      [user.id, DAILY_STATEMENT_BUDGET - 5],
    );
    const records = learnerRecords(user, sync.bundle);
    const lessons = Array.from({ length: 8 }, (_, index) =>
      records.experienced('pengantar', new Date(Date.UTC(2026, 10, 1, 0, index))),
    );
    const first = statuses(await results(token, { statements: lessons }));
    expect(first).toEqual([...Array(5).fill('stored'), ...Array(3).fill('daily_limit')]);
    // Retries of stored ones stay acknowledgements though the budget is spent.
    expect(statuses(await results(token, { statements: lessons.slice(0, 2) }))).toEqual(['duplicate', 'duplicate']);
  });

  it('a lifted LENTERA_DAILY_STATEMENT_BUDGET stores a push past the default, and still bounds the day', async () => {
    const lifted = DAILY_STATEMENT_BUDGET + 100;
    // The same database behind a server started with the variable set, as `npm start` reads it.
    const app = createApp({
      db: sync.server.db,
      blobs: sync.server.blobs,
      config: {
        staticDir: sync.server.staticDir,
        tokenTtlDays: 30,
        recordBudget: loadConfig({ LENTERA_DAILY_STATEMENT_BUDGET: String(lifted) }).recordBudget,
      },
    });
    const { token, user } = await signInNewLearner(sync.server, '199101012015021004', 'Sri Lestari');
    const storedToday = (count: number) =>
      sync.server.db.query(
        `INSERT INTO statements (id, user_id, verb, activity_id, course_id, body, body_hash, timestamp)
         SELECT gen_random_uuid(), $1, 'v', 'a', 'anggaran', '{}'::json, 'h', now()
         FROM generate_series(1, $2::int)`,
        [user.id, count],
      );
    const records = learnerRecords(user, sync.bundle);
    const lessons = (count: number, hour: number) =>
      Array.from({ length: count }, (_, index) =>
        records.experienced('pengantar', new Date(Date.UTC(2026, 10, 1, hour, index))),
      );
    const statusesOn = async (statements: ReturnType<typeof lessons>) => {
      const response = await push(app, token, { statements });
      expect(response.status).toBe(200);
      return statuses(((await response.json()) as SyncPushResponse).results);
    };
    // The default's worth already stored today: the next eight are taken all the same.
    await storedToday(DAILY_STATEMENT_BUDGET);
    expect(await statusesOn(lessons(8, 0))).toEqual(Array(8).fill('stored'));
    // The lifted budget is a budget too: past it, refused one by one as before.
    await storedToday(lifted - DAILY_STATEMENT_BUDGET - 8 - 2);
    expect(await statusesOn(lessons(4, 1))).toEqual([...Array(2).fill('stored'), ...Array(2).fill('daily_limit')]);
  });

  it(`attempts past the limit are kept up to ${ATTEMPT_OVERFLOW_FACTOR} × the limit, then refused`, async () => {
    const { token, user } = await signInNewLearner(sync.server, '199101012015021003', 'Joko Susilo');
    const limit = sync.bundle.manifest.quizzes.find((quiz) => quiz.id === 'post-test')?.maxAttempts ?? 0;
    const cap = ATTEMPT_OVERFLOW_FACTOR * limit;
    const records = learnerRecords(user, sync.bundle);
    const attempts = Array.from({ length: cap + 3 }, (_, index) =>
      records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: new Date(Date.UTC(2026, 10, 1, index)) }),
    );
    // The score statement is each attempt's last.
    const scoreIds = attempts.map((statements) => statements.at(-1)?.id);
    const answered = await results(token, { statements: attempts.flat() });
    const byId = new Map(answered.map((result) => [result.id, result.code ?? result.status]));
    expect(scoreIds.map((id) => byId.get(id ?? ''))).toEqual([
      ...Array(cap).fill('stored'),
      ...Array(3).fill('too_many_quiz_attempts'),
    ]);
    const { attempts: kept } = await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    expect(kept).toHaveLength(cap);
    expect(kept.filter((attempt) => attempt.overLimit)).toHaveLength(cap - limit);
    // A retry of a kept attempt is acknowledged.
    const retry = await results(token, { statements: attempts[0] });
    expect(retry.at(-1)?.status).toBe('duplicate');
  });
});
