import type { L1Band } from '../../shared/protocol/analysis';
import type { BundleLimits } from '../../shared/bundle/limits';
import type { SessionTokens } from '../auth/tokens';
import type { Queryable } from '../db/db';
import type { ContentCache } from '../services/content-cache';
import type { RecordBudget } from '../services/record-budget';
import type { RecordSettings } from '../services/record-settings';
import type { XlsxReader } from '../services/roster-import/read-table';
import type { ManifestSigner } from '../services/signing';
import type { BlobStore } from '../storage/blob-store';

/** What route factories receive from `createApp`. */
export interface RouteDeps {
  db: Queryable;
  blobs: BlobStore;
  tokens: SessionTokens;
  signer: ManifestSigner;
  bundleLimits: BundleLimits;
  content: ContentCache;
  /** See `ServerConfig.trustedProxyHops`. */
  trustedProxyHops: number;
  /** See `ServerConfig.l1Bands`. */
  l1Bands: readonly L1Band[];
  /** JP ledger, certificates, SIASN (issue 12). */
  records: RecordSettings;
  /** What one account may store a day (`services/record-budget.ts`). */
  recordBudget: RecordBudget;
  /** Where the roster and AKPK imports read XLSX files (`services/roster-import/read-table.ts`). */
  xlsxReader: XlsxReader;
}
