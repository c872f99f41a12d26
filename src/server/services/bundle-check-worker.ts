import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { BundleError, readBundle } from '../../shared/bundle/read';
import type { BundleLimits } from '../../shared/bundle/limits';
import type { CheckedBundle, CheckReply, CheckRequest, GzipCopy } from './bundle-check';
import { serveJobs } from './worker-jobs';

/**
 * The worker thread behind `checkBundle`: inflating, hashing, parsing every document and SVG
 * of a 40 MiB bundle is seconds of CPU, which on the main thread would stall every other
 * request. It also compresses, once, the files that travel better gzipped.
 */
const COMPRESSIBLE = /^(application\/json|image\/svg\+xml|text\/)/;
/** A gzip variant is kept only when it saves at least this share of the bytes. */
const MIN_SAVING = 0.1;

async function check(zip: Uint8Array, limits: Partial<BundleLimits>): Promise<CheckedBundle> {
  const { manifest, files, signature } = await readBundle(zip, { limits });
  const gzipped = new Map<string, GzipCopy>();
  for (const { path, type, size } of manifest.files) {
    const bytes = files.get(path);
    if (bytes === undefined || !COMPRESSIBLE.test(type)) continue;
    const compressed = new Uint8Array(gzipSync(bytes, { level: 9 }));
    if (compressed.length <= size * (1 - MIN_SAVING))
      gzipped.set(path, { bytes: compressed, sha256: createHash('sha256').update(compressed).digest('hex') });
  }
  return { manifest, files, signature, gzipped };
}

serveJobs<CheckRequest, CheckReply>(async ({ zip, limits }) => {
  try {
    const bundle = await check(zip, limits);
    const buffers = new Set<ArrayBuffer>();
    for (const bytes of [...bundle.files.values(), ...[...bundle.gzipped.values()].map((copy) => copy.bytes)])
      if (bytes.buffer instanceof ArrayBuffer) buffers.add(bytes.buffer);
    return { reply: { ok: true, bundle }, transfer: [...buffers] };
  } catch (error) {
    if (error instanceof BundleError) return { reply: { ok: false, problems: error.problems } };
    throw error;
  }
});
