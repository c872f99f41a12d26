import { h, type ComponentType, type FunctionComponent } from 'preact';
import { useEffect, useReducer, useState } from 'preact/hooks';

/**
 * A component whose code loads on first use — what `preact/compat`'s `lazy` + `Suspense` do,
 * without compat (~4 KB gzipped on the first load). `Fallback` shows while the code loads
 * (nothing when omitted). A chunk that fails to load is thrown to the nearest ErrorBoundary,
 * which explains it; the next mount tries again.
 */
export function lazy<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
  Fallback: ComponentType | null = null,
): FunctionComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [, rerender] = useReducer((count: number) => count + 1, 0);
    const [failure, setFailure] = useState<{ error: unknown } | null>(null);
    useEffect(() => {
      if (loaded) return;
      let mounted = true;
      pending ??= load().then(({ default: component }) => (loaded = component));
      pending.then(
        () => mounted && rerender(undefined),
        (error: unknown) => {
          pending = null;
          if (mounted) setFailure({ error });
        },
      );
      return () => {
        mounted = false;
      };
    }, []);
    if (failure) throw failure.error;
    if (loaded) return h(loaded, props);
    return Fallback ? h(Fallback, {}) : null;
  };
}
