import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';

/** The Node request under a Hono context; none when the app is called without sockets (`app.request`). */
function nodeRequestOf(c: Context): HttpBindings['incoming'] | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming;
}

export interface BodyDeadline {
  /** Time the body may take before any of it counts. */
  graceMs: number;
  /** Each byte received buys this much more time: a body arriving slower is cut off. */
  minBytesPerSecond: number;
  /** Never longer than this, however fast the bytes come. */
  maxMs: number;
  /** How often the body's progress is looked at. */
  checkEveryMs: number;
}

/**
 * What a push may take to arrive once it holds a place: the phone gives up on a push after 60 s
 * (`PUSH_TIMEOUT_MS`, `src/app/sync/transport.ts`) and sends a smaller one, so no phone waits for
 * a body still arriving after that; 1 KB/s (8 kbit/s, below what a 2G GPRS link uploads) brings a
 * gzipped push of ~50 KB in well under it, as Apache's `mod_reqtimeout` reckons (a grace, then
 * time bought by each byte received).
 */
export const PUSH_BODY_DEADLINE: BodyDeadline = {
  graceMs: 10_000,
  minBytesPerSecond: 1_000,
  maxMs: 60_000,
  checkEveryMs: 1_000,
};

/**
 * For a request that holds something others wait for (a place of admission control): its body
 * must arrive within `deadline`, else its connection is closed and what it held is let go. The
 * body's reading then fails (400 to nobody) and the request ends. Why: a client sending its
 * headers and a byte of its body, then nothing, would otherwise hold the place until Node's
 * `requestTimeout` (5 minutes), and a handful of such sockets would answer every honest phone
 * 503. Counts the bytes the socket received (`bytesRead`), so nothing is added to each chunk of
 * the body's way; a body that had fully arrived already is never timed.
 */
export function bodyDeadline(deadline: BodyDeadline): MiddlewareHandler {
  return async (c, next) => {
    const request = nodeRequestOf(c);
    if (request === undefined || request.complete) return next();
    const { socket } = request;
    const startedAt = performance.now();
    const bytesAtStart = socket.bytesRead;
    const timer = setInterval(() => {
      if (request.complete || socket.destroyed) {
        clearInterval(timer);
        return;
      }
      const received = socket.bytesRead - bytesAtStart;
      const allowedMs = Math.min(deadline.maxMs, deadline.graceMs + (received / deadline.minBytesPerSecond) * 1000);
      if (performance.now() - startedAt > allowedMs) {
        clearInterval(timer);
        socket.destroy();
      }
    }, deadline.checkEveryMs);
    try {
      await next();
    } finally {
      clearInterval(timer);
    }
  };
}

/**
 * An answer given before the request's body had all arrived (413 on its Content-Length, 401, …)
 * says `Connection: close`. Node would have to read and throw away the rest before the
 * connection could carry another request, and the Node adapter gives that half a second before
 * it drops the socket — which, answered "keep-alive", the client would reuse at once (a phone
 * splits a batch refused 413 and sends half), and that request would fail ("other side
 * closed"). Said `close`, the client opens a new one. Not on 503 `server_busy`: the phone waits
 * at least a second (`Retry-After`) before its next push, by which time a dropped connection is
 * known closed, and a crowd of phones told busy keeps the connections that did drain — closing
 * them all made the many-phones bench's admitted pushes slower (p95 9–11 s against 6.3–7 s).
 */
export const closeAfterEarlyAnswer: MiddlewareHandler = async (c, next) => {
  await next();
  const request = nodeRequestOf(c);
  if (request !== undefined && !request.complete && c.res.status !== 503) c.res.headers.set('Connection', 'close');
};
