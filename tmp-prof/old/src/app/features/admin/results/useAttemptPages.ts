import { useState } from 'preact/hooks';
import type { AdminAttempt } from '../../../../shared/protocol';
import { fetchAttemptsPage } from '../api';
import { useRemote } from '../useRemote';

interface AttemptPages {
  /** Every attempt loaded so far, newest first; undefined until the first page arrives. */
  attempts: AdminAttempt[] | undefined;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): Promise<void>;
  /** Every attempt of the filter, fetching the pages not loaded yet (for the CSV). */
  loadAll(onProgress: (loaded: number) => void): Promise<AdminAttempt[]>;
  /** Loads the list again from its first page (after a remedial grant). */
  reload(): void;
}

/** The attempts list a page at a time: a region's whole year would be too much for one request. */
export function useAttemptPages(courseId: string | null): AttemptPages {
  const first = useRemote(() => fetchAttemptsPage(courseId, null), [courseId]);
  const [more, setMore] = useState<{ for: string | null; attempts: AdminAttempt[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  // Pages loaded for another filter no longer apply.
  const extra = more && more.for === courseId && first.data ? more : null;
  const attempts = first.data ? [...first.data.attempts, ...(extra?.attempts ?? [])] : undefined;
  const next = extra ? extra.next : (first.data?.next ?? null);

  return {
    attempts,
    reload: () => {
      setMore(null);
      first.reload();
    },
    error: first.error ?? moreError,
    hasMore: next !== null,
    loadingMore,
    loadMore: async () => {
      if (next === null || loadingMore) return;
      setLoadingMore(true);
      try {
        const page = await fetchAttemptsPage(courseId, next);
        setMore({ for: courseId, attempts: [...(extra?.attempts ?? []), ...page.attempts], next: page.next });
        setMoreError(null);
      } catch (error) {
        setMoreError(error);
      } finally {
        setLoadingMore(false);
      }
    },
    loadAll: async (onProgress) => {
      const all = [...(attempts ?? [])];
      for (let cursor = next; cursor !== null;) {
        onProgress(all.length);
        const page = await fetchAttemptsPage(courseId, cursor);
        all.push(...page.attempts);
        cursor = page.next;
      }
      return all;
    },
  };
}
