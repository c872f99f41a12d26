import { BACKGROUND_SYNC_TAG, FLUSH_OUTBOX_EVENT } from '../../shared/sw-messages';
import type { LenteraDb } from '../data/db';
import { RequestError } from '../data/errors';
import { onLearnerAct } from '../data/outbox';
import { retryDelay, WRITE_DEBOUNCE_MS } from './backoff';
import { flush, type SyncOutcome } from './engine';
import type { SyncTransport } from './transport';

/** While everything is synced, still look for progress made on the learner's other phone now and then. */
export const IDLE_SYNC_MS = 10 * 60_000;

export interface SchedulerOptions {
  db: LenteraDb;
  transport: SyncTransport;
  getToken(): string | null;
  onStart(): void;
  /** `retryAt`: when the next attempt after a failure is due (the sync bar names it while the server is busy). */
  onOutcome(outcome: SyncOutcome, retryAt: Date | null): void;
  random?: () => number;
  now?: () => number;
  /** Whether the device says it has a network (`navigator.onLine`); without one nothing is sent. */
  isOnline?: () => boolean;
}

export interface SyncScheduler {
  /**
   * Sync after `delayMs` (the "Sinkronkan sekarang" button; a write outside
   * the outbox). Outbox writes ask by themselves.
   */
  requestSync(delayMs?: number): void;
  stop(): void;
}

/**
 * Decides when the engine runs: at start, when the connection returns, when the app comes
 * back to the foreground, shortly after a write, on a timer (backing off with jitter after
 * failures), and on Background Sync where the browser has it. Only one tab flushes at a
 * time (Web Locks), so two open tabs never send the same batch concurrently.
 *
 * A server that answers "busy" with `Retry-After` is left alone at least that long, whatever
 * asks for a sync meanwhile (a write, the button, the connection returning): it admits what it
 * can serve and sends the rest away, and phones that came back at once would only be sent
 * away again. The records wait in the outbox, untouched.
 */
export function startSyncScheduler(options: SchedulerOptions): SyncScheduler {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let stopped = false;
  /** Before this instant (ms) the server asked not to be sent anything. */
  let notBefore = 0;
  const now = options.now ?? Date.now;

  const schedule = (delay: number): void => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void run(), Math.max(delay, notBefore - now()));
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
      if (outcome.status === 'retry') {
        failures++;
        const asked = serverAskedToWaitMs(outcome.error);
        if (asked > 0) notBefore = now() + asked;
        // The backoff goes on growing with each failure: Retry-After is a floor, not a reset.
        const delay = Math.max(retryDelay(failures, options.random), asked);
        options.onOutcome(outcome, new Date(now() + delay));
        schedule(delay);
        void registerBackgroundSync();
      } else {
        failures = 0;
        options.onOutcome(outcome, null);
        if (outcome.status !== 'sessionExpired') schedule(IDLE_SYNC_MS);
      }
    } finally {
      running = false;
      if (again && !stopped) {
        again = false;
        // Through the timer, so a server's Retry-After holds for this run too.
        schedule(0);
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
  // Sent shortly after, batched with whatever the learner does next.
  const stopWatchingWrites = onLearnerAct(options.db, () => schedule(WRITE_DEBOUNCE_MS));
  addEventListener('online', onOnline);
  addEventListener(FLUSH_OUTBOX_EVENT, onFlushRequest);
  document.addEventListener('visibilitychange', onVisible);
  schedule(0);

  return {
    requestSync: (delayMs = 0) => schedule(delayMs),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      stopWatchingWrites();
      removeEventListener('online', onOnline);
      removeEventListener(FLUSH_OUTBOX_EVENT, onFlushRequest);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

/** What the server's `Retry-After` asks for, in ms (0: nothing). */
function serverAskedToWaitMs(error: unknown): number {
  return error instanceof RequestError && error.retryAfterSeconds !== null ? error.retryAfterSeconds * 1000 : 0;
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
