import type { Context } from 'hono';
import { Hono } from 'hono';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { CACHE_IMMUTABLE } from '../http/cache-control';
import { COURSE_FILE_CSP } from '../http/security-headers';
import type { FileMeta } from '../services/courses';
import { FileCache, SmallFileBodies, type FileBody } from '../services/file-cache';
import type { RouteDeps } from './deps';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Quiz files: a browser may keep them, no shared cache (CDN, proxy) may. */
const CACHE_PRIVATE_IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Content-addressed course files, streamed from blob storage (never read whole per request).
 *
 * Public, except quiz files: a hash of a lesson or an image reveals nothing and proves
 * nothing, and without auth every cache between the server and a phone (a CDN included) may
 * keep the bytes forever. A quiz file holds its answer key, so it is served only to a
 * signed-in user and marked `private` for caches.
 *
 * Lesson JSON and SVG were gzipped once at upload; a client that accepts gzip gets that copy.
 * Metadata comes from memory after the first request (`FileCache`); the rules above are
 * applied to every request all the same.
 */
export function fileRoutes({ db, blobs, tokens }: RouteDeps) {
  const signedIn = requireUser(tokens);
  const cache = new FileCache();
  const bodies = new SmallFileBodies(blobs);
  return new Hono<AuthEnv>().get('/files/:sha256', async (c) => {
    const sha256 = c.req.param('sha256');
    if (!SHA256_HEX.test(sha256))
      throw new ApiError(400, 'bad_request', 'A file is addressed by its sha256 as 64 lowercase hex digits');
    const meta = await cache.meta(db, sha256);
    if (meta === null) throw new ApiError(404, 'file_not_found', `No file ${sha256}`);
    if (meta.private) await signedIn(c, () => Promise.resolve());

    // A range asks for bytes of the stored file itself, so it is always answered uncompressed.
    const range = c.req.header('range');
    const gzip = range === undefined && meta.gzip !== null && acceptsGzip(c.req.header('accept-encoding'));
    const etag = gzip ? `"${sha256}-gzip"` : `"${sha256}"`;
    const headers: Record<string, string> = {
      'Cache-Control': meta.private ? CACHE_PRIVATE_IMMUTABLE : CACHE_IMMUTABLE,
      ETag: etag,
      Vary: meta.private ? 'Accept-Encoding, Authorization' : 'Accept-Encoding',
      // Served from our own origin with the bundle's media type: never let a browser reinterpret it,
      // and a file opened alone is a script-less sandbox.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': COURSE_FILE_CSP,
      'Accept-Ranges': 'bytes',
    };
    // RFC 9530: lets the phone (or a proxy) check the bytes without knowing our URL scheme.
    if (!gzip) headers['Repr-Digest'] = `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
    if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);

    if (gzip) {
      const compressed = await bodies.open(meta.gzip!.sha256, meta.gzip!.size);
      // A variant this server's storage lacks (restored from a bundle by another zlib) costs only bytes.
      if (compressed !== null)
        return c.body(compressed.body, 200, {
          ...headers,
          'Content-Type': meta.mediaType,
          'Content-Encoding': 'gzip',
          'Content-Length': String(compressed.size),
        });
      headers.ETag = `"${sha256}"`;
      headers['Repr-Digest'] = `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`;
    }
    return serveIdentity(c, meta, range, headers, (start) => bodies.open(sha256, meta.size, start));
  });
}

/** The stored bytes: whole, or from `bytes=<first>-` for a phone resuming a cut-off download. */
async function serveIdentity(
  c: Context,
  meta: FileMeta,
  range: string | undefined,
  headers: Record<string, string>,
  open: (start: number) => Promise<FileBody | null>,
): Promise<Response> {
  const size = meta.size;
  const resume = range === undefined ? null : /^bytes=(\d+)-$/.exec(range.trim());
  const first = resume ? Number(resume[1]) : 0;
  if (resume && first >= size) return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
  const stored = await open(first);
  if (stored === null) throw new Error(`File ${meta.sha256} is in the database but missing from blob storage`);
  if (resume)
    return c.body(stored.body, 206, {
      ...headers,
      'Content-Type': meta.mediaType,
      'Content-Length': String(size - first),
      'Content-Range': `bytes ${first}-${size - 1}/${size}`,
    });
  return c.body(stored.body, 200, { ...headers, 'Content-Type': meta.mediaType, 'Content-Length': String(size) });
}

function acceptsGzip(header: string | undefined): boolean {
  // `gzip;q=0` refuses it; anything else naming gzip (or `*`) accepts.
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    return (coding === 'gzip' || coding === 'x-gzip') && (q === undefined || Number(q) > 0);
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
