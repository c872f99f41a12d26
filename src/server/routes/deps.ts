import type { SessionTokens } from '../auth/tokens';
import type { Queryable } from '../db/db';
import type { BlobStore } from '../storage/blob-store';

/** What route factories receive from `createApp`. */
export interface RouteDeps {
  db: Queryable;
  blobs: BlobStore;
  tokens: SessionTokens;
}
