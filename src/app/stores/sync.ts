import { create } from './create';
import { databaseFor } from '../data/db';
import type { SyncScheduler } from '../sync/scheduler';
import type { SyncOutcome } from '../sync/engine';
import { useSession } from './session';
import { whenSettled } from '../hooks/useSettled';

interface SyncState {
  syncing: boolean;
  /** The last failure, shown until a sync succeeds. */
  lastError: unknown;
  /** When the next attempt after that failure is due. */
  retryAt: Date | null;
  /** Sync now: the "Sinkronkan sekarang" button. */
  syncNow(): void;
}

let scheduler: SyncScheduler | null = null;
let scheduledFor: string | null = null;
/** Starts the scheduler without waiting for Beranda to settle (see `follow`). */
let startNow: (() => void) | null = null;

/** UI state of the sync; what waits and when it last succeeded are read from Dexie directly. */
export const useSync = create<SyncState>()(() => ({
  syncing: false,
  lastError: null,
  retryAt: null,
  syncNow: () => (scheduler ? scheduler.requestSync(0) : startNow?.()),
}));

function onOutcome(outcome: SyncOutcome, retryAt: Date | null): void {
  if (outcome.status === 'sessionExpired') useSession.getState().markExpired();
  useSync.setState({ syncing: false, lastError: outcome.status === 'retry' ? outcome.error : null, retryAt });
}

/**
 * Runs the scheduler for whoever is logged in with a live session; stops it otherwise.
 * The engine (with the record schemas and zod, ~30 KB gzipped) loads once Beranda has settled
 * (`whenSettled`): it is not part of the first signed-in screen's budget (test/e2e/size.test.ts),
 * and its first sync does not compete with the learner's first tap. A learner who asks to sync
 * before then ("Sinkronkan sekarang") does not wait: a started scheduler syncs at once.
 */
function follow(userId: string | null, active: boolean): void {
  const wanted = userId && active ? userId : null;
  if (wanted === scheduledFor) return;
  scheduler?.stop();
  scheduler = null;
  scheduledFor = wanted;
  // A stopped scheduler never reports the run it was in (session ended, other account): the
  // header must not go on saying "Mengirim…" while nothing is sent until the next login.
  useSync.setState({ syncing: false });
  startNow = null;
  if (!wanted) return;
  const asked = new Promise<void>((resolve) => (startNow = resolve));
  void Promise.race([whenSettled(), asked])
    .then(() => Promise.all([import('../sync/scheduler'), import('../sync/transport')]))
    .then(([{ startSyncScheduler }, { httpTransport }]) => {
      // The session changed while the code loaded: the newer follow() decides.
      if (scheduledFor === wanted && scheduler === null) scheduler = start(wanted, startSyncScheduler, httpTransport);
    })
    .catch((error: unknown) => useSync.setState({ lastError: error }));
}

function start(
  userId: string,
  startSyncScheduler: typeof import('../sync/scheduler').startSyncScheduler,
  httpTransport: typeof import('../sync/transport').httpTransport,
): SyncScheduler {
  const db = databaseFor(userId);
  return startSyncScheduler({
    db,
    transport: httpTransport,
    getToken: () => useSession.getState().token,
    onStart: () => useSync.setState({ syncing: true }),
    onOutcome: (outcome, retryAt) => {
      onOutcome(outcome, retryAt);
      // The JP ledger and certificates follow what the server has now confirmed; best effort,
      // the next sync tries again (the card shows unconfirmed completions meanwhile).
      const token = useSession.getState().token;
      // Loaded on first use, so the first signed-in screen does not carry it.
      if (outcome.status === 'synced' && token !== null)
        void import('../data/record-sync')
          .then(({ syncRecord }) => syncRecord(db, token))
          .catch((error: unknown) => console.warn('record sync failed', error));
    },
  });
}

export function startSyncForSession(): () => void {
  const check = (): void => {
    const { user, token, expired } = useSession.getState();
    follow(user?.id ?? null, token !== null && !expired);
  };
  check();
  const unsubscribe = useSession.subscribe(check);
  return () => {
    unsubscribe();
    follow(null, false);
  };
}
