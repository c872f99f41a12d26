/**
 * Caps a bundle must stay within. They are checked on the zip's central directory, before a
 * single byte is inflated, so a hostile zip costs us a directory scan and nothing more.
 * Parameters (not constants) so tests can lower them instead of building 200 MiB zips.
 */
export interface BundleLimits {
  /** Bytes of the zip itself; the server also refuses a longer upload body (413) before reading it all. */
  maxZipBytes: number;
  /** Sum of the uncompressed sizes of every entry. */
  maxTotalBytes: number;
  /** Uncompressed size of any one entry. */
  maxFileBytes: number;
  /** Entries in the central directory (directory entries included). */
  maxFiles: number;
  /** Uncompressed ÷ compressed for one entry: real content stays far below 100:1, a zip bomb far above. */
  maxCompressionRatio: number;
  /** Entries smaller than this skip the ratio check: 2 KiB of spaces compressing 150:1 harms nobody. */
  ratioCheckMinBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxZipBytes: 210 * MiB,
  maxTotalBytes: 200 * MiB,
  maxFileBytes: 50 * MiB,
  maxFiles: 2000,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 64 * 1024,
};

export function bundleLimits(overrides: Partial<BundleLimits> = {}): BundleLimits {
  return { ...DEFAULT_BUNDLE_LIMITS, ...overrides };
}
