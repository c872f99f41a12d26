import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error';

export interface AdmissionOptions {
  /** Requests served at once. */
  limit: number;
  /** Requests that may wait for a free place (first come, first served); beyond them, "come back later". */
  queue: number;
  /**
   * Places, serving or waiting, that one client (`clientOf`: an account) may hold at once; its
   * next request is refused as busy, so no one client takes more than this share of the places.
   */
  perClient?: { limit: number; clientOf: (c: Context) => string };
  /**
   * `Retry-After` is a whole number of seconds drawn from [min, max]: phones told "busy" together come back spread out.
   */
  retryAfterSeconds?: { min: number; max: number };
  random?: () => number;
}

const DEFAULT_RETRY_AFTER = { min: 1, max: 5 };

/**
 * Admission control: at most `limit` of these requests run at once and `queue` more wait their
 * turn, at most `perClient.limit` of them from one client; the rest are answered at once with 503
 * `server_busy` and a jittered `Retry-After`, before their body is read or their session looked
 * up in the database. Why: 500 phones that regain signal
 * together would otherwise all be parsed, validated and queued for the database at the same
 * moment — every push slow, the server's memory holding 500 batches. The short queue keeps the
 * server busy between two pushes; a short answer costs almost nothing, and the phone's
 * scheduler waits at least `Retry-After` before it tries again (its records stay in its
 * outbox; a push sent away changed nothing on the server).
 */
export function admission({
  limit,
  queue,
  perClient,
  retryAfterSeconds = DEFAULT_RETRY_AFTER,
  random = Math.random,
}: AdmissionOptions): MiddlewareHandler {
  let active = 0;
  const waiting: (() => void)[] = [];
  /** Places held (serving or waiting) per client; a client holding none has no entry. */
  const held = new Map<string, number>();
  const busy = (message: string) => {
    const { min, max } = retryAfterSeconds;
    const seconds = Math.min(max, min + Math.floor(random() * (max - min + 1)));
    return new ApiError(503, 'server_busy', message, undefined, { 'Retry-After': String(seconds) });
  };
  return async (c, next) => {
    const client = perClient?.clientOf(c);
    const heldByClient = client === undefined ? 0 : (held.get(client) ?? 0);
    // The phone pushes one batch at a time, and one learner's pushes are written one after the
    // other anyway (they take the learner's lock): a second one at once would only wait in a place.
    if (perClient !== undefined && heldByClient >= perClient.limit)
      throw busy('This account is already sending as many syncs as it may at once; try again shortly');
    if (active >= limit && waiting.length >= queue)
      throw busy('The server is serving as many syncs as it can; try again shortly');
    if (client !== undefined) held.set(client, heldByClient + 1);
    try {
      if (active >= limit) {
        // The place is handed over by the request that finishes: `active` stays counted for us.
        await new Promise<void>((admitted) => waiting.push(admitted));
      } else {
        active++;
      }
      await serve(next);
    } finally {
      if (client !== undefined) {
        const left = (held.get(client) ?? 1) - 1;
        if (left > 0) held.set(client, left);
        else held.delete(client);
      }
    }
  };

  async function serve(next: () => Promise<void>): Promise<void> {
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
  }
}
