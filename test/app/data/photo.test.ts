// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  AttachFileError,
  compressPhoto,
  prepareDocument,
  preparedFile,
  type ImageCodec,
} from '../../../src/app/data/photo';
import { sha256Hex } from '../../../src/shared/bundle/hash';

/**
 * A codec that behaves like a canvas as far as sizes go: a JPEG of w×h pixels at quality q
 * takes about w·h·q·bytesPerPixel bytes. (The real canvas is exercised in the browser test,
 * test/e2e/photos.test.ts.)
 */
function fakeCodec(width: number, height: number, bytesPerPixel: number) {
  const calls: { width: number; height: number; quality: number }[] = [];
  const codec: ImageCodec = {
    decode: async () => ({ width, height, source: {} as CanvasImageSource, close: () => undefined }),
    encode: async (_source, w, h, _type, quality) => {
      calls.push({ width: w, height: h, quality });
      const size = Math.round(w * h * quality * bytesPerPixel);
      const bytes = new Uint8Array(size);
      bytes.set([0xff, 0xd8, 0xff, 0xdb]);
      return new Blob([bytes], { type: 'image/jpeg' });
    },
  };
  return { codec, calls };
}

describe('photos made to fit on the phone', () => {
  it('scales a 12-megapixel photo down until it fits 500 KB, keeping its proportions', async () => {
    const { codec, calls } = fakeCodec(4000, 3000, 0.5);
    const blob = await compressPhoto(new Blob(['x']), 500 * 1024, codec);
    expect(blob.size).toBeLessThanOrEqual(500 * 1024);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.width / call.height).toBeCloseTo(4 / 3, 1);
    expect(calls[0]!.width).toBe(2400);
  });

  it('re-encodes even a small photo, so the camera’s EXIF (GPS) never leaves the phone', async () => {
    const { codec, calls } = fakeCodec(640, 480, 0.2);
    const original = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe1, ...new TextEncoder().encode('Exif GPS')])]);
    const blob = await compressPhoto(original, 500 * 1024, codec);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ width: 640, height: 480 });
    expect(new TextDecoder().decode(await blob.arrayBuffer())).not.toContain('GPS');
  });

  it('says so when a photo cannot be made small enough, or is no photo at all', async () => {
    const { codec } = fakeCodec(4000, 3000, 0.5);
    await expect(compressPhoto(new Blob(['x']), 1000, codec)).rejects.toEqual(new AttachFileError('too_large'));
    const broken: ImageCodec = { ...codec, decode: () => Promise.reject(new Error('not an image')) };
    await expect(compressPhoto(new Blob(['x']), 500 * 1024, broken)).rejects.toEqual(
      new AttachFileError('unsupported'),
    );
  });

  it('says a photo the phone cannot draw (out of memory, broken) cannot be used, never an unknown error', async () => {
    const { codec } = fakeCodec(4000, 3000, 0.5);
    const failing: ImageCodec = {
      ...codec,
      encode: () => Promise.reject(new DOMException('Canvas too large', 'EncodingError')),
    };
    await expect(compressPhoto(new Blob(['x']), 500 * 1024, failing)).rejects.toEqual(
      new AttachFileError('unsupported'),
    );
  });

  it('keeps a certificate PDF as it is up to the cap, refuses a larger one and a file that is neither', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7 sertifikat\n%%EOF\n');
    const prepared = await prepareDocument(new Blob([pdf]), 2 * 1024 * 1024);
    expect(prepared.ref).toEqual({ sha256: await sha256Hex(pdf), type: 'application/pdf', size: pdf.length });
    await expect(prepareDocument(new Blob([pdf]), 10)).rejects.toEqual(new AttachFileError('too_large'));
    await expect(
      prepareDocument(new Blob(['MZ executable'], { type: 'application/x-msdownload' }), 100),
    ).rejects.toEqual(new AttachFileError('unsupported'));
    // A PDF cut short is said at once (the server would refuse it after the learner left).
    await expect(
      prepareDocument(new Blob([new TextEncoder().encode('%PDF-1.7\n1 0 obj')]), 2 * 1024 * 1024),
    ).rejects.toEqual(new AttachFileError('incomplete_pdf'));
  });

  it('names a file by what its bytes are, not by what it is called', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect((await preparedFile(new Blob([png], { type: 'image/jpeg' }))).ref.type).toBe('image/png');
    await expect(preparedFile(new Blob(['<html>']))).rejects.toEqual(new AttachFileError('unsupported'));
  });
});
