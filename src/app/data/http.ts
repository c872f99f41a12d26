import type { ApiErrorBody } from '../../shared/protocol';
import { RequestError } from './errors';

export interface RequestOptions {
  token?: string | null;
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs?: number;
  cache?: RequestCache;
  headers?: Record<string, string>;
}

/** Sends a request to the Lentera API and returns the response, or throws a `RequestError`. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal,
      ...(options.cache ? { cache: options.cache } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) throw new RequestError('timeout', 0, 'request timed out');
    throw new RequestError('network', 0, error instanceof Error ? error.message : 'network error');
  }
  if (response.ok || response.status === 304) return response;
  const body = (await response.json().catch(() => null)) as ApiErrorBody | null;
  const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
  throw new RequestError(
    code ?? (response.status >= 500 ? 'internal' : 'bad_request'),
    response.status,
    body?.error?.message ?? response.statusText,
    code !== undefined,
  );
}

export async function requestJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}
