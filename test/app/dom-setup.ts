import { afterAll } from 'vitest';

/**
 * vitest setupFiles, for every test file: in those that render (jsdom), findBy…/waitFor wait up
 * to 10 s instead of Testing Library's 1 s. On a busy 2-core machine a first render (a lazy
 * chunk, Dexie opening, a course downloading) has taken longer than 1 s with nothing wrong —
 * the admin gate test failed that way. A screen that never shows what is expected still fails.
 *
 * And at the end of such a file, whatever is still rendered is unmounted and the next 50 ms are
 * let pass before jsdom goes away: preact runs effects after a paint, falling back to a 35 ms
 * timer that calls `cancelAnimationFrame`. A file ending within 35 ms of a render left that timer
 * to fire after vitest had removed jsdom's globals — "ReferenceError: cancelAnimationFrame is
 * not defined", an unhandled error that made the whole run fail although every test passed.
 */
if (typeof document !== 'undefined') {
  const { cleanup, configure } = await import('@testing-library/preact');
  configure({ asyncUtilTimeout: 10_000 });
  afterAll(async () => {
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

export {};
