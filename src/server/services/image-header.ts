import type { AttachmentType } from '../../shared/records/attachment';

/**
 * The largest photo the server takes: 10,000 px a side and 40 megapixels. The server never
 * decodes a photo, but every phone and browser that shows it does, at 4 bytes a pixel: a 1 KB PNG
 * claiming 100,000 × 100,000 px asks a learner's phone for 40 GB and kills the tab. 40 MP (160 MB
 * decoded) is the most a mid-range phone can be asked to hold and still passes any real photo —
 * a 600-dpi scan of an A4 certificate (4,961 × 7,016 px, 35 MP), a 40 MP camera's own file — while
 * the phone's own shrinking sends at most 2,400 px a side (`src/app/data/photo.ts`).
 */
export const IMAGE_MAX_SIDE = 10_000;
export const IMAGE_MAX_PIXELS = 40_000_000;

export type ImageCheck = { ok: true; width: number; height: number } | { ok: false; reason: string };

/**
 * Reads a photo's size from its header and checks the file is whole and holds a picture: a
 * PNG's chunks run from IHDR through at least one IDAT to a final IEND, a JPEG has a frame
 * header (SOF) before a scan with data and ends with EOI, a WebP's RIFF length is the file's
 * and it carries a VP8 or VP8L bitstream. A header with no image data shows as a broken
 * picture on every phone it reaches. Hand-written rather than `image-size`: that package reads
 * only the header (not whether the file is whole) and a dozen formats the server does not take;
 * these three layouts are a few fixed offsets each, tested in `test/server/services/image-header.test.ts`.
 */
export function checkImage(type: Exclude<AttachmentType, 'application/pdf'>, bytes: Uint8Array): ImageCheck {
  const size = type === 'image/png' ? pngSize(bytes) : type === 'image/jpeg' ? jpegSize(bytes) : webpSize(bytes);
  if (typeof size === 'string') return { ok: false, reason: size };
  const [width, height] = size;
  if (width === 0 || height === 0) return { ok: false, reason: 'The image has no pixels' };
  if (width > IMAGE_MAX_SIDE || height > IMAGE_MAX_SIDE || width * height > IMAGE_MAX_PIXELS)
    return {
      ok: false,
      reason:
        `The image is ${width} × ${height} px; ` +
        `at most ${IMAGE_MAX_SIDE} px a side and ${IMAGE_MAX_PIXELS / 1e6} megapixels`,
    };
  return { ok: true, width, height };
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * The most chunks a PNG may have. A photo has a handful (IHDR, a few metadata chunks, IDATs of
 * typically 8–64 KB each); a 10 MB file of empty chunks is 800,000 of them, each a loop turn
 * here and in every decoder that shows it. 10,000 leaves any real encoder's output well inside.
 */
const PNG_MAX_CHUNKS = 10_000;

/** PNG: signature, IHDR first (13 bytes), chunks back to back, at least one IDAT, IEND last and nothing after it. */
function pngSize(bytes: Uint8Array): [number, number] | string {
  const data = view(bytes);
  if (bytes.length < 8 + 25 + 12 || ascii(bytes, 12, 4) !== 'IHDR' || data.getUint32(8) !== 13)
    return 'The PNG has no header (IHDR)';
  let at = 8;
  let hasImageData = false;
  for (let chunks = 0; chunks < PNG_MAX_CHUNKS; chunks++) {
    if (at + 12 > bytes.length) return 'The PNG is cut short (no IEND)';
    const length = data.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return 'The PNG is cut short (a chunk runs past the end)';
    const type = ascii(bytes, at + 4, 4);
    if (type === 'IDAT') hasImageData ||= length > 0;
    if (type === 'IEND') {
      if (end !== bytes.length) return 'The PNG has bytes after IEND';
      return hasImageData ? [data.getUint32(16), data.getUint32(20)] : 'The PNG has no image data (IDAT)';
    }
    at = end;
  }
  return `The PNG has more than ${PNG_MAX_CHUNKS} chunks`;
}

/** Start-of-frame markers: C0–CF but C4 (DHT), C8 (reserved) and CC (DAC). */
const isFrameMarker = (marker: number) => marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);

/** JPEG: SOI, segments up to the first scan (SOS) with a frame header among them, EOI as the last two bytes. */
function jpegSize(bytes: Uint8Array): [number, number] | string {
  const data = view(bytes);
  if (bytes.length < 4 || bytes[bytes.length - 2] !== 0xff || bytes[bytes.length - 1] !== 0xd9)
    return 'The JPEG is cut short (it does not end with EOI)';
  let size: [number, number] | null = null;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return 'The JPEG is broken (a segment does not start with a marker)';
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = data.getUint16(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return 'The JPEG is cut short (a segment runs past the end)';
    if (isFrameMarker(marker)) {
      if (length < 8) return 'The JPEG frame header is too short';
      size = [data.getUint16(at + 7), data.getUint16(at + 5)];
    }
    if (marker === 0xda) {
      if (size === null) return 'The JPEG has no frame header (SOF) before its image data';
      // The scan's entropy-coded data runs from the end of its header to EOI, the last two bytes.
      return at + 2 + length < bytes.length - 2 ? size : 'The JPEG has no image data after its scan header';
    }
    at += 2 + length;
  }
  return 'The JPEG has no image data (SOS)';
}

/**
 * The most chunks a WebP may have after VP8X: the extended layout carries ICCP, EXIF, XMP,
 * ALPH and one ANMF per animation frame; 1,000 is far beyond any photo.
 */
const WEBP_MAX_CHUNKS = 1_000;

/**
 * Whether the chunks of an extended WebP from `at` on hold a bitstream: a VP8 or VP8L chunk, or
 * an animation frame (ANMF, whose frame carries one), with a payload the file holds.
 */
function webpHasImageChunk(bytes: Uint8Array, at: number): boolean {
  const data = view(bytes);
  for (let chunks = 0; chunks < WEBP_MAX_CHUNKS && at + 8 <= bytes.length; chunks++) {
    const length = data.getUint32(at + 4, true);
    if (at + 8 + length > bytes.length) return false;
    if (['VP8 ', 'VP8L', 'ANMF'].includes(ascii(bytes, at, 4)) && length > 0) return true;
    at += 8 + length + (length % 2); // chunks are padded to an even size
  }
  return false;
}

/** WebP: RIFF whose length is the file's, then a VP8, VP8L or VP8X chunk with the canvas size, and image data. */
function webpSize(bytes: Uint8Array): [number, number] | string {
  const data = view(bytes);
  if (bytes.length < 30) return 'The WebP is cut short';
  if (data.getUint32(4, true) + 8 !== bytes.length) return 'The WebP is cut short or has bytes after its end';
  const chunk = ascii(bytes, 12, 4);
  // VP8's frame header is 10 bytes and VP8L's 5; a chunk no longer than that has no picture.
  const payload = data.getUint32(16, true);
  if (20 + payload > bytes.length) return 'The WebP is cut short (its first chunk runs past the end)';
  if (chunk === 'VP8 ') {
    if (payload <= 10) return 'The WebP (VP8) has no image data';
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return 'The WebP (VP8) frame is broken';
    return [data.getUint16(26, true) & 0x3fff, data.getUint16(28, true) & 0x3fff];
  }
  if (chunk === 'VP8L') {
    if (payload <= 5) return 'The WebP (VP8L) has no image data';
    if (bytes[20] !== 0x2f) return 'The WebP (VP8L) header is broken';
    const bits = data.getUint32(21, true);
    return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X') {
    const uint24 = (at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
    if (!webpHasImageChunk(bytes, 20 + payload + (payload % 2))) return 'The WebP (VP8X) has no image chunk';
    return [uint24(24) + 1, uint24(27) + 1];
  }
  return 'The WebP has no image chunk (VP8, VP8L, VP8X)';
}
