// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSyncForSession, useSync } from '../../../src/app/stores/sync';
import { useSession } from '../../../src/app/stores/session';
import { aUser } from '../builders';

const requestSync = vi.fn();
const startSyncScheduler = vi.fn((_options: { onStart(): void }) => ({ requestSync, stop: vi.fn() }));
vi.mock('../../../src/app/sync/scheduler', () => ({ startSyncScheduler }));
vi.mock('../../../src/app/sync/transport', () => ({ httpTransport: {} }));

/** Lets the dynamic imports and promise chains of `follow` run. */
const settle = async (): Promise<void> => {
  for (let turn = 0; turn < 20; turn++) await vi.advanceTimersByTimeAsync(0);
};

let stopSync: () => void = () => undefined;

beforeEach(() => {
  // Page start at 0: the app was just opened from the home-screen icon.
  vi.useFakeTimers({ now: 0 });
  useSession.setState({ token: 't', user: aUser(), expired: false });
});

afterEach(() => {
  stopSync();
  vi.useRealTimers();
  startSyncScheduler.mockClear();
  requestSync.mockClear();
});

describe('when sync starts after the app is opened', () => {
  it('starts on its own once the opening screen has settled, not while it is drawn', async () => {
    stopSync = startSyncForSession();
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(startSyncScheduler).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1500);
    await settle();
    expect(startSyncScheduler).toHaveBeenCalledOnce();
  });

  it('"Sinkronkan sekarang" before then starts it at once (a started scheduler syncs right away)', async () => {
    stopSync = startSyncForSession();
    await vi.advanceTimersByTimeAsync(500);
    useSync.getState().syncNow();
    await settle();
    expect(startSyncScheduler).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(5000);
    await settle();
    expect(startSyncScheduler).toHaveBeenCalledOnce();
    // Once started, the button asks the running scheduler.
    useSync.getState().syncNow();
    expect(requestSync).toHaveBeenCalledWith(0);
  });
});

describe('when the session ends during a sync', () => {
  it('the status stops saying "Mengirim…": nothing is sent until the learner logs in again', async () => {
    stopSync = startSyncForSession();
    useSync.getState().syncNow();
    await settle();
    // The scheduler began a run; the session ends (another request got 401) before it reports back.
    startSyncScheduler.mock.calls[0]![0].onStart();
    expect(useSync.getState().syncing).toBe(true);
    useSession.getState().markExpired();
    expect(useSync.getState().syncing).toBe(false);
  });
});
