import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

type Outcome<T> = { ok: true; value: T; deps: unknown[] } | { ok: false; error: unknown; deps: unknown[] };

/**
 * Subscribes a component to a Dexie query: it re-renders whenever the rows the query read
 * change, from this tab or another. Domain data is read this way, never copied into a store.
 * Returns `undefined` until the first result. A query that fails (IndexedDB refused the read,
 * a stored file is corrupt) throws while rendering, so the screen's `ErrorBoundary` explains
 * it and offers to try again, instead of the screen waiting on "Memuat…" for ever.
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): T | undefined {
  const [outcome, setOutcome] = useState<Outcome<T> | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setOutcome({ ok: true, value, deps }),
      error: (error: unknown) => setOutcome({ ok: false, error, deps }),
    });
    return () => subscription.unsubscribe();
    // `query` is a fresh closure on every render; the caller's `deps` say when its meaning changes
    // (ESLint checks them at each call site: see `additionalHooks` in eslint.config.js).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the deps are the caller's
  }, deps);
  // When the deps change (the next lesson, say), the previous query's result is not this one's:
  // until the new query answers, the caller sees `undefined`, not the previous lesson's rows.
  if (outcome === undefined || !sameDeps(outcome.deps, deps)) return undefined;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
