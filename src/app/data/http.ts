import { readApiError } from '../../shared/protocol/api-error';
import type { AnswerSchema } from '../../shared/protocol/wire-schema';
import { RequestError } from './errors';

export interface RequestOptions {
  token?: string | null;
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  cache?: RequestCache;
  headers?: Record<string, string>;
  /**
   * Bytes sent as they are (an attachment upload, a gzipped push) instead of a JSON `body`:
   * `application/octet-stream` unless `headers` name a `content-type`.
   */
  rawBody?: Blob;
}

/** Sends a request to the Lentera API and returns the response, or throws a `RequestError`. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.rawBody !== undefined) headers['content-type'] ??= 'application/octet-stream';
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.rawBody ?? (options.body === undefined ? null : JSON.stringify(options.body)),
      signal,
      ...(options.cache ? { cache: options.cache } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) throw new RequestError('timeout', 0, 'request timed out');
    throw new RequestError('network', 0, error instanceof Error ? error.message : 'network error');
  }
  if (response.ok || response.status === 304) return response;
  throw requestErrorOf(
    response.status,
    response.statusText,
    await response.json().catch(() => null),
    response.headers.get('retry-after'),
  );
}

/**
 * The one reading of a failed answer from `/api` (`fetch` here, XHR for uploads): the API's
 * own code when the body is Lentera's, otherwise a code from the status alone, marked as not
 * from the API so nobody mistakes a Wi-Fi login page's 403 for the server refusing a record.
 */
export function requestErrorOf(
  status: number,
  statusText: string,
  body: unknown,
  retryAfter: string | null = null,
): RequestError {
  const reading = readApiError(body);
  const fallback = status >= 500 ? 'internal' : 'bad_request';
  if (!reading) return new RequestError(fallback, status, statusText);
  return new RequestError(
    reading.code ?? fallback,
    status,
    reading.message || statusText,
    true,
    reading.details,
    retryAfterSeconds(retryAfter),
  );
}

/** The longest wait the phone accepts from a server: a broken or hostile `Retry-After` must not stop sync for days. */
const MAX_RETRY_AFTER_SECONDS = 3600;

/** `Retry-After` in seconds (the form Lentera sends); an HTTP date or garbage reads as "not said". */
function retryAfterSeconds(header: string | null): number | null {
  if (header === null || !/^\d{1,9}$/.test(header.trim())) return null;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Number(header.trim()));
}

/**
 * Sends a request and returns its JSON answer checked against `schema` (from
 * `shared/protocol/responses`, or `login-response`): an answer of another shape (a Wi-Fi login page answering
 * 200, a server of another version) is a `RequestError` 'invalid_response', never data.
 */
export async function requestJson<T>(path: string, schema: AnswerSchema<T>, options?: RequestOptions): Promise<T> {
  return readAnswer(path, await request(path, options), schema);
}

/** A successful `request`'s JSON answer, checked as `requestJson` checks it, for a caller reading headers too. */
export async function readAnswer<T>(path: string, response: Response, schema: AnswerSchema<T>): Promise<T> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new RequestError(
      'invalid_response',
      response.status,
      `unexpected answer from ${path}: ${parsed.error.message}`,
    );
  return parsed.data;
}
