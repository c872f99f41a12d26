import { useEffect, useState } from 'preact/hooks';

/** How long work waiting for an idle moment waits at most. */
const IDLE_WAIT_MS = 3000;

/**
 * Resolves at the browser's next idle moment (or after `IDLE_WAIT_MS`): for work that can wait
 * behind what the screen is drawing, so a slow phone runs the screen's own code first.
 */
export const whenIdle = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS });
    else setTimeout(resolve, 0);
  });

/** False until the first idle moment after the component mounted (see `whenIdle`). */
export function useIdle(): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let mounted = true;
    void whenIdle().then(() => mounted && setIdle(true));
    return () => {
      mounted = false;
    };
  }, []);
  return idle;
}
