import { ERROR_CODES, type ErrorCode } from './index';

/** What an `/api` error answer says, once checked: the one reading shared by the app and the CLI. */
export interface ApiErrorReading {
  /** The code, or null when it is one this program does not know (a newer server's). */
  code: ErrorCode | null;
  /** The code as sent, for logs and terminals. */
  rawCode: string;
  message: string;
  details: unknown;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const isErrorCode = (code: string): code is ErrorCode => KNOWN_CODES.has(code);

/**
 * Reads the body of a non-2xx answer (already parsed from JSON, or null when it was not
 * JSON). Returns null when the body is not Lentera's error shape: a captive portal, proxy or
 * firewall page that only borrowed an HTTP status says nothing about the request.
 */
export function readApiError(body: unknown): ApiErrorReading | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const { error } = body;
  if (typeof error !== 'object' || error === null || !('code' in error) || typeof error.code !== 'string') return null;
  const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
  const details = 'details' in error ? error.details : undefined;
  return { code: isErrorCode(error.code) ? error.code : null, rawCode: error.code, message, details };
}

/** JSON text parsed, or null when it is not JSON (an HTML error page, a cut-off answer). */
export function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
