import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
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

/**
 * Serves the built PWA. Vite names everything under `/assets/` by content hash, so those
 * are cached forever; the shell (`index.html`, `sw.js`, the web manifest…) is revalidated on
 * every visit so an update is seen. Any other path is an app route and gets `index.html`.
 */
export function staticFiles(staticDir: string) {
  const root = resolve(staticDir);
  return async (c: Context): Promise<Response> => {
    const urlPath = safeDecode(new URL(c.req.url).pathname);
    if (urlPath === null) return c.text('Not found', 404);
    const file = await findFile(root, urlPath);
    if (file !== null) return serveFile(c, file, urlPath.startsWith('/assets/') ? CACHE_IMMUTABLE : CACHE_REVALIDATE);
    // A missing hashed asset is a stale page asking for an old build: HTML in its place would only confuse it.
    if (urlPath.startsWith('/assets/')) return c.text('Not found', 404);
    const shell = await findFile(root, '/index.html');
    if (shell === null) return c.text('The app has not been built: run `npm run build`', 404);
    return serveFile(c, shell, CACHE_REVALIDATE);
  };
}

/** The decoded path, or null when it could reach outside the static dir (`..`, NUL) or is not valid UTF-8. */
function safeDecode(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return null;
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

async function serveFile(c: Context, file: string, cacheControl: string): Promise<Response> {
  // readFile never hands out shared memory; the cast only narrows Node's ArrayBufferLike for the typings.
  const bytes = (await readFile(file)) as Uint8Array<ArrayBuffer>;
  return c.body(bytes, 200, {
    'Content-Type': own(CONTENT_TYPES, extname(file).toLowerCase()) ?? 'application/octet-stream',
    'Content-Length': String(bytes.length),
    'Cache-Control': cacheControl,
  });
}
