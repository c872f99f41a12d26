// @vitest-environment jsdom
// Dexie looks for indexedDB when it loads; the scheduler watches a real database's outbox.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { RequestError } from '../../../src/app/data/errors';
import { queueProgress, queueStatements } from '../../../src/app/data/outbox';
import { RETRY_BASE_MS, RETRY_CAP_MS, retryDelay, WRITE_DEBOUNCE_MS } from '../../../src/app/sync/backoff';
import type { SyncOutcome } from '../../../src/app/sync/engine';
import { IDLE_SYNC_MS, startSyncScheduler, type SyncScheduler } from '../../../src/app/sync/scheduler';
import { FLUSH_OUTBOX_EVENT } from '../../../src/shared/sw-messages';
import { courseCompletedStatement } from '../../../src/shared/xapi/build';
import { learner, manifestFixture } from '../builders';

const outcomes: SyncOutcome[] = [];
const flush = vi.fn(async (): Promise<SyncOutcome> => outcomes.shift() ?? { status: 'synced', sent: 0, setAside: 0 });
vi.mock('../../../src/app/sync/engine', () => ({ flush: () => flush() }));

let scheduler: SyncScheduler;
let online = true;
const db = new LenteraDb(`scheduler-${crypto.randomUUID()}`);
const start = (overrides: Partial<Parameters<typeof startSyncScheduler>[0]> = {}) =>
  startSyncScheduler({
    isOnline: () => online,
    db,
    transport: {
      push: vi.fn(),
      pull: vi.fn(),
      discussion: vi.fn(),
      cycle: vi.fn(),
      upload: vi.fn(),
      attachment: vi.fn(),
    },
    getToken: () => 't',
    onStart: () => {},
    onOutcome: () => {},
    random: () => 1,
    ...overrides,
  });
const busy = (retryAfterSeconds: number | null): SyncOutcome => ({
  status: 'retry',
  error: new RequestError('server_busy', 503, 'busy', true, undefined, retryAfterSeconds),
});

beforeEach(() => {
  vi.useFakeTimers();
  flush.mockClear();
  outcomes.length = 0;
  online = true;
});
afterEach(() => {
  scheduler.stop();
  vi.useRealTimers();
});

describe('sync scheduler', () => {
  it('flushes at start, then again after the idle interval', async () => {
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(IDLE_SYNC_MS);
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('backs off after failures and flushes at once when the connection returns', async () => {
    outcomes.push({ status: 'retry', error: new Error('offline') }, { status: 'retry', error: new Error('offline') });
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(retryDelay(1, () => 1));
    expect(flush).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(retryDelay(2, () => 1) - 1);
    expect(flush).toHaveBeenCalledTimes(2);
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(3);
  });

  it('sends nothing while offline, whatever asks for it, and flushes once the connection returns', async () => {
    online = false;
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.requestSync(0);
    dispatchEvent(new Event(FLUSH_OUTBOX_EVENT));
    await vi.advanceTimersByTimeAsync(IDLE_SYNC_MS * 3);
    expect(flush).not.toHaveBeenCalled();
    online = true;
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('flushes when the service worker relays a Background Sync wake-up, and on request', async () => {
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    dispatchEvent(new Event(FLUSH_OUTBOX_EVENT));
    await vi.advanceTimersByTimeAsync(0);
    scheduler.requestSync(2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(flush).toHaveBeenCalledTimes(3);
  });

  it('leaves a busy server alone for its Retry-After, whatever asks, and says when it tries again', async () => {
    outcomes.push(busy(30));
    const onOutcome = vi.fn();
    scheduler = start({ onOutcome });
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(onOutcome).toHaveBeenLastCalledWith(
      expect.objectContaining({ status: 'retry' }),
      new Date(Date.now() + 30_000),
    );
    // A fresh write, the button, the connection returning: none of them reaches the server early.
    scheduler.requestSync(0);
    dispatchEvent(new Event('online'));
    dispatchEvent(new Event(FLUSH_OUTBOX_EVENT));
    await vi.advanceTimersByTimeAsync(30_000 - 1);
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(flush).toHaveBeenCalledTimes(2);
    expect(onOutcome).toHaveBeenLastCalledWith({ status: 'synced', sent: 0, setAside: 0 }, null);
  });

  it('keeps backing off when the server asks for less than the backoff', async () => {
    outcomes.push(busy(1), busy(1));
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(retryDelay(1, () => 1) - 1);
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(flush).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(retryDelay(2, () => 1) - 1);
    expect(flush).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(flush).toHaveBeenCalledTimes(3);
  });

  it('a learner act queued in the outbox is sent soon after, with nobody asking; a scroll position waits', async () => {
    // IndexedDB (fake-indexeddb) runs on setImmediate: only the scheduler's timers are faked here.
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    expect(flush).toHaveBeenCalledTimes(1);

    await db.transaction('rw', db.outbox, () =>
      queueProgress(
        db,
        { courseId: 'c', lessonId: 'l', openedAt: 'x', completedAt: null, position: 0.5, updatedAt: 'x' },
        new Date(),
      ),
    );
    await vi.advanceTimersByTimeAsync(WRITE_DEBOUNCE_MS * 2);
    expect(flush).toHaveBeenCalledTimes(1);

    const course = manifestFixture();
    const at = new Date();
    await queueStatements(
      db,
      [courseCompletedStatement({ learner, course, id: crypto.randomUUID(), registration: crypto.randomUUID(), at })],
      at,
    );
    await vi.advanceTimersByTimeAsync(WRITE_DEBOUNCE_MS - 1);
    expect(flush).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(flush).toHaveBeenCalledTimes(2);
    await db.delete();
  });

  it('stops listening once stopped (after logout)', async () => {
    scheduler = start();
    await vi.advanceTimersByTimeAsync(0);
    scheduler.stop();
    dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(IDLE_SYNC_MS * 2);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});

describe('sync scheduler after a logout', () => {
  it('a flush still running when the account logs out reports nothing into the next session', async () => {
    let finish: (outcome: SyncOutcome) => void = () => undefined;
    flush.mockImplementationOnce(() => new Promise<SyncOutcome>((resolve) => (finish = resolve)));
    const onOutcome = vi.fn();
    scheduler = start({ onOutcome });
    await vi.advanceTimersByTimeAsync(0);
    scheduler.stop();
    finish({ status: 'sessionExpired' });
    await vi.advanceTimersByTimeAsync(0);
    expect(onOutcome).not.toHaveBeenCalled();
  });
});

describe('retryDelay', () => {
  it('grows exponentially with jitter and never exceeds the cap', () => {
    expect(retryDelay(1, () => 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelay(1, () => 1)).toBe(RETRY_BASE_MS);
    expect(retryDelay(3, () => 1)).toBe(RETRY_BASE_MS * 4);
    expect(retryDelay(30, () => 1)).toBe(RETRY_CAP_MS);
    const spread = new Set(Array.from({ length: 20 }, (_, index) => retryDelay(4, () => index / 20)));
    expect(spread.size).toBe(20);
  });
});
