// @vitest-environment node
import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completionKey } from '../../../src/app/data/completion';
import { extraAttemptsKey, LenteraDb } from '../../../src/app/data/db';
import { RequestError } from '../../../src/app/data/errors';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import { attemptLimit } from '../../../src/app/data/quiz';
import { flush, lastSyncedAt } from '../../../src/app/sync/engine';
import type { SyncTransport } from '../../../src/app/sync/transport';
import { canonicalJson } from '../../../src/shared/canonical-json';
import type { ProgressPullResponse, SyncItemResult, SyncPushRequest } from '../../../src/shared/protocol';
import { learner, manifestFixture, postTestEntry } from '../builders';

const manifest = manifestFixture();
const emptyPull: ProgressPullResponse = { lessons: [], attempts: [], completions: [] };
const pulledFromAnotherPhone: ProgressPullResponse = {
  lessons: [
    {
      courseId: 'kursus-uji',
      lessonId: 'satu',
      openedAt: '2026-11-19T08:00:00.000Z',
      completedAt: '2026-11-21T08:00:00.000Z',
      position: 1,
    },
    {
      courseId: 'kursus-uji',
      lessonId: 'dua',
      openedAt: '2026-11-21T09:00:00.000Z',
      completedAt: null,
      position: 0.4,
    },
  ],
  attempts: [
    {
      id: 'a1',
      courseId: 'kursus-uji',
      quizId: 'post-test',
      kind: 'post',
      scaled: 1,
      passed: true,
      flagged: false,
      overLimit: false,
      finishedAt: '2026-11-21T10:00:00.000Z',
    },
  ],
  completions: [{ courseId: 'kursus-uji', courseVersion: '1.0.0', completedAt: '2026-11-21T10:00:00.000Z', jp: 2 }],
  grants: [{ courseId: 'kursus-uji', quizId: 'post-test', extra: 2 }],
  held: [{ courseId: 'kursus-cepat', status: 'pending' }],
};
let db: LenteraDb;

beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
let afterEachUnsubscribe = (): void => undefined;
afterEach(async () => {
  afterEachUnsubscribe();
  await db.delete();
});

/** A transport answering each record with `answer(id)`; records every push. */
function scripted(
  answer: (id: string, request: SyncPushRequest) => SyncItemResult['status'] | Error,
  pull: ProgressPullResponse = emptyPull,
) {
  const pushes: string[][] = [];
  const transport: SyncTransport = {
    push: async (request) => {
      const ids = [
        ...request.statements.map((statement) => statement.id),
        ...request.progress.map((record) => record.id),
      ];
      pushes.push(ids);
      const results: SyncItemResult[] = [];
      for (const id of ids) {
        const status = answer(id, request);
        if (status instanceof Error) throw status;
        results.push({
          id,
          status,
          ...(status === 'rejected' ? { code: 'invalid_statement', reason: 'not valid' } : {}),
        });
      }
      return { results, serverTime: new Date().toISOString() };
    },
    pull: async () => pull,
    discussion: async () => ({ status: 'unchanged' }),
    cycle: async () => Promise.reject(new Error('no training cycle in these tests')),
    upload: async () => {},
    attachment: async () => Promise.reject(new Error('no files in these tests')),
  };
  return { transport, pushes };
}

async function queueSomeWork(): Promise<void> {
  await recordLessonCompleted(db, learner, manifest, 'satu');
  await recordLessonCompleted(db, learner, manifest, 'dua');
}

/** Queues `count` lessons studied (their progress and their statement): two outbox entries each. */
async function studyLessons(prefix: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const id = `${prefix}${index}`;
    await recordLessonCompleted(
      db,
      learner,
      manifestFixture({ lessons: [{ id, title: { id: 'L', en: 'L' }, file: 'l.json', minutes: 5 }] }),
      id,
    );
  }
}

describe('flush', () => {
  it('empties the outbox once the server acknowledges every record, and records when', async () => {
    await queueSomeWork();
    const queued = await db.outbox.count();
    const { transport, pushes } = scripted(() => 'stored');
    expect(await flush({ db, transport, token: 't' })).toEqual({ status: 'synced', sent: queued, setAside: 0 });
    expect(await db.outbox.count()).toBe(0);
    expect(pushes.flat()).toHaveLength(queued);
    expect(await lastSyncedAt(db)).not.toBeNull();
  });

  it('pushes statements as their canonical JSON, the text the server hashes, so it need not reorder them', async () => {
    await queueSomeWork();
    const sent: string[] = [];
    const { transport } = scripted((id, request) => {
      const statement = request.statements.find((candidate) => candidate.id === id);
      if (statement !== undefined) sent.push(JSON.stringify(statement));
      return 'stored';
    });
    await flush({ db, transport, token: 't' });
    expect(sent.length).toBeGreaterThan(0);
    for (const json of sent) expect(json).toBe(canonicalJson(JSON.parse(json)));
  });

  it('treats "duplicate" as delivered: a replay after a lost response settles the record', async () => {
    await queueSomeWork();
    const { transport } = scripted(() => 'duplicate');
    await flush({ db, transport, token: 't' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.attention.count()).toBe(0);
  });

  it('keeps every record when the network fails, and sends them all next time', async () => {
    await queueSomeWork();
    const before = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.id);
    const failing = scripted(() => new RequestError('network', 0, 'offline'));
    expect(await flush({ db, transport: failing.transport, token: 't' })).toMatchObject({ status: 'retry' });
    expect((await db.outbox.orderBy('seq').toArray()).map((entry) => entry.id)).toEqual(before);

    const working = scripted(() => 'stored');
    await flush({ db, transport: working.transport, token: 't' });
    expect(working.pushes.flat().sort()).toEqual([...before].sort());
  });

  it('drains over a link too slow for a full batch: halves the batch on a timeout, and remembers it', async () => {
    await studyLessons('a', 45);
    const queued = await db.outbox.count();
    expect(queued).toBeGreaterThan(80);
    // The link moves at most 20 records before the request times out.
    const slow = scripted((_id, request) =>
      request.statements.length + request.progress.length > 20
        ? new RequestError('timeout', 0, 'request timed out')
        : 'stored',
    );

    expect(await flush({ db, transport: slow.transport, token: 't', batchSize: 80 })).toMatchObject({
      status: 'synced',
      sent: queued,
    });
    expect(await db.outbox.count()).toBe(0);
    expect(slow.pushes.slice(0, 3).map((ids) => ids.length)).toEqual([80, 40, 20]);
    expect(slow.pushes.slice(3).every((ids) => ids.length <= 20)).toBe(true);

    // The next flush probes twice what the link managed, not another doomed full batch.
    await studyLessons('b', 45);
    const next = scripted(() => 'stored');
    await flush({ db, transport: next.transport, token: 't', batchSize: 80 });
    expect(next.pushes.map((ids) => ids.length).slice(0, 2)).toEqual([40, 40]);
  });

  it('drains a long queue one push at a time, in queue order: none lost or twice, refused ones set aside', async () => {
    await studyLessons('a', 30);
    const queued = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.id);
    const [rejected, refusingItsPush] = [queued[13]!, queued[42]!];
    const acknowledged: string[] = [];
    const scriptedServer = scripted((id, request) => {
      if ([...request.statements, ...request.progress].some((record) => record.id === refusingItsPush))
        return new RequestError('bad_request', 400, 'malformed record', true);
      if (id === rejected) return 'rejected';
      acknowledged.push(id);
      return 'stored';
    });
    let inFlight = 0;
    let mostInFlight = 0;
    const transport: SyncTransport = {
      ...scriptedServer.transport,
      push: async (request, token) => {
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        try {
          return await scriptedServer.transport.push(request, token);
        } finally {
          inFlight--;
        }
      },
    };

    expect(await flush({ db, transport, token: 't', batchSize: 8 })).toEqual({
      status: 'synced',
      sent: queued.length - 2,
      setAside: 2,
    });
    // The server gets a learner's records in the order they were made, one push after the other.
    expect(mostInFlight).toBe(1);
    const firstSent: number[] = [];
    const sent = new Set<string>();
    for (const ids of scriptedServer.pushes) {
      firstSent.push(
        ...ids
          .filter((id) => !sent.has(id))
          .map((id) => queued.indexOf(id))
          .sort((a, b) => a - b),
      );
      ids.forEach((id) => sent.add(id));
    }
    expect(firstSent).toEqual(queued.map((_id, index) => index));
    expect(acknowledged.sort()).toEqual(queued.filter((id) => id !== rejected && id !== refusingItsPush).sort());
    expect(await db.outbox.count()).toBe(0);
    expect((await db.attention.toArray()).map((entry) => [entry.id, entry.status, entry.code])).toEqual(
      expect.arrayContaining([
        [rejected, 'rejected', 'invalid_statement'],
        [refusingItsPush, 'rejected', 'bad_request'],
      ]),
    );
  });

  it('sends the next push while the answer to the one before is still being written on a slow phone', async () => {
    await studyLessons('a', 8);
    // The phone's storage is busy (another screen writing) right when the first answer comes back,
    // until the next push goes out (or 2 s pass).
    let storageBusy = false;
    let nextPushSent = false;
    let sentWhileBusy = false;
    let busyWriter: Promise<void> = Promise.resolve();
    const scriptedServer = scripted(() => 'stored');
    const transport: SyncTransport = {
      ...scriptedServer.transport,
      push: async (request, token) => {
        if (scriptedServer.pushes.length === 0) {
          const giveUp = Date.now() + 2000;
          storageBusy = true;
          busyWriter = db
            .transaction('rw', db.attention, async () => {
              while (!nextPushSent && Date.now() < giveUp) await db.attention.get('anything');
            })
            .finally(() => (storageBusy = false));
        } else {
          sentWhileBusy ||= storageBusy;
          nextPushSent = true;
        }
        return scriptedServer.transport.push(request, token);
      },
    };

    expect(await flush({ db, transport, token: 't', batchSize: 8 })).toMatchObject({ status: 'synced', sent: 16 });
    await busyWriter;
    expect(scriptedServer.pushes).toHaveLength(2);
    expect(sentWhileBusy).toBe(true);
  });

  it('sets a refused record aside with its reason and still delivers the rest', async () => {
    await queueSomeWork();
    const [bad] = await db.outbox.orderBy('seq').limit(1).toArray();
    const { transport } = scripted((id) => (id === bad!.id ? 'rejected' : 'stored'));
    expect(await flush({ db, transport, token: 't' })).toMatchObject({ status: 'synced', setAside: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.attention.get(bad!.id)).toMatchObject({
      status: 'rejected',
      code: 'invalid_statement',
      reason: 'not valid',
      body: bad!.body,
    });
  });

  it('keeps a conflicting record for the learner to see, never silently dropped', async () => {
    await queueSomeWork();
    const { transport } = scripted(() => 'conflict');
    await flush({ db, transport, token: 't' });
    expect(await db.attention.count()).toBeGreaterThan(0);
    expect(await db.attention.filter((entry) => entry.status !== 'conflict').count()).toBe(0);
  });

  it('narrows a batch the server refuses as a whole down to the one bad record', async () => {
    await queueSomeWork();
    const entries = await db.outbox.orderBy('seq').toArray();
    const bad = entries[2]!.id;
    const { transport } = scripted((_id, request) => {
      const ids = [
        ...request.statements.map((statement) => statement.id),
        ...request.progress.map((record) => record.id),
      ];
      return ids.includes(bad) ? new RequestError('bad_request', 400, 'malformed record', true) : 'stored';
    });
    expect(await flush({ db, transport, token: 't' })).toMatchObject({
      status: 'synced',
      sent: entries.length - 1,
      setAside: 1,
    });
    expect(await db.attention.get(bad)).toMatchObject({ status: 'rejected', code: 'bad_request' });
  });

  it.each([
    [
      'a Wi-Fi login page or firewall answers 403 instead of Lentera',
      new RequestError('bad_request', 403, 'Forbidden'),
    ],
    ['the sync endpoint itself is missing (an older server)', new RequestError('not_found', 404, 'not found', true)],
  ])('sets nothing aside when %s: every record waits', async (_case, failure) => {
    await queueSomeWork();
    const count = await db.outbox.count();
    const { transport } = scripted(() => failure);
    expect(await flush({ db, transport, token: 't' })).toMatchObject({ status: 'retry' });
    expect(await db.outbox.count()).toBe(count);
    expect(await db.attention.count()).toBe(0);
  });

  it('stops on an expired session and keeps everything for after the next login', async () => {
    await queueSomeWork();
    const count = await db.outbox.count();
    const { transport } = scripted(() => new RequestError('session_expired', 401, 'expired'));
    expect(await flush({ db, transport, token: 't' })).toEqual({ status: 'sessionExpired' });
    expect(await db.outbox.count()).toBe(count);
  });

  it('merges progress made on another phone without moving anything backwards', async () => {
    await recordLessonCompleted(db, learner, manifest, 'satu', new Date('2026-11-20T08:00:00Z'));
    const { transport } = scripted(() => 'stored', pulledFromAnotherPhone);
    await flush({ db, transport, token: 't' });
    expect(await db.progress.get(['kursus-uji', 'satu'])).toMatchObject({
      openedAt: '2026-11-19T08:00:00.000Z',
      completedAt: '2026-11-20T08:00:00.000Z',
    });
    expect(await db.progress.get(['kursus-uji', 'dua'])).toMatchObject({ position: 0.4, completedAt: null });
    expect(await db.attempts.get('a1')).toMatchObject({ fromServer: true, score: { passed: true, percent: 100 } });
    // A remedial grant raises the phone's attempt limit at the next sync.
    expect(await attemptLimit(db, 'kursus-uji', postTestEntry)).toBe(postTestEntry.maxAttempts + 2);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps what the server holds for review, forgets it once decided; an older server changes nothing', async () => {
    const held = async () =>
      (await db.meta.where('key').startsWith('held:').toArray()).map(({ key, value }) => [key, value]);
    const pulls: ProgressPullResponse[] = [
      {
        ...emptyPull,
        held: [
          { courseId: 'kursus-cepat', status: 'pending' },
          { courseId: 'kursus-lain', status: 'pending' },
        ],
      },
      { ...emptyPull, held: [{ courseId: 'kursus-cepat', status: 'refused' }] },
      emptyPull,
      { ...emptyPull, held: [] },
    ];
    const { transport } = scripted(() => 'stored');
    transport.pull = async () => pulls.shift()!;
    await flush({ db, transport, token: 't' });
    expect(await held()).toEqual([
      ['held:kursus-cepat', 'pending'],
      ['held:kursus-lain', 'pending'],
    ]);
    await flush({ db, transport, token: 't' });
    expect(await held()).toEqual([['held:kursus-cepat', 'refused']]);
    await flush({ db, transport, token: 't' });
    expect(await held()).toEqual([['held:kursus-cepat', 'refused']]);
    await flush({ db, transport, token: 't' });
    expect(await held()).toEqual([]);
  });

  it("gives the phone's own attempts the server's score, keeping what only the phone has", async () => {
    await db.attempts.add({
      id: 'a1',
      courseId: 'kursus-uji',
      courseVersion: '1.0.0',
      quizId: 'post-test',
      startedAt: '2026-11-21T09:50:00.000Z',
      finishedAt: '2026-11-21T10:00:00.000Z',
      questionOrder: ['q1'],
      optionOrder: { q1: ['a', 'b'] },
      answers: { q1: ['a'] },
      score: { scaled: 1, percent: 100, passed: true, correct: 1, total: 1 },
    });
    const flaggedByServer = { ...pulledFromAnotherPhone.attempts[0]!, scaled: 0, passed: false, flagged: true };
    const { transport } = scripted(() => 'stored', {
      ...pulledFromAnotherPhone,
      attempts: [flaggedByServer, { ...flaggedByServer, id: 'a2' }],
    });
    await flush({ db, transport, token: 't' });
    expect(await db.attempts.get('a1')).toMatchObject({
      answers: { q1: ['a'] },
      score: { percent: 100, correct: 1 },
      serverScore: { scaled: 0, passed: false, flagged: true },
    });
    expect(await db.attempts.get('a1')).not.toHaveProperty('fromServer');
    expect(await db.attempts.get('a2')).toMatchObject({ fromServer: true, serverScore: { flagged: true } });
  });

  it('pulling the same data again writes nothing, so the open screens do not re-read it', async () => {
    const { transport } = scripted(() => 'stored', pulledFromAnotherPhone);
    await flush({ db, transport, token: 't' });
    // What Beranda's cards read live: progress, attempts, the grant and the completion.
    let reads = 0;
    const firstRead = new Promise<void>((resolve) => {
      const subscription = liveQuery(() =>
        Promise.all([
          db.progress.toArray(),
          db.attempts.toArray(),
          db.meta.get(extraAttemptsKey('kursus-uji', 'post-test')),
          db.meta.get(completionKey('kursus-uji', '1.0.0')),
          db.meta.get('held:kursus-cepat'),
        ]),
      ).subscribe(() => {
        reads += 1;
        resolve();
      });
      afterEachUnsubscribe = () => subscription.unsubscribe();
    });
    await firstRead;
    await flush({ db, transport, token: 't' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reads).toBe(1);
  });
});
