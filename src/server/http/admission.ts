import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

export interface AdmissionOptions {
  /** Requests served at once. */
  limit: number;
  /** Requests that may wait for a free place (first come, first served); beyond them, "come back later". */
  queue: number;
  /**
   * `Retry-After` is a whole number of seconds drawn from [min, max]: phones told "busy" together come back spread out.
   */
  retryAfterSeconds?: { min: number; max: number };
  random?: () => number;
}

const DEFAULT_RETRY_AFTER = { min: 1, max: 5 };

/**
 * Admission control: at most `limit` of these requests run at once and `queue` more wait their
 * turn; the rest are answered at once with 503 `server_busy` and a jittered `Retry-After`,
 * before their body is read or their token checked. Why: 500 phones that regain signal
 * together would otherwise all be parsed, validated and queued for the database at the same
 * moment — every push slow, the server's memory holding 500 batches. The short queue keeps the
 * server busy between two pushes; a short answer costs almost nothing, and the phone's
 * scheduler waits at least `Retry-After` before it tries again (its records stay in its
 * outbox; a push sent away changed nothing on the server).
 */
export function admission({
  limit,
  queue,
  retryAfterSeconds = DEFAULT_RETRY_AFTER,
  random = Math.random,
}: AdmissionOptions): MiddlewareHandler {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (_c, next) => {
    if (active >= limit) {
      if (waiting.length >= queue) {
        const { min, max } = retryAfterSeconds;
        const seconds = Math.min(max, min + Math.floor(random() * (max - min + 1)));
        throw new ApiError(
          503,
          'server_busy',
          'The server is serving as many syncs as it can; try again shortly',
          undefined,
          { 'Retry-After': String(seconds) },
        );
      }
      // The place is handed over by the request that finishes: `active` stays counted for us.
      await new Promise<void>((admitted) => waiting.push(admitted));
    } else {
      active++;
    }
    try {
      // One turn of the event loop before the work: embedded PGlite runs SQL on this thread, and
      // a push whose queries all resolve at once never lets the loop read the sockets — the
      // requests arriving meanwhile would not even reach this check to be sent away.
      await new Promise((turn) => setImmediate(turn));
      await next();
    } finally {
      const nextInLine = waiting.shift();
      if (nextInLine) nextInLine();
      else active--;
    }
  };
}
