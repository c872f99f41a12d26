import { BACKGROUND_SYNC_TAG, FLUSH_OUTBOX_EVENT } from '../../shared/sw-messages';
import type { LenteraDb } from '../data/db';
import { retryDelay } from './backoff';
import { flush, type SyncOutcome } from './engine';
import type { SyncTransport } from './transport';

/** While everything is synced, still look for progress made on the learner's other phone now and then. */
export const IDLE_SYNC_MS = 10 * 60_000;

export interface SchedulerOptions {
  db: LenteraDb;
  transport: SyncTransport;
  getToken(): string | null;
  onStart(): void;
  onOutcome(outcome: SyncOutcome): void;
  random?: () => number;
  /** Whether the device says it has a network (`navigator.onLine`); without one nothing is sent. */
  isOnline?: () => boolean;
}

export interface SyncScheduler {
  /** Sync as soon as possible (the "Sinkronkan sekarang" button, a fresh write, a Background Sync event). */
  requestSync(delayMs?: number): void;
  stop(): void;
}

/**
 * Decides when the engine runs: at start, when the connection returns, when the app comes
 * back to the foreground, shortly after a write, on a timer (backing off with jitter after
 * failures), and on Background Sync where the browser has it. Only one tab flushes at a
 * time (Web Locks), so two open tabs never send the same batch concurrently.
 */
export function startSyncScheduler(options: SchedulerOptions): SyncScheduler {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;

  const schedule = (delay: number): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void run(), delay);
  };

  const isOnline = options.isOnline ?? (() => globalThis.navigator?.onLine !== false);

  const run = async (): Promise<void> => {
    // With no network every request would fail (and log an error in the console): wait for the
    // `online` event instead, which schedules a run at once. Background Sync covers a closed tab.
    if (!isOnline()) {
      void registerBackgroundSync();
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    options.onStart();
    try {
      const outcome = await withSyncLock(options.db.name, () =>
        flush({ db: options.db, transport: options.transport, token: options.getToken() }),
      );
      // Stopped meanwhile (logout, another account): this outcome is not the current session's to report.
      if (stopped) return;
      options.onOutcome(outcome);
      if (outcome.status === 'retry') {
        failures++;
        schedule(retryDelay(failures, options.random));
        void registerBackgroundSync();
      } else {
        failures = 0;
        if (outcome.status !== 'sessionExpired') schedule(IDLE_SYNC_MS);
      }
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        void run();
      }
    }
  };

  const onOnline = (): void => {
    failures = 0;
    schedule(0);
  };
  const onVisible = (): void => {
    if (document.visibilityState === 'visible') schedule(0);
  };
  const onFlushRequest = (): void => schedule(0);
  addEventListener('online', onOnline);
  addEventListener(FLUSH_OUTBOX_EVENT, onFlushRequest);
  document.addEventListener('visibilitychange', onVisible);
  schedule(0);

  return {
    requestSync: (delayMs = 0) => schedule(delayMs),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      removeEventListener('online', onOnline);
      removeEventListener(FLUSH_OUTBOX_EVENT, onFlushRequest);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

/** One flush per account's outbox at a time across tabs; another account's flush never holds this one up. */
async function withSyncLock(dbName: string, task: () => Promise<SyncOutcome>): Promise<SyncOutcome> {
  if (!globalThis.navigator?.locks) return task();
  return navigator.locks.request(`lentera-sync:${dbName}`, { ifAvailable: true }, async (lock) =>
    lock ? task() : ({ status: 'busy' } as const),
  );
}

/**
 * Chromium can wake the service worker when the connection returns even while Lentera is in
 * the background; the worker then asks the open Lentera windows to flush (see sw.ts).
 * Elsewhere the timer and the `online` event do the job.
 */
async function registerBackgroundSync(): Promise<void> {
  const registration = await globalThis.navigator?.serviceWorker?.getRegistration?.().catch(() => undefined);
  const sync = (
    registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined
  )?.sync;
  await sync?.register(BACKGROUND_SYNC_TAG).catch(() => undefined);
}
