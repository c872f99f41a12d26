import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { MANIFEST_PATH } from '../../shared/bundle/read';
import { canonicalJson } from '../../shared/canonical-json';
import { SIGNATURE_PATH } from '../../shared/protocol/bundles';
import type { Manifest } from '../../shared/schema/bundle';
import type { BlobStore } from '../storage/blob-store';

type Entry = ZipDeflate | ZipPassThrough;

/** Fixed, so exporting the same version twice gives the same bytes. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');
/** Text compresses well; images, audio, video and PDF already are compressed. */
const DEFLATED_TYPES = new Set(['application/json', 'image/svg+xml']);

/**
 * A shared bundle: `manifest.json`, every file it lists, and `SIGNATURE_PATH` (the server's
 * signature over the manifest, base64). Another phone checks the signature against the key it
 * got at login, then every file against the manifest, so the zip can travel any way at all.
 *
 * Streamed one file at a time as the client reads, so a 200 MiB course never sits in memory
 * whole. Every blob must exist (`missingBlobs` first): a stream cannot turn into a 500 midway.
 */
export function signedBundleStream(
  blobs: BlobStore,
  manifest: Manifest,
  signature: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue: (() => Promise<[Entry, Uint8Array]>)[] = [
    async () => [deflated(MANIFEST_PATH), encoder.encode(canonicalJson(manifest))],
    async () => [deflated(SIGNATURE_PATH), encoder.encode(signature)],
    ...manifest.files.map((file) => async (): Promise<[Entry, Uint8Array]> => {
      const bytes = await blobs.get(file.sha256);
      if (bytes === null) throw new Error(`File ${file.sha256} (${file.path}) is missing from blob storage`);
      return [DEFLATED_TYPES.has(file.type) ? deflated(file.path) : stored(file.path), bytes];
    }),
  ];

  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      const next = queue.shift();
      if (next === undefined) return zip.end();
      const [entry, bytes] = await next();
      zip.add(entry);
      entry.push(bytes, true);
    },
    cancel() {
      zip.terminate();
    },
  });
}

export async function missingBlobs(blobs: BlobStore, manifest: Manifest): Promise<string[]> {
  const missing: string[] = [];
  for (const file of manifest.files) if (!(await blobs.has(file.sha256))) missing.push(file.path);
  return missing;
}

function deflated(path: string): ZipDeflate {
  const entry = new ZipDeflate(path, { level: 6 });
  entry.mtime = ZIP_MTIME;
  return entry;
}

function stored(path: string): ZipPassThrough {
  const entry = new ZipPassThrough(path);
  entry.mtime = ZIP_MTIME;
  return entry;
}
