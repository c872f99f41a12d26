import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

export interface AdmissionOptions {
  /** Requests served at once; the next one is told to come back instead of waiting in a queue. */
  limit: number;
  /** `Retry-After` is a whole number of seconds drawn from [min, max]: phones told "busy" together come back spread out. */
  retryAfterSeconds?: { min: number; max: number };
  random?: () => number;
}

const DEFAULT_RETRY_AFTER = { min: 1, max: 5 };

/**
 * Admission control: at most `limit` of these requests run at once; the rest are answered at
 * once with 503 `server_busy` and a jittered `Retry-After`, before their body is read or their
 * token checked. Why: 500 phones that regain signal together would otherwise all be parsed,
 * validated and queued for the database at the same moment — every push slow, the server's
 * memory holding 500 batches. A short answer costs almost nothing, and the phone's scheduler
 * waits at least `Retry-After` before it tries again (its records stay in its outbox; a
 * rejected push changed nothing on the server).
 */
export function admission({
  limit,
  retryAfterSeconds = DEFAULT_RETRY_AFTER,
  random = Math.random,
}: AdmissionOptions): MiddlewareHandler {
  let active = 0;
  return async (_c, next) => {
    if (active >= limit) {
      const { min, max } = retryAfterSeconds;
      const seconds = min + Math.floor(random() * (max - min + 1));
      throw new ApiError(
        503,
        'server_busy',
        'The server is serving as many syncs as it can; try again shortly',
        undefined,
        {
          'Retry-After': String(Math.min(max, seconds)),
        },
      );
    }
    active++;
    try {
      await next();
    } finally {
      active--;
    }
  };
}
