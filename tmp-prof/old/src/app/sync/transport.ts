import { syncApi, type ProgressPullResponse, type SyncPushRequest, type SyncPushResponse } from '../../shared/protocol';
import { ProgressPullResponseSchema, SyncPushResponseSchema } from '../../shared/protocol/responses';
import { attachmentFetch, type AttachmentFetch } from '../data/attachments';
import { cycleFetch, type CycleFetch } from '../data/cycle';
import { discussionFetch, type DiscussionFetch } from '../data/discussion';
import { requestJson } from '../data/http';
import { AttachmentUploadResponse, attachmentsApi } from '../../shared/records/attachment';

/** How the engine reaches the server; tests swap in an in-process server with injected faults. */
export interface SyncTransport {
  push(batch: SyncPushRequest, token: string): Promise<SyncPushResponse>;
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
    push: (batch, token) =>
      requestJson(origin + syncApi.push, SyncPushResponseSchema, { token, body: batch, timeoutMs: 60_000 }),
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
