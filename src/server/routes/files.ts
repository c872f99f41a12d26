import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { ApiError } from '../http/api-error';
import { CACHE_IMMUTABLE } from '../http/cache-control';
import { COURSE_FILE_CSP } from '../http/security-headers';
import { findFileMeta } from '../services/courses';
import type { RouteDeps } from './deps';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Lesson JSON and SVG shrink to about a third with gzip; images and media are compressed already. */
const COMPRESSIBLE = /^(application\/json|image\/svg\+xml|text\/)/;

/**
 * Content-addressed files. Public on purpose: a hash reveals nothing and proves nothing,
 * and without auth every cache between the server and a phone may keep the bytes forever.
 */
export function fileRoutes({ db, blobs }: RouteDeps) {
  return new Hono().get('/files/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256_HEX.test(sha256))
      throw new ApiError(400, 'bad_request', 'A file is addressed by its sha256 as 64 lowercase hex digits');
    const meta = await findFileMeta(db, sha256);
    if (meta === null) throw new ApiError(404, 'file_not_found', `No file ${sha256}`);

    // Learners pay for every byte: compressible files travel gzipped when the client accepts it.
    // The encoding is part of the representation, so it has its own ETag (and no identity digest).
    // A range asks for bytes of the stored file itself, so it is always answered uncompressed.
    const range = c.req.header('range');
    const gzip =
      range === undefined &&
      COMPRESSIBLE.test(meta.mediaType) &&
      /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const etag = gzip ? `"${sha256}-gzip"` : `"${sha256}"`;
    const headers: Record<string, string> = {
      'Cache-Control': CACHE_IMMUTABLE,
      ETag: etag,
      Vary: 'Accept-Encoding',
      // Served from our own origin with the bundle's media type: never let a browser reinterpret it.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': COURSE_FILE_CSP,
      'Accept-Ranges': 'bytes',
    };
    // RFC 9530: lets the phone (or a proxy) check the bytes without knowing our URL scheme.
    if (!gzip) headers['Repr-Digest'] = `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    const stored = await blobs.get(sha256);
    if (stored === null) throw new Error(`File ${sha256} is in the database but missing from blob storage`);
    // A phone resuming a cut-off download asks for the rest: `bytes=<first>-` (the only form it sends).
    const resume = range === undefined ? null : /^bytes=(\d+)-$/.exec(range.trim());
    if (resume) {
      const first = Number(resume[1]);
      if (first >= stored.length) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${stored.length}` });
      const rest = stored.subarray(first);
      return c.body(rest as Uint8Array<ArrayBuffer>, 206, {
        ...headers,
        'Content-Type': meta.mediaType,
        'Content-Length': String(rest.length),
        'Content-Range': `bytes ${first}-${stored.length - 1}/${stored.length}`,
      });
    }
    const bytes = gzip ? gzipSync(stored, { level: 9 }) : stored;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': meta.mediaType,
      'Content-Length': String(bytes.length),
    });
  });
}

/** RFC 9110 weak comparison: `*`, or any listed tag equal to ours with or without `W/`. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === etag;
  });
}
