import { useCallback, useEffect, useState } from 'preact/hooks';
import { noticeSessionEnded } from '../../stores/session';

interface Remote<T> {
  /** `undefined` while the first answer is on its way. */
  data: T | undefined;
  error: unknown;
  reload(): void;
}

/**
 * Loads server data for an admin screen. Admin data is read live from the server (never
 * kept on the device), so each screen asks again when it opens or when `deps` change.
 * A refused token ends the session the same way the learner screens do.
 */
export function useRemote<T>(load: () => Promise<T>, deps: unknown[]): Remote<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
      },
      (failure: unknown) => {
        if (!current) return;
        noticeSessionEnded(failure);
        setError(failure);
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure on every render; the caller's `deps` say when its meaning changes
    // (ESLint checks them at each call site: see `additionalHooks` in eslint.config.js).
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the deps are the caller's
  }, [...deps, generation]);

  return { data, error, reload };
}
