import type { ErrorCode } from '../../shared/protocol';

/**
 * Every failure the data layer reports, as classes the UI can explain to a learner. Kept
 * apart from the modules that raise them so the login screen can explain errors without
 * loading the database code.
 */
/** The API's codes, and what only the phone can tell: no link, no answer in time, an answer it cannot read. */
export type RequestErrorCode = ErrorCode | 'network' | 'timeout' | 'invalid_response';

export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    readonly status: number,
    message: string,
    /**
     * The answer came from Lentera's API (an error body with a code), not from a captive
     * portal, proxy or firewall page that only borrowed an HTTP status.
     */
    readonly fromApi = false,
    /** The API's `details` (unchecked): e.g. every problem of a refused bundle. */
    readonly details: unknown = undefined,
    /**
     * How long the server asked to be left alone (`Retry-After` of a 503 or 429), in seconds; null when it did not say.
     */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * The server no longer accepts this phone's session (expired, revoked, or the account is
 * gone): the learner must log in again; nothing on the phone is lost. The one check for it.
 */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof RequestError && (error.code === 'session_expired' || error.code === 'unauthorized');
}

/** The server sent something that does not match what it promised; nothing of it is kept. */
export class IntegrityError extends Error {
  constructor(
    readonly reason: 'invalid_manifest' | 'hash_mismatch' | 'size_mismatch',
    readonly path?: string,
  ) {
    super(`${reason}${path ? `: ${path}` : ''}`);
    this.name = 'IntegrityError';
  }
}

export class StorageFullError extends Error {
  constructor(
    readonly needed: number,
    /** Bytes free, when the browser tells. */
    readonly available: number | null,
  ) {
    super('not enough storage');
    this.name = 'StorageFullError';
  }
}

/** A file of a downloaded course that the phone can no longer read; downloading the course again mends it. */
export class CorruptFileError extends Error {
  constructor(
    readonly courseId: string,
    readonly path: string,
  ) {
    super(`stored file cannot be read: ${courseId}/${path}`);
    this.name = 'CorruptFileError';
  }
}

/** A shared course file that cannot be trusted or used; nothing on the phone changed. */
export class ImportError extends Error {
  constructor(
    readonly reason: 'invalid_bundle' | 'unsigned' | 'bad_signature' | 'no_key' | 'older_version',
    readonly problems: string[] = [],
  ) {
    super(reason);
    this.name = 'ImportError';
  }
}

/**
 * Storage full arrives as a `QuotaExceededError`, or wrapped: Dexie raises an `AbortError`
 * whose `inner` is the quota error. Both mean the same thing to the learner.
 */
export function isQuotaError(error: unknown): boolean {
  let current = error;
  // Bounded: an `inner` chain is the browser's and Dexie's, and could loop back on itself.
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const name = 'name' in current ? current.name : undefined;
    if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
    current = 'inner' in current ? current.inner : undefined;
  }
  return false;
}
