import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Context } from 'hono';
import { own } from '../../shared/dictionary';
import { CACHE_IMMUTABLE, CACHE_REVALIDATE } from './cache-control';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.svg', '.txt']);
/**
 * What a compressed answer's own headers cost (`Content-Encoding: br`, `Vary: Accept-Encoding`
 * over HTTP/1.1): a compressed form is kept only when it saves more. Most of the app's chunks
 * are under 1 KB, as are the web manifest and the logo, and compressing them is still worth it.
 */
const ENCODING_HEADERS_BYTES = 48;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** How a file's bytes are read: `fs.readFile`, or in tests a deploy removing the file meanwhile. */
type ReadFile = (file: string) => Promise<Uint8Array>;

/** One file of the built app as read from disk, with its compressed forms made once. */
interface PreparedFile {
  mtimeMs: number;
  size: number;
  identity: Uint8Array<ArrayBuffer>;
  br: Uint8Array<ArrayBuffer> | null;
  gzip: Uint8Array<ArrayBuffer> | null;
}

/**
 * Serves the built PWA. Vite names everything under `/assets/` by content hash, so those
 * are cached forever; the shell (`index.html`, `sw.js`, the web manifest…) is revalidated on
 * every visit so an update is seen. Any other path is an app route and gets `index.html`.
 *
 * A phone on a paid link should not download 450 KB of JS where 150 KB do: text files are
 * compressed with brotli and gzip once, on their first request (at the highest levels, which
 * would be too slow per request), and kept in memory with the file's modification time — the
 * built app is a few hundred KB, so the cache is bounded by the build itself.
 */
export function staticFiles(staticDir: string, read: ReadFile = readFile) {
  const root = resolve(staticDir);
  const prepared = new Map<string, Promise<PreparedFile>>();
  const serveFile = async (c: Context, file: string, cacheControl: string): Promise<Response> => {
    const info = await stat(file);
    let entry = prepared.get(file);
    if (entry === undefined || (await entry).mtimeMs !== info.mtimeMs || (await entry).size !== info.size) {
      entry = prepareFile(file, info.mtimeMs, read);
      prepared.set(file, entry);
      // A failed read is not kept: the next request tries again.
      entry.catch(() => prepared.delete(file));
    }
    const { identity, br, gzip: gzipped } = await entry;
    const encoding = chooseEncoding(c.req.header('Accept-Encoding') ?? '', { br: br !== null, gzip: gzipped !== null });
    const bytes = encoding === 'br' ? br! : encoding === 'gzip' ? gzipped! : identity;
    const headers: Record<string, string> = {
      'Content-Type': own(CONTENT_TYPES, extname(file).toLowerCase()) ?? 'application/octet-stream',
      'Content-Length': String(bytes.length),
      'Cache-Control': cacheControl,
    };
    if (br !== null || gzipped !== null) headers['Vary'] = 'Accept-Encoding';
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    return c.body(bytes, 200, headers);
  };
  /** The file's answer, or null when it is gone since it was found (a deploy replacing the build). */
  const serveIfPresent = async (c: Context, file: string | null, cacheControl: string): Promise<Response | null> => {
    if (file === null) return null;
    try {
      return await serveFile(c, file, cacheControl);
    } catch (error) {
      if (isGone(error)) return null;
      throw error;
    }
  };
  return async (c: Context): Promise<Response> => {
    const urlPath = safeDecode(new URL(c.req.url).pathname);
    if (urlPath === null) return c.text('Not found', 404);
    const cacheControl = urlPath.startsWith('/assets/') ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
    const answer = await serveIfPresent(c, await findFile(root, urlPath), cacheControl);
    if (answer !== null) return answer;
    // A missing hashed asset is a stale page asking for an old build: HTML in its place would only confuse it.
    if (urlPath.startsWith('/assets/')) return c.text('Not found', 404);
    const shell = await serveIfPresent(c, await findFile(root, '/index.html'), CACHE_REVALIDATE);
    return shell ?? c.text('The app has not been built: run `npm run build`', 404);
  };
}

const isGone = (error: unknown): boolean =>
  error instanceof Error && ['ENOENT', 'ENOTDIR', 'EISDIR'].includes((error as NodeJS.ErrnoException).code ?? '');

/**
 * The decoded path, or null when it could reach outside the static dir (`..`, NUL), names a
 * hidden file or folder, or is not valid UTF-8. Nothing the app needs starts with a dot, while the
 * build leaves `.vite/manifest.json` (its map of every chunk, for the size test) beside the app.
 */
function safeDecode(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return null;
  return decoded;
}

async function findFile(root: string, urlPath: string): Promise<string | null> {
  const candidate = resolve(root, `.${urlPath}`);
  if (!candidate.startsWith(root + sep)) return null;
  try {
    return (await stat(candidate)).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

async function prepareFile(file: string, mtimeMs: number, read: ReadFile): Promise<PreparedFile> {
  // readFile never hands out shared memory; the casts only narrow Node's ArrayBufferLike for the typings.
  const identity = (await read(file)) as Uint8Array<ArrayBuffer>;
  if (!COMPRESSIBLE.has(extname(file).toLowerCase()) || identity.length <= ENCODING_HEADERS_BYTES) {
    return { mtimeMs, size: identity.length, identity, br: null, gzip: null };
  }
  const [br, gzipped] = await Promise.all([
    brotli(identity, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length },
    }),
    gzipAsync(identity, { level: zlib.Z_BEST_COMPRESSION }),
  ]);
  const saves = (compressed: Buffer): boolean => compressed.length + ENCODING_HEADERS_BYTES < identity.length;
  return {
    mtimeMs,
    size: identity.length,
    identity,
    br: saves(br) ? (br as Uint8Array<ArrayBuffer>) : null,
    gzip: saves(gzipped) ? (gzipped as Uint8Array<ArrayBuffer>) : null,
  };
}

/** Hostile or huge headers are cut: no browser sends more than a few tokens. */
const MAX_ACCEPT_ENCODING = 512;

/**
 * The best encoding the client accepts (RFC 9110 §12.5.3): brotli, then gzip, then none. A
 * coding with `q=0` is refused, `*` stands for every coding not named, and `identity;q=0`
 * is ignored (the body is always available uncompressed, so refusing it would only 406).
 */
export function chooseEncoding(header: string, available: { br: boolean; gzip: boolean }): 'br' | 'gzip' | 'identity' {
  const quality = new Map<string, number>();
  for (const part of header.slice(0, MAX_ACCEPT_ENCODING).split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (name === '') continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string): boolean => (quality.get(name) ?? quality.get('*') ?? 0) > 0;
  if (available.br && accepts('br')) return 'br';
  if (available.gzip && (accepts('gzip') || accepts('x-gzip'))) return 'gzip';
  return 'identity';
}
