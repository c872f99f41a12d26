/**
 * vitest setupFiles, for every test file: in those that render (jsdom), findBy…/waitFor wait up
 * to 10 s instead of Testing Library's 1 s. On a busy 2-core machine a first render (a lazy
 * chunk, Dexie opening, a course downloading) has taken longer than 1 s with nothing wrong —
 * the admin gate test failed that way. A screen that never shows what is expected still fails.
 */
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/preact');
  configure({ asyncUtilTimeout: 10_000 });
}

export {};
