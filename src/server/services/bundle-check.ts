import type { BundleLimits } from '../../shared/bundle/limits';
import { BundleError, type Bundle } from '../../shared/bundle/read';
import type { BundleProblem } from '../../shared/protocol/bundles';
import { WorkerJobs } from './worker-jobs';

/** A bundle `readBundle` accepted, with the gzip variants of its compressible files (by path). */
export interface CheckedBundle extends Bundle {
  gzipped: Map<string, GzipCopy>;
}

/** A file gzipped once at upload, with the sha256 it is stored under. */
export interface GzipCopy {
  bytes: Uint8Array;
  sha256: string;
}

export interface CheckRequest {
  zip: Uint8Array;
  limits: Partial<BundleLimits>;
}

export type CheckReply = { ok: true; bundle: CheckedBundle } | { ok: false; problems: BundleProblem[] };

/**
 * Checks a bundle zip (`readBundle`) and gzips its compressible files on a worker thread
 * (`worker-jobs.ts`), so an upload never holds up other requests (issue 9.8: a 40 MiB upload
 * froze the server for 8–10 s). Throws `BundleError` exactly as `readBundle` does. `handOver`:
 * the caller will not touch `zip` again, so its buffer moves to the worker instead of being copied.
 */
export async function checkBundle(
  zip: Uint8Array,
  limits: Partial<BundleLimits> = {},
  { handOver = false }: { handOver?: boolean } = {},
): Promise<CheckedBundle> {
  // Copying 40 MiB is a pause of its own: a caller done with the zip hands its buffer over.
  const whole = zip.byteOffset === 0 && zip.byteLength === zip.buffer.byteLength;
  const transfer = handOver && whole && zip.buffer instanceof ArrayBuffer ? [zip.buffer] : [];
  const reply = await checker.run({ zip, limits }, { transfer });
  if (!reply.ok) throw new BundleError(reply.problems);
  return reply.bundle;
}

const checker = new WorkerJobs<CheckRequest, CheckReply>({ entry: 'bundle-check-worker', name: 'The bundle checker' });
