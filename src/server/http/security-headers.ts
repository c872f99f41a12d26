import type { MiddlewareHandler } from 'hono';

/**
 * Headers that keep every answer of this origin from being turned against the learner.
 *
 * The app shell may run only its own hashed scripts (`script-src 'self'`, no inline script,
 * no eval): an injected `<script>` or `onerror=` does nothing. Course images reach the page as
 * `data:` (SVG) or `blob:` (raster) URLs, media as `blob:`. Nothing may frame the app, change
 * its base URL or load plugins. API answers and course files are not pages at all: they get a
 * policy that allows nothing and, for course files, a sandbox (an opaque origin, no script)
 * so even a file opened alone can never act as the app.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON answers: nothing to run, nothing to load, never framed. */
export const API_CSP = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'; sandbox";

/**
 * Course files opened alone: a sandbox with no script; an SVG may still paint with its own
 * styles and embedded raster images.
 */
export const COURSE_FILE_CSP =
  "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const COMMON: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // Links in lessons lead to other sites: they learn nothing of where the learner came from.
  'Referrer-Policy': 'no-referrer',
  // Lentera needs none of these; a script that got in anyway cannot ask for them. Only features
  // Chromium knows: it warns on every page about any other (`bluetooth` was one).
  'Permissions-Policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), ' +
    'display-capture=(), interest-cohort=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** Sets the headers on every answer; a route that already chose a CSP (course files) keeps its own. */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(COMMON)) headers.set(name, value);
    if (!headers.has('Content-Security-Policy'))
      headers.set('Content-Security-Policy', c.req.path.startsWith('/api/') ? API_CSP : APP_CSP);
  };
}
