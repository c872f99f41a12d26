import { syncApi, type ProgressPullResponse, type SyncPushRequest, type SyncPushResponse } from '../../shared/protocol';
import { requestJson } from '../data/http';

/** How the engine reaches the server; tests swap in an in-process server with injected faults. */
export interface SyncTransport {
  push(batch: SyncPushRequest, token: string): Promise<SyncPushResponse>;
  pull(token: string): Promise<ProgressPullResponse>;
}

export const httpTransport: SyncTransport = {
  push: (batch, token) => requestJson<SyncPushResponse>(syncApi.push, { token, body: batch, timeoutMs: 60_000 }),
  pull: (token) => requestJson<ProgressPullResponse>(syncApi.progress, { token }),
};
