/**
 * Issue 15.3: a server at its limit of concurrent sync pushes, with its short queue full, answers
 * the next one at once with 503 `server_busy` and a `Retry-After`, storing nothing of it; the
 * pushes it admitted or queued all finish, and then a new push is admitted again. One account
 * holds one place at most (the pushes here come from different learners).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import type { Db } from '../../../src/server/db/db';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import type { SyncPushResponse } from '../../../src/shared/protocol';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { errorCode, login, startTestServer, type TestServer } from '../harness';
import { learnerRecords, push, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

describe.each(backends)('sync admission control on $name', (backend) => {
  let server: TestServer;
  /** Learners, each pushing from their own phone: one account holds one place at most. */
  const learners: { token: string; records: ReturnType<typeof learnerRecords> }[] = [];
  const bundle = buildBundle({ id: 'antrean' });
  // syncConcurrency 2: two pushes run, four wait (twice the limit), the seventh is sent away.
  const ADMITTED = 6;
  /** Holds every sync transaction until released: the pushes admitted stay in flight. */
  let release: () => void = () => {};
  let held: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    const { db } = server;
    const gated: Db = { ...db, transaction: async (fn) => (await held, db.transaction(fn)) };
    const app = createApp({
      db: gated,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, syncConcurrency: 2 },
    });
    server = { ...server, app };
    const sessions = [await login(app, 'learner')];
    for (let index = 1; index <= ADMITTED + 1; index++)
      sessions.push(await signInNewLearner(server, `19900101201502100${index}`, `Peserta ${index}`));
    for (const { token, user } of sessions) learners.push({ token, records: learnerRecords(user, bundle) });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    release();
    await server.close();
  });

  const lessonId = () => bundle.manifest.lessons[0]!.id;
  const onePush = (learner = 0) => {
    const { token, records } = learners[learner]!;
    return push(server.app, token, { statements: [records.experienced(lessonId())] });
  };
  const storedStatements = async () =>
    (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM statements'))[0]!.n;

  it('answers 503 with Retry-After beyond limit and queue, at once, and admits again once pushes finish', async () => {
    held = new Promise((resolve) => (release = resolve));
    const admitted = Array.from({ length: ADMITTED }, (_, learner) => onePush(learner));
    // Let both reach the held transaction.
    await new Promise((wait) => setTimeout(wait, 200));

    const startedAt = Date.now();
    const refused = await onePush(ADMITTED);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(refused.status).toBe(503);
    expect(await errorCode(refused)).toBe('server_busy');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(5);

    release();
    for (const response of await Promise.all(admitted)) {
      expect(response.status).toBe(200);
      expect(((await response.json()) as SyncPushResponse).results[0]?.status).toBe('stored');
    }
    // The refused push stored nothing: only the admitted ones are there.
    expect(await storedStatements()).toBe(ADMITTED);
    const after = await onePush();
    expect(after.status).toBe(200);
    expect(await storedStatements()).toBe(ADMITTED + 1);
  });

  it('bounds only the push: reading progress is never refused', async () => {
    held = new Promise((resolve) => (release = resolve));
    const admitted = Array.from({ length: ADMITTED }, (_, learner) => onePush(learner));
    await new Promise((wait) => setTimeout(wait, 200));
    const read = await server.app.request('/api/sync/progress', {
      headers: { authorization: `Bearer ${learners[0]!.token}` },
    });
    expect(read.status).toBe(200);
    expect((await onePush(ADMITTED)).status).toBe(503);
    release();
    await Promise.all(admitted);
  });

  it('gives one account one place: its second push at once is told busy with places free, others are not', async () => {
    held = new Promise((resolve) => (release = resolve));
    const first = onePush(0);
    await new Promise((wait) => setTimeout(wait, 200));
    const second = await onePush(0);
    expect(second.status).toBe(503);
    expect(await errorCode(second)).toBe('server_busy');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const another = onePush(1);
    release();
    expect((await first).status).toBe(200);
    expect((await another).status).toBe(200);
    expect((await onePush(0)).status).toBe(200);
  });
});
