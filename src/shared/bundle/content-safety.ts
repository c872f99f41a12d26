/**
 * What may sit in a bundle besides lessons and quizzes, which are closed schemas (a lesson is
 * a tree of known node kinds; no HTML can exist in one).
 *
 * Every file is served from the server's origin by `/api/files/:sha256` with the media type
 * its manifest gives. So a file typed `text/html`, or an SVG carrying script, would run as
 * the server's own page the moment someone opens its URL. The phone shows images through
 * `<img>`, where SVG script never runs, but the server origin must be safe on its own.
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

export function isSvg(path: string, type: string): boolean {
  return type === 'image/svg+xml' || path.toLowerCase().endsWith('.svg');
}

const RULES: { test: (svg: string, compact: string) => boolean; reason: string }[] = [
  // Elements are matched with any namespace prefix too: `<s:script>` runs when `s` names the SVG namespace.
  { test: (svg) => /<\s*(?:[a-z0-9_.-]+:)?script\b/.test(svg), reason: 'contains a <script> element' },
  { test: (svg) => /[\s"'/]on[a-z0-9_.:-]+\s*=/.test(svg), reason: 'has an event handler attribute (on…=)' },
  { test: (_, compact) => /(?:javascript|vbscript):/.test(compact), reason: 'contains a javascript: URL' },
  { test: (svg) => /<\s*(?:[a-z0-9_.-]+:)?foreignobject\b/.test(svg), reason: 'contains a <foreignObject> element' },
  { test: (svg) => /<!entity/.test(svg), reason: 'declares XML entities' },
  { test: (svg) => externalHrefs(svg).length > 0, reason: 'refers to an external resource (href not starting with #)' },
  {
    test: (svg) => /url\(\s*['"]?\s*(?!#)/.test(svg) || /@import/.test(svg),
    reason: 'refers to an external resource in CSS (url() not starting with #)',
  },
];

/**
 * Why an SVG is unsafe to serve (empty when it is fine). A blocklist over the text, so it errs
 * on the side of refusing: character references are decoded first (`&#106;avascript:`), and
 * `javascript:` is also looked for with whitespace removed (`java\tscript:`).
 */
export function unsafeSvgReasons(bytes: Uint8Array): string[] {
  const svg = decodeCharacterReferences(new TextDecoder('utf-8').decode(bytes)).toLowerCase();
  // Browsers drop whitespace and control characters inside a URL scheme: `java\tscript:` still runs.
  const compact = svg.replace(/[\s\u0000-\u001f]+/g, '');
  return RULES.filter((rule) => rule.test(svg, compact)).map((rule) => rule.reason);
}

function externalHrefs(svg: string): string[] {
  const found: string[] = [];
  for (const match of svg.matchAll(/(?:^|[\s"'/])(?:[a-z]+:)?href\s*=\s*(["'])([\s\S]*?)\1/g)) {
    const value = (match[2] ?? '').trim();
    if (!value.startsWith('#')) found.push(value);
  }
  // An unquoted value is not XML, but a lenient parser might accept it.
  for (const match of svg.matchAll(/(?:^|[\s"'/])(?:[a-z]+:)?href\s*=\s*([^\s"'>]+)/g)) {
    if (!(match[1] ?? '').startsWith('#')) found.push(match[1] ?? '');
  }
  return found;
}

function decodeCharacterReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => safeFromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => safeFromCodePoint(parseInt(decimal, 10)));
}

function safeFromCodePoint(codePoint: number): string {
  return codePoint >= 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
}
