/**
 * What may sit in a bundle besides lessons and quizzes, which are closed schemas (a lesson is
 * a tree of known node kinds; no HTML can exist in one).
 *
 * Every file is served from the server's origin by `/api/files/:sha256` with the media type
 * its manifest gives. So a file typed `text/html`, or an SVG carrying script, would run as
 * the server's own page the moment someone opens its URL. The phone shows images through
 * `<img>`, where SVG script never runs, but the server origin must be safe on its own: SVGs
 * are parsed and held to an allow-list (`svg-safety.ts`).
 */

/** The media types the bundler writes (`src/cli/build-bundle.ts`) and nothing a browser would run. */
export const ALLOWED_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'image/svg+xml',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'image/avif',
  'audio/mpeg',
  'audio/mp4',
  'audio/ogg',
  'video/mp4',
  'video/webm',
  'application/pdf',
  'application/octet-stream',
]);
