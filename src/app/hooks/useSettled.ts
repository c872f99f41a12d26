import { useEffect, useState } from 'preact/hooks';

/** How long work waiting for an idle moment waits at most. */
const IDLE_WAIT_MS = 3000;

/**
 * How long after the page starts background work waits at least. Opened from the home-screen
 * icon, the first seconds belong to Beranda: drawing it, opening the database, the learner's
 * first tap. The sync engine's code (with zod and the record schemas) and the first pulls are
 * ~50 ms of main thread here, ~0.2 s on a mid-range phone, in tasks long enough to hold up that
 * tap. Signed in later (after the login screen), the moment has long passed.
 */
const SETTLE_MS = 3000;

const nextIdle = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS });
    else setTimeout(resolve, 0);
  });

/**
 * Resolves at the browser's first idle moment (or after `IDLE_WAIT_MS`) once the opening screen
 * has settled (`SETTLE_MS`): for work the screen does not show, so a slow phone runs the
 * screen's own code and answers the learner first.
 */
export const whenSettled = (): Promise<void> =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, SETTLE_MS - performance.now()))).then(nextIdle);

/** False until the opening screen has settled after the component mounted (see `whenSettled`). */
export function useSettled(): boolean {
  const [settled, setSettled] = useState(false);
  useEffect(() => {
    let mounted = true;
    void whenSettled().then(() => mounted && setSettled(true));
    return () => {
      mounted = false;
    };
  }, []);
  return settled;
}
