import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkImage } from '../../../src/server/services/image-header';

/** A 12 × 9 px baseline JPEG as an encoder writes it (jpeg-js, quality 50): APP0, DQT, SOF0, DHT, SOS, EOI. */
const REAL_JPEG = Buffer.from(
  [
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19i',
    'Z2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj',
    'Y2NjY//AABEIAAkADAMBEQACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQEC',
    'AwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm',
    'Z2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq',
    '8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIy',
    'gQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SF',
    'hoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEA',
    'AhEDEQA/AB40RjbAqY3yiEgHb8yRjjjsp/OkryT/AJ49ur5e/b3hqaUvapaX1XTdu3pZFO+muFeMKM5Uv94fxMzDv6EVrGpTV2ur',
    '/LT9BwwdWqr0ldfJdL9fU0Yv9T/22X/0bLU1f40fR/nEzw3xP0l/6SzI1D/Ww/8AXCL/ANAFRiPiPdyf+A/X9Ef/2Q==',
  ].join(''),
  'base64',
);

const u32be = (value: number) => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
const u32le = (value: number) => u32be(value).reverse();
const chunk = (type: string, data: number[]) => [...u32be(data.length), ...Buffer.from(type), ...data, 0, 0, 0, 0];
const png = (width: number, height: number) =>
  new Uint8Array([
    ...[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    ...chunk('IHDR', [...u32be(width), ...u32be(height), 8, 2, 0, 0, 0]),
    ...chunk('IDAT', [...deflateSync(Buffer.alloc(16))]),
    ...chunk('IEND', []),
  ]);
const riffChunk = (type: string, payload: number[]) => [
  ...Buffer.from(type),
  ...u32le(payload.length),
  ...payload,
  ...(payload.length % 2 === 1 ? [0] : []),
];
/** A RIFF/WebP file whose first chunk is `type` with `payload`, then `more` chunks, its RIFF length right. */
const webp = (type: string, payload: number[], ...more: number[][]) => {
  const body = [...Buffer.from('WEBP'), ...riffChunk(type, payload), ...more.flat()];
  return new Uint8Array([...Buffer.from('RIFF'), ...u32le(body.length), ...body]);
};
const VP8L_BITSTREAM = riffChunk('VP8L', [0x2f, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const vp8 = (width: number, height: number) =>
  webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 0]);
const vp8l = (width: number, height: number) => {
  const bits = (width - 1) | ((height - 1) << 14);
  return webp('VP8L', [0x2f, ...u32le(bits >>> 0), 0, 0, 0, 0, 0]);
};
const vp8x = (width: number, height: number, ...image: number[][]) =>
  webp(
    'VP8X',
    [
      0x10,
      0,
      0,
      0,
      (width - 1) & 0xff,
      ((width - 1) >> 8) & 0xff,
      (width - 1) >> 16,
      (height - 1) & 0xff,
      ((height - 1) >> 8) & 0xff,
      (height - 1) >> 16,
    ],
    ...(image.length > 0 ? image : [VP8L_BITSTREAM]),
  );

describe('checkImage: the size from the header, the file whole', () => {
  it('reads a real JPEG, a PNG and the three WebP layouts', () => {
    expect(checkImage('image/jpeg', REAL_JPEG)).toEqual({ ok: true, width: 12, height: 9 });
    expect(checkImage('image/png', png(640, 480))).toEqual({ ok: true, width: 640, height: 480 });
    expect(checkImage('image/webp', vp8(800, 600))).toEqual({ ok: true, width: 800, height: 600 });
    expect(checkImage('image/webp', vp8l(1000, 750))).toEqual({ ok: true, width: 1000, height: 750 });
    expect(checkImage('image/webp', vp8x(2400, 1800))).toEqual({ ok: true, width: 2400, height: 1800 });
  });

  it('refuses sizes no phone could decode: over 10,000 px a side or 40 megapixels, or no pixels', () => {
    expect(checkImage('image/png', png(100_000, 100_000)).ok).toBe(false);
    expect(checkImage('image/png', png(10_001, 1)).ok).toBe(false);
    expect(checkImage('image/png', png(8000, 5001)).ok).toBe(false);
    expect(checkImage('image/png', png(8000, 5000)).ok).toBe(true);
    expect(checkImage('image/png', png(0, 10)).ok).toBe(false);
    expect(checkImage('image/webp', vp8x(16_000, 16_000)).ok).toBe(false);
    expect(checkImage('image/webp', vp8x(10_000, 4000)).ok).toBe(true);
    const tallJpeg = Buffer.from(REAL_JPEG);
    const frame = tallJpeg.indexOf(Buffer.from([0xff, 0xc0]));
    tallJpeg.writeUInt16BE(20_000, frame + 5);
    expect(checkImage('image/jpeg', tallJpeg).ok).toBe(false);
  });

  it('refuses a file cut short or with bytes after its end', () => {
    const whole = png(10, 10);
    for (const cut of [8, 20, 33, whole.length - 12, whole.length - 1])
      expect(checkImage('image/png', whole.subarray(0, cut)).ok, `PNG cut at ${cut}`).toBe(false);
    expect(checkImage('image/png', new Uint8Array([...whole, 0x3c])).ok).toBe(false);
    for (const cut of [3, 20, REAL_JPEG.length - 1, REAL_JPEG.length - 2])
      expect(checkImage('image/jpeg', REAL_JPEG.subarray(0, cut)).ok, `JPEG cut at ${cut}`).toBe(false);
    // SOI then straight to EOI: no frame, no scan.
    expect(checkImage('image/jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9])).ok).toBe(false);
    const lossy = vp8(100, 100);
    expect(checkImage('image/webp', lossy.subarray(0, lossy.length - 1)).ok).toBe(false);
    expect(checkImage('image/webp', new Uint8Array([...lossy, 0])).ok).toBe(false);
  });

  it('refuses a header with no picture: PNG without IDAT, JPEG scan without data, WebP without bitstream', () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    const ihdr = chunk('IHDR', [...u32be(10), ...u32be(10), 8, 2, 0, 0, 0]);
    const noIdat = new Uint8Array([
      ...signature,
      ...ihdr,
      ...chunk('tEXt', [...Buffer.from('a\0b')]),
      ...chunk('IEND', []),
    ]);
    expect(checkImage('image/png', noIdat)).toEqual({ ok: false, reason: 'The PNG has no image data (IDAT)' });
    const emptyIdat = new Uint8Array([...signature, ...ihdr, ...chunk('IDAT', []), ...chunk('IEND', [])]);
    expect(checkImage('image/png', emptyIdat).ok).toBe(false);
    // 100,000 empty unknown chunks (1.2 MB) before the image data: refused without reading them all.
    const manyChunks = new Uint8Array([
      ...signature,
      ...ihdr,
      ...Array.from({ length: 100_000 }, () => chunk('zzZz', [])).flat(),
      ...chunk('IDAT', [...deflateSync(Buffer.alloc(16))]),
      ...chunk('IEND', []),
    ]);
    expect(checkImage('image/png', manyChunks)).toEqual({ ok: false, reason: 'The PNG has more than 10000 chunks' });

    const scan = REAL_JPEG.indexOf(Buffer.from([0xff, 0xda]));
    const scanHeaderEnd = scan + 2 + REAL_JPEG.readUInt16BE(scan + 2);
    const noScanData = Buffer.concat([REAL_JPEG.subarray(0, scanHeaderEnd), Buffer.from([0xff, 0xd9])]);
    expect(checkImage('image/jpeg', noScanData)).toEqual({
      ok: false,
      reason: 'The JPEG has no image data after its scan header',
    });

    expect(checkImage('image/webp', webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 100, 0, 100, 0])).ok).toBe(false);
    expect(checkImage('image/webp', webp('VP8L', [0x2f, 0, 0, 0, 0])).ok).toBe(false);
    expect(checkImage('image/webp', vp8x(100, 100, riffChunk('EXIF', [1, 2, 3])))).toEqual({
      ok: false,
      reason: 'The WebP (VP8X) has no image chunk',
    });
    expect(checkImage('image/webp', vp8x(100, 100, riffChunk('EXIF', [1, 2, 3]), VP8L_BITSTREAM)).ok).toBe(true);
    // A first chunk claiming more than the file holds.
    const lying = vp8(100, 100);
    lying.set(u32le(1000), 16);
    expect(checkImage('image/webp', lying).ok).toBe(false);
  });

  it('never throws, whatever the bytes after the magic', () => {
    const magic = {
      'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'image/jpeg': [0xff, 0xd8, 0xff],
      'image/webp': [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBP')],
    } as const;
    for (let seed = 0; seed < 500; seed++) {
      for (const [type, head] of Object.entries(magic) as [keyof typeof magic, readonly number[]][]) {
        const tail = Array.from({ length: seed % 64 }, (_, index) => (index * 131 + seed * 17) & 0xff);
        expect(() => checkImage(type, new Uint8Array([...head, ...tail]))).not.toThrow();
      }
    }
  });
});
