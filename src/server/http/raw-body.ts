import type { Context } from 'hono';
import { XLSX_MEDIA_TYPE } from '../../shared/protocol/roster-import';
import { ApiError } from './api-error';

/**
 * Media types a CSV or XLSX file upload (the roster, AKPK competencies) arrives with: what SIMPEG
 * integrations send, and what browsers say for a .csv (Windows with Excel installed calls it
 * application/vnd.ms-excel). The content, not the type, tells CSV from XLSX.
 */
const TABLE_FILE_TYPES: ReadonlySet<string> = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  XLSX_MEDIA_TYPE,
  'application/octet-stream',
]);

/** The body's media type, lower case, without parameters ("text/csv; charset=utf-8" → "text/csv"). */
export function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * The raw body, read as a stream and refused (413) as soon as it passes `maxBytes`, so an
 * oversized upload never fills the server's memory. A `Content-Length` over the cap is refused
 * before a byte is read. `what` names the expected body in the error messages.
 */
export async function readRawBody(c: Context, maxBytes: number, what: string): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `${what} may be at most ${maxBytes} bytes`);
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  const body = c.req.raw.body;
  if (body === null) throw new ApiError(400, 'bad_request', `The request has no body: send ${what}`);
  return readCapped(body, maxBytes, tooLarge);
}

/**
 * A stream's bytes in one array, refused with `tooLarge()` as soon as they pass `maxBytes`: the
 * stream is then cancelled, so the rest is never read (nor, for an inflating stream, inflated).
 * A body that breaks off (the phone lost its signal mid-upload) is the client's 400, not the
 * server's 500: nobody is left to read the answer, but the logs and error counts stay true.
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new ApiError(400, 'bad_request', 'The request body broke off before its end');
    });
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** A CSV or XLSX file sent as the body: refused (415) under any other media type, then read as `readRawBody` does. */
export async function readTableFileBody(c: Context, maxBytes: number, what: string): Promise<Uint8Array> {
  if (!TABLE_FILE_TYPES.has(mediaType(c)))
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Send ${what} itself as the body, with Content-Type text/csv or ${XLSX_MEDIA_TYPE}`,
    );
  return readRawBody(c, maxBytes, what);
}
