// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { DAILY_LIMIT_RETRY_MS } from '../../../src/app/data/outbox';
import { queueRecord } from '../../../src/app/data/records';
import { flush } from '../../../src/app/sync/engine';
import type { SyncTransport } from '../../../src/app/sync/transport';
import type { SyncItemResult, SyncPushRequest } from '../../../src/shared/protocol';

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

/** A server answering every record with `answer`. */
function server(answer: (id: string) => SyncItemResult) {
  const pushes: SyncPushRequest[] = [];
  const transport: SyncTransport = {
    push: async (request: SyncPushRequest) => {
      pushes.push(request);
      return { results: request.records.map((record) => answer(record.id)), serverTime: new Date().toISOString() };
    },
    pull: async () => ({ lessons: [], attempts: [], completions: [] }),
    discussion: async () => ({ status: 'unchanged' }),
    cycle: async () => Promise.reject(new Error('no training cycle here')),
    upload: async () => {},
    attachment: async () => null,
  } as unknown as SyncTransport;
  return { transport, pushes };
}

describe('a record refused for the day’s budget', () => {
  it('shows in “perlu perhatian” and is sent again by itself a day later, not before', async () => {
    const writtenAt = new Date('2026-11-30T08:00:00.000Z');
    const id = await queueRecord(
      db,
      'discussion_post',
      {
        courseId: 'etika',
        promptId: null,
        parentId: null,
        text: 'Pengalaman saya.',
        writtenAt: writtenAt.toISOString(),
      },
      writtenAt,
    );
    const busy = server((recordId) => ({
      id: recordId,
      status: 'rejected',
      code: 'daily_limit',
      reason: 'This account already sent 100 discussion_post records in the last 24 hours',
    }));
    const day = new Date('2026-11-30T09:00:00.000Z');
    expect(await flush({ db, transport: busy.transport, token: 't', now: () => day })).toMatchObject({ setAside: 1 });
    expect(await db.attention.get(id)).toMatchObject({ code: 'daily_limit' });
    expect(await db.outbox.count()).toBe(0);

    // The same day: it stays where the learner sees it.
    const sameDay = new Date(day.getTime() + DAILY_LIMIT_RETRY_MS - 60_000);
    const later = server((recordId) => ({ id: recordId, status: 'stored' }));
    await flush({ db, transport: later.transport, token: 't', now: () => sameDay });
    expect(later.pushes).toEqual([]);
    expect(await db.attention.get(id)).toBeDefined();

    // A day later it goes up without the learner pressing anything.
    const nextDay = new Date(day.getTime() + DAILY_LIMIT_RETRY_MS);
    expect(await flush({ db, transport: later.transport, token: 't', now: () => nextDay })).toMatchObject({
      status: 'synced',
      sent: 1,
    });
    expect(later.pushes.flatMap((push) => push.records.map((record) => record.id))).toEqual([id]);
    expect(await db.attention.get(id)).toBeUndefined();
  });
});
