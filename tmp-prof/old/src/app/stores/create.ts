import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { create as zustandCreate } from 'zustand';

/**
 * zustand's `create`, bound to Preact's own hooks. The package's `zustand` entry imports
 * `react`, which the build maps to `preact/compat` (~4 KB gzipped the learner would download
 * before the login form shows); `zustand/vanilla` plus this hook does the same job. Learner
 * code imports stores from here (ESLint refuses `zustand` and `preact/compat` in it).
 */
export const create = ((initializer?: StateCreator<unknown>) =>
  initializer === undefined ? bind : bind(initializer)) as unknown as typeof zustandCreate;

function bind<T>(initializer: StateCreator<T>) {
  const api = createStore<T>()(initializer);
  const useBoundStore = <U>(selector: (state: T) => U = (state) => state as unknown as U): U =>
    useStoreSlice(api, selector);
  return Object.assign(useBoundStore, api);
}

/** The selected slice; the caller re-renders only when it changes (`Object.is`), like zustand's hook. */
function useStoreSlice<T, U>(api: StoreApi<T>, selector: (state: T) => U): U {
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const selected = selector(api.getState());
  const latest = useRef({ selector, selected });
  latest.current = { selector, selected };
  useLayoutEffect(() => {
    const check = (): void => {
      if (!Object.is(latest.current.selector(api.getState()), latest.current.selected)) rerender(undefined);
    };
    // The state may have changed between this render and the subscription.
    check();
    return api.subscribe(check);
  }, [api]);
  return selected;
}
