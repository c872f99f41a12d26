/** First retry after a failure, and the longest wait between retries. */
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 15 * 60_000;
/** Writes made while online are sent shortly after, batched rather than one request per tap. */
export const WRITE_DEBOUNCE_MS = 2_000;

/**
 * Exponential backoff with full jitter: after n failures wait a random time up to
 * base·2ⁿ (capped). The randomness spreads out phones that all regain signal at once (the
 * office Wi-Fi coming back), so they do not hammer the server together.
 */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(RETRY_BASE_MS / 2 + random() * (ceiling - RETRY_BASE_MS / 2));
}
