import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { noticeSessionEnded } from '../stores/session';

export interface Action<Args extends unknown[]> {
  /** Starts the action (from a button); ignored while it is still running. */
  run(...args: Args): void;
  busy: boolean;
  /** Why the last run failed, for `ErrorNotice`; null when it succeeded or has not run. */
  error: unknown;
}

/**
 * A learner's action started from the screen (a button): never a fire-and-forget promise.
 * While it runs the button can say so, and when it fails the screen shows why with
 * `<ErrorNotice error={action.error} />`; a refusal that ended the session also offers
 * "Masuk kembali".
 */
export function useAction<Args extends unknown[]>(action: (...args: Args) => Promise<void>): Action<Args> {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const latest = useRef(action);
  latest.current = action;
  const running = useRef(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  const run = useCallback((...args: Args) => {
    if (running.current) return;
    running.current = true;
    setState({ busy: true, error: null });
    latest.current(...args).then(
      () => settle(null),
      (error: unknown) => {
        noticeSessionEnded(error);
        settle(error);
      },
    );
    function settle(error: unknown): void {
      running.current = false;
      if (mounted.current) setState({ busy: false, error });
    }
  }, []);
  return { run, ...state };
}
