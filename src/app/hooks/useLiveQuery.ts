import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Subscribes a component to a Dexie query: it re-renders whenever the rows the query read
 * change, from this tab or another. Domain data is read this way, never copied into a store.
 * Returns `undefined` until the first result.
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[]): T | undefined {
  const [result, setResult] = useState<{ value: T; deps: unknown[] } | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ value, deps }),
      error: (error: unknown) => console.error('live query failed', error),
    });
    return () => subscription.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  // When the deps change (the next lesson, say), the previous query's result is not this one's:
  // until the new query answers, the caller sees `undefined`, not the previous lesson's rows.
  return result !== undefined && sameDeps(result.deps, deps) ? result.value : undefined;
}

function sameDeps(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
