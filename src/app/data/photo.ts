import { sha256Hex } from '../../shared/bundle/hash';
import { IMAGE_TYPES, isWholePdf, sniffType, type AttachmentType } from '../../shared/records/attachment';
import type { PreparedFile } from './records';

/**
 * Files a learner attaches, made to fit on the phone before they are saved: a photo is drawn
 * onto a canvas, scaled down and re-encoded as JPEG until it fits the cap (a post's photo
 * 500 KB, a certificate 2 MB). Re-encoding keeps only the pixels, so the camera's EXIF —
 * GPS position, time, device — never leaves the phone. A PDF cannot be shrunk here: it goes
 * as it is or is refused with a clear reason.
 */
export class AttachFileError extends Error {
  constructor(readonly code: 'too_large' | 'unsupported' | 'incomplete_pdf') {
    super(code);
  }
}

/** Longest edges and JPEG qualities tried in turn, from sharp to small; the last one fits any photo under 60 KB. */
const STEPS: readonly (readonly [edge: number, quality: number])[] = [
  [2400, 0.85],
  [1920, 0.82],
  [1600, 0.8],
  [1280, 0.75],
  [1024, 0.7],
  [800, 0.65],
  [640, 0.6],
  [480, 0.55],
  [320, 0.5],
];

/** Draws and encodes; swapped in tests where the DOM has no canvas. */
export interface ImageCodec {
  decode(file: Blob): Promise<{ width: number; height: number; source: CanvasImageSource; close(): void }>;
  encode(source: CanvasImageSource, width: number, height: number, type: 'image/jpeg', quality: number): Promise<Blob>;
}

export const canvasCodec: ImageCodec = {
  async decode(file) {
    // The browser turns the photo upright by its EXIF orientation before the EXIF is dropped.
    const bitmap = await createImageBitmap(file);
    return { width: bitmap.width, height: bitmap.height, source: bitmap, close: () => bitmap.close() };
  },
  async encode(source, width, height, type, quality) {
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      canvas.getContext('2d')?.drawImage(source, 0, 0, width, height);
      return canvas.convertToBlob({ type, quality });
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(source, 0, 0, width, height);
    return new Promise((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new AttachFileError('unsupported'))), type, quality),
    );
  },
};

/** A photo re-encoded to at most `maxBytes` (always re-encoded, even a small one: that is what strips its EXIF). */
export async function compressPhoto(file: Blob, maxBytes: number, codec: ImageCodec = canvasCodec): Promise<Blob> {
  let image: Awaited<ReturnType<ImageCodec['decode']>>;
  try {
    image = await codec.decode(file);
  } catch {
    throw new AttachFileError('unsupported');
  }
  try {
    const longest = Math.max(image.width, image.height);
    for (const [edge, quality] of STEPS) {
      const scale = Math.min(1, edge / longest);
      const width = Math.max(1, Math.round(image.width * scale));
      const height = Math.max(1, Math.round(image.height * scale));
      // A phone that cannot draw it (out of memory for the canvas, a file broken past its header)
      // gets the same clear answer as a file that is no photo.
      const blob = await codec.encode(image.source, width, height, 'image/jpeg', quality).catch(() => {
        throw new AttachFileError('unsupported');
      });
      if (blob.size <= maxBytes) return blob;
    }
  } finally {
    image.close();
  }
  throw new AttachFileError('too_large');
}

/** The record's reference to a file: its hash, what its bytes are, its size. */
export async function preparedFile(blob: Blob): Promise<PreparedFile> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const type = sniffType(bytes);
  if (type === null) throw new AttachFileError('unsupported');
  return { ref: { sha256: await sha256Hex(bytes), type, size: bytes.length }, blob: new Blob([bytes], { type }) };
}

/** A photo the learner chose, ready to save with a post or a report. */
export async function preparePhoto(
  file: Blob,
  maxBytes: number,
  codec: ImageCodec = canvasCodec,
): Promise<PreparedFile> {
  return preparedFile(await compressPhoto(file, maxBytes, codec));
}

/** A certificate: a PDF as it is (≤ `maxBytes`), a photo compressed to fit. */
export async function prepareDocument(
  file: Blob,
  maxBytes: number,
  codec: ImageCodec = canvasCodec,
): Promise<PreparedFile> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const type: AttachmentType | null = sniffType(head);
  if (type === 'application/pdf') {
    if (file.size > maxBytes) throw new AttachFileError('too_large');
    const prepared = await preparedFile(file);
    // The server refuses it too (`isWholePdf`): said now, while the learner can pick the file again.
    if (!isWholePdf(new Uint8Array(await prepared.blob.arrayBuffer()))) throw new AttachFileError('incomplete_pdf');
    return prepared;
  }
  if (type === null && !file.type.startsWith('image/')) throw new AttachFileError('unsupported');
  if (type !== null && !(IMAGE_TYPES as readonly string[]).includes(type)) throw new AttachFileError('unsupported');
  return preparePhoto(file, maxBytes, codec);
}
