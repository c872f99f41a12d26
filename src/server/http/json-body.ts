import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import type { z } from 'zod';
import { ApiError, apiError } from './api-error';
import { readCapped } from './raw-body';
import { isStorableJson } from '../../shared/text';

const gunzip = promisify(gunzipCallback);

/** Refuses a body over `kib` KiB before it is read, so a huge upload never reaches memory. */
export function bodyLimitKiB(kib: number) {
  return bodyLimit({
    maxSize: kib * 1024,
    onError: (c) => apiError(c, 413, 'payload_too_large', `The request body is larger than ${kib} KiB`),
  });
}

/**
 * A body of at most `kib` KiB, sent as it is or gzipped (`Content-Encoding: gzip`): a sync push
 * is about a tenth of its size gzipped, which a learner paying for slow mobile data feels. The
 * cap holds twice, on the bytes received and on what they inflate to, which is refused (413) as
 * soon as it passes the cap: a small body that inflates to gigabytes (a zip bomb) costs no more
 * memory than the cap allows and the time to inflate `kib` KiB. Any other coding is 415 (RFC 9110).
 */
export function bodyLimitKiBGzipAllowed(kib: number): MiddlewareHandler {
  const wireLimit = bodyLimitKiB(kib);
  return async (c, next) => {
    const coding = c.req.header('content-encoding')?.trim().toLowerCase() ?? '';
    if (coding === '' || coding === 'identity') return wireLimit(c, next);
    // x-gzip: the old name, which RFC 9110 asks a recipient to read as gzip.
    if (coding !== 'gzip' && coding !== 'x-gzip')
      throw new ApiError(
        415,
        'unsupported_media_type',
        'Send the body as it is or gzipped once (Content-Encoding: gzip), in no other coding',
      );
    return wireLimit(c, async () => {
      c.req.raw = await inflated(c.req.raw, kib);
      await next();
    });
  };
}

/**
 * The request with its gzipped body inflated, refused (413) as soon as it passes `kib` KiB.
 * zlib inflates on the thread pool in 64 KiB steps, each counted against the cap: ~5 × cheaper
 * than a `DecompressionStream`'s 16 KiB chunks, each a round of promises (0.6 against 3.2 ms
 * for a push of 500 records, 650 KB inflated from 17 KB).
 */
async function inflated(request: Request, kib: number): Promise<Request> {
  const notGzip = () =>
    new ApiError(400, 'invalid_gzip', 'The body says Content-Encoding: gzip but is not gzip, or is cut short');
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The request body is larger than ${kib} KiB`);
  if (request.body === null) throw notGzip();
  const compressed = await readCapped(request.body, kib * 1024, tooLarge);
  let body: Uint8Array<ArrayBuffer>;
  try {
    // zlib's buffers are never shared memory, whatever Node's types allow.
    body = (await gunzip(compressed, { maxOutputLength: kib * 1024, chunkSize: 64 * 1024 })) as Uint8Array<ArrayBuffer>;
  } catch (error) {
    throw (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : notGzip();
  }
  const headers = new Headers(request.headers);
  headers.delete('content-encoding');
  headers.delete('content-length');
  return new Request(request, { headers, body });
}

/** RFC 7694: every answer of a route taking `bodyLimitKiBGzipAllowed` says it reads gzipped bodies. */
export const advertiseGzipBodies: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Accept-Encoding', 'gzip');
};

/** JSON requests are small; anything bigger is refused before it is read. */
export const jsonBodyLimit = bodyLimitKiB(64);

const MAX_ISSUES_SHOWN = 20;

/** How a body of records (the sync push) is read: see `readJsonBody`. */
export interface RecordsBody<T> {
  /**
   * Takes a body it can prove valid as it is, without the schema's copy of every object, or
   * refuses it outright (an `ApiError`); anything it does not take goes through the schema.
   */
  accept: (json: unknown) => T | undefined;
  /** Each record's text is checked as that record (`isStorableText`), so one bad string refuses one record only. */
  textCheckedPerRecord: true;
}

/**
 * The body written back as JSON text, for the storable-text check. `JSON.parse` reads a body
 * nested thousands deep (10 KB of `[`), `JSON.stringify` recurses and runs out of stack on it: no
 * body of Lentera's is nested like that, so it is refused as one.
 */
function stringifiedOrRefused(json: unknown): string {
  try {
    return JSON.stringify(json);
  } catch {
    throw new ApiError(400, 'bad_request', 'The request body is nested too deeply');
  }
}

/**
 * Only `application/json` (with any parameters, such as `charset=utf-8`) is read as JSON. A web
 * page on another site may send a POST without asking the server first (no CORS preflight) only
 * as `text/plain`, a form or multipart: refusing those before the body is read means no page can
 * make its visitors' browsers log in, guess passwords or act on any JSON route. `application/*+json`
 * is refused too: no client of Lentera's sends it, and every type accepted is one more to reason about.
 */
function isJsonMediaType(header: string | undefined): boolean {
  return header?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * Parses and validates a JSON body, sent as `application/json` (or 415); malformed input is the
 * client's mistake (400), never a 500.
 * Any string or key of the body holding what PostgreSQL cannot store (NUL, an unpaired
 * surrogate) refuses the request, whatever its schema says, so no field can forget the check;
 * only a body of records (`records`) leaves it to each record, where it refuses that record alone.
 */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>, records?: RecordsBody<T>): Promise<T> {
  if (!isJsonMediaType(c.req.header('content-type')))
    throw new ApiError(415, 'unsupported_content_type', 'Send the body as JSON, with Content-Type: application/json');
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad_request', 'The request body is not valid JSON');
  }
  if (records === undefined && !isStorableJson(stringifiedOrRefused(json)))
    throw new ApiError(
      400,
      'bad_request',
      'The request body contains a NUL character or broken Unicode (an unpaired surrogate), which cannot be stored',
    );
  const accepted = records?.accept(json);
  if (accepted !== undefined) return accepted;
  const result = schema.safeParse(json);
  if (!result.success) {
    // The first few are what a client needs to fix; all of them could be most of the body again.
    const { issues } = result.error;
    throw new ApiError(
      400,
      'bad_request',
      'The request body does not have the expected shape' +
        (issues.length > MAX_ISSUES_SHOWN
          ? ` (${issues.length} problems; the first ${MAX_ISSUES_SHOWN} in details)`
          : ''),
      issues.slice(0, MAX_ISSUES_SHOWN),
    );
  }
  return result.data;
}
