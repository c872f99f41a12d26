// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { phoneClockOffset, PHONE_CLOCK_KEY } from '../../../src/app/data/phone-clock';
import { recordLessonCompleted } from '../../../src/app/data/progress';
import { flush } from '../../../src/app/sync/engine';
import { clockOffsetMs, notePhoneClock } from '../../../src/app/sync/phone-clock';
import type { SyncTransport } from '../../../src/app/sync/transport';
import type { ProgressPullResponse, SyncPushRequest } from '../../../src/shared/protocol';
import { learner, manifestFixture } from '../builders';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

describe('clockOffsetMs', () => {
  const sent = Date.parse('2026-12-01T10:00:00.000Z');
  const answered = sent + 45_000;

  it('finds nothing wrong while the server’s time lies within the request, however slow', () => {
    expect(clockOffsetMs(sent, answered, '2026-12-01T10:00:30.000Z')).toBe(0);
    expect(clockOffsetMs(sent, sent + 60_000, '2026-12-01T10:01:00.000Z')).toBe(0);
  });

  it('counts what lies outside the request: ahead if the server read an earlier time, behind if later', () => {
    expect(clockOffsetMs(sent, answered, '2026-12-01T07:00:00.000Z')).toBe(3 * HOUR);
    expect(clockOffsetMs(sent, answered, '2026-12-03T10:00:45.000Z')).toBe(-48 * HOUR);
  });

  it('says nothing for an answer without a readable time (an older server)', () => {
    expect(clockOffsetMs(sent, answered, undefined)).toBeNull();
    expect(clockOffsetMs(sent, answered, 'kemarin')).toBeNull();
  });
});

describe('notePhoneClock', () => {
  it('keeps an offset past 5 minutes in whole minutes, nothing within, and forgets it once right', async () => {
    await notePhoneClock(db, 4 * MINUTE);
    expect(await phoneClockOffset(db)).toBeNull();
    await notePhoneClock(db, -(2 * HOUR + 20_000));
    expect(await phoneClockOffset(db)).toBe(-120);
    await notePhoneClock(db, 6 * MINUTE);
    expect(await phoneClockOffset(db)).toBe(6);
    await notePhoneClock(db, 0);
    expect(await phoneClockOffset(db)).toBeNull();
    expect(await db.meta.get(PHONE_CLOCK_KEY)).toBeUndefined();
  });
});

/** A server whose clock reads `serverNow` at each answer; `pullTime: false` is an older server's pull. */
function serverAt(serverNow: () => Date, { pullTime = true } = {}): SyncTransport {
  return {
    push: async (request: SyncPushRequest) => ({
      results: [...request.statements, ...request.progress].map(({ id }) => ({ id, status: 'stored' as const })),
      serverTime: serverNow().toISOString(),
    }),
    pull: async (): Promise<ProgressPullResponse> => ({
      lessons: [],
      attempts: [],
      completions: [],
      ...(pullTime ? { serverTime: serverNow().toISOString() } : {}),
    }),
    discussion: async () => ({ status: 'unchanged' }),
    cycle: async () => ({ settings: null, questionnaires: [] }) as never,
    upload: async () => {},
    attachment: async () => null,
  } as unknown as SyncTransport;
}

describe('a sync', () => {
  const serverNow = new Date('2026-12-01T10:00:00.000Z');

  it('notes a clock a day behind from the push’s answer, forgotten when a later sync finds it right', async () => {
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    const phoneNow = new Date(serverNow.getTime() - 24 * HOUR);
    const older = serverAt(() => serverNow, { pullTime: false });
    expect(await flush({ db, transport: older, token: 't', now: () => phoneNow })).toMatchObject({ status: 'synced' });
    expect(await phoneClockOffset(db)).toBe(-24 * 60);

    // Set right; nothing left to send: the pull's time says so.
    expect(await db.outbox.count()).toBe(0);
    await flush({ db, transport: serverAt(() => serverNow), token: 't', now: () => serverNow });
    expect(await phoneClockOffset(db)).toBeNull();
  });

  it('a push that fails reports its own error, even if keeping the clock fails too', async () => {
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu');
    // An answer for none of the batch fails the push after its clock was read.
    const server = serverAt(() => serverNow);
    const answersNone = { ...server, push: async () => ({ results: [], serverTime: serverNow.toISOString() }) };
    const get = db.meta.get.bind(db.meta);
    db.meta.get = ((key: string) =>
      key === PHONE_CLOCK_KEY ? Promise.reject(new Error('the clock could not be kept')) : get(key)) as typeof get;
    const phoneNow = new Date(serverNow.getTime() - 24 * HOUR);
    const result = await flush({ db, transport: answersNone as SyncTransport, token: 't', now: () => phoneNow });
    expect(result).toMatchObject({ status: 'retry', error: { message: 'server answered for none of the batch' } });
  });

  it('notes a clock gone wrong with nothing to send (the pull), not one a slow link only seems to show', async () => {
    const phoneNow = new Date(serverNow.getTime() + 3 * HOUR);
    await flush({ db, transport: serverAt(() => serverNow), token: 't', now: () => phoneNow });
    expect(await phoneClockOffset(db)).toBe(180);

    // A phone with the right time whose pull took 50 s: the server's time falls within it.
    let phoneClock = serverNow.getTime();
    const slow = serverAt(() => new Date((phoneClock += 25_000)));
    await flush({ db, transport: slow, token: 't', now: () => new Date((phoneClock += 1)) });
    expect(await phoneClockOffset(db)).toBeNull();
  });
});
