import { syncApi, type ProgressPullResponse, type SyncPushRequest, type SyncPushResponse } from '../../shared/protocol';
import { ProgressPullResponseSchema, SyncPushResponseSchema } from '../../shared/protocol/responses';
import { attachmentFetch, type AttachmentFetch } from '../data/attachments';
import { cycleFetch, type CycleFetch } from '../data/cycle';
import { discussionFetch, type DiscussionFetch } from '../data/discussion';
import { RequestError } from '../data/errors';
import { readAnswer, request, requestJson } from '../data/http';
import { AttachmentUploadResponse, attachmentsApi } from '../../shared/records/attachment';

/** The server's answer to a push, and what its headers say about the next one. */
export interface PushAnswer extends SyncPushResponse {
  /** The server reads gzipped pushes: its answer said `Accept-Encoding: gzip` (RFC 7694). */
  readsGzip?: boolean;
}

/** How the engine reaches the server; tests swap in an in-process server with injected faults. */
export interface SyncTransport {
  /**
   * `gzipped`: this very batch as `gzipPush` encoded it, sent instead of its JSON when it holds
   * bytes (the caller knows the server reads gzip); left out or null, the JSON goes plain.
   */
  push(batch: SyncPushRequest, token: string, gzipped?: Promise<Blob | null>): Promise<PushAnswer>;
  pull(token: string): Promise<ProgressPullResponse>;
  /** A page of a course's discussion, for the phone's offline copy. */
  discussion: DiscussionFetch;
  /** The training cycle's settings and the atasan's due questionnaires. */
  cycle: CycleFetch;
  /** Puts a record's file on the server by its hash (`PUT /api/attachments/<sha256>`); idempotent. */
  upload(sha256: string, blob: Blob, token: string): Promise<void>;
  /** Reads a file of a record (others' post photos kept for offline reading). */
  attachment: AttachmentFetch;
}

/** The transport over HTTP; `origin` is empty in the app (same origin) and set by benchmarks in Node. */
export function createHttpTransport(origin = ''): SyncTransport {
  return {
    push: async (batch, token, gzipped) => {
      const path = origin + syncApi.push;
      const sendPlain = () => request(path, { token, body: batch, timeoutMs: PUSH_TIMEOUT_MS });
      const compressed = (await gzipped) ?? null;
      const response =
        compressed === null
          ? await sendPlain()
          : await request(path, {
              token,
              method: 'POST',
              rawBody: compressed,
              headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
              timeoutMs: PUSH_TIMEOUT_MS,
            }).catch((error: unknown) => {
              // A server that cannot read it after all (rolled back to a version before gzip, a
              // proxy on the way that mangles it) refuses the body, not its records: sent plain,
              // its answer says whether to gzip the next one.
              if (!(error instanceof RequestError && UNREADABLE_BODY_STATUSES.has(error.status))) throw error;
              return sendPlain();
            });
      return { ...(await readAnswer(path, response, SyncPushResponseSchema)), readsGzip: advertisesGzip(response) };
    },
    pull: (token) => requestJson(origin + syncApi.progress, ProgressPullResponseSchema, { token }),
    discussion: discussionFetch(origin),
    cycle: cycleFetch(origin),
    attachment: attachmentFetch(origin),
    upload: async (sha256, blob, token) => {
      await requestJson(origin + attachmentsApi.file(sha256), AttachmentUploadResponse, {
        token,
        method: 'PUT',
        rawBody: blob,
        timeoutMs: 120_000,
      });
    },
  };
}

export const httpTransport = createHttpTransport();

/** A push of 500 records is ~650 KB of JSON: time for a slow link to carry it. */
const PUSH_TIMEOUT_MS = 60_000;
/** Answers to a gzipped push that may mean "not this body" (400 from a server that reads no gzip, 415). */
const UNREADABLE_BODY_STATUSES = new Set([400, 415]);
/** Smaller bodies go plain: a few records gain a few hundred bytes, not worth compressing. */
const GZIP_FROM_BYTES = 1024;

/** RFC 7694: `Accept-Encoding` on an answer lists the codings the server reads in requests. */
function advertisesGzip(response: Response): boolean {
  const codings = (response.headers.get('accept-encoding') ?? '').split(',');
  return codings.some((coding) => coding.split(';')[0]?.trim().toLowerCase() === 'gzip');
}

/**
 * A push's body gzipped, for a server that reads gzip; null where it does not pay or the browser
 * cannot (no `CompressionStream`, or it failed): the push then goes plain. Separate from `push` so
 * the engine can gzip the next batch while the push before it is out.
 */
export async function gzipPush(batch: SyncPushRequest): Promise<Blob | null> {
  const json = JSON.stringify(batch);
  if (json.length < GZIP_FROM_BYTES || typeof CompressionStream !== 'function') return null;
  try {
    return await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
  } catch {
    // A browser whose CompressionStream exists but throws (or knows no gzip) still syncs, plain.
    return null;
  }
}
