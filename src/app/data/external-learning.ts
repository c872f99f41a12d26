import { uuidv7 } from '../../shared/id';
import { bytesToBase64 } from '../../shared/bundle/signature';
import {
  EXTERNAL_FILE_MAX_BYTES,
  ExternalLearningFields,
  type ExternalFileType,
  ExternalSubmitResponseSchema,
} from '../../shared/external-learning';
import type { LenteraDb } from './db';
import { RequestError } from './errors';
import { requestJson } from './http';

/**
 * Learning done elsewhere on the phone: recorded offline, sent after each successful sync
 * (`sendExternalLearning`), idempotent on the server by its client id. The certificate file is
 * made to fit 2 MB on the phone: a photo is scaled down and re-encoded as JPEG; a PDF over
 * 2 MB is refused with a clear reason (it cannot be shrunk here).
 */
export class ExternalFileError extends Error {
  constructor(readonly code: 'too_large' | 'unsupported') {
    super(code);
  }
}

/** Writes the record in one transaction; it goes out with the next sync. */
export async function recordExternalLearning(
  db: LenteraDb,
  fields: ExternalLearningFields,
  file: { type: ExternalFileType; blob: Blob } | null,
  now: Date = new Date(),
): Promise<string> {
  const checked = ExternalLearningFields.parse(fields);
  if (checked.endDate < checked.startDate) throw new RangeError('The training ends before it starts');
  const id = uuidv7(now.getTime());
  await db.externalLearning.add({
    id,
    fields: checked,
    file,
    createdAt: now.toISOString(),
    sentAt: null,
    refusal: null,
  });
  return id;
}

/** The chosen file as it will be sent: a PDF as it is (≤ 2 MB), a photo scaled to fit. */
export async function prepareCertificateFile(file: File): Promise<{ type: ExternalFileType; blob: Blob }> {
  if (file.type === 'application/pdf') {
    if (file.size > EXTERNAL_FILE_MAX_BYTES) throw new ExternalFileError('too_large');
    return { type: 'application/pdf', blob: file };
  }
  if (!file.type.startsWith('image/')) throw new ExternalFileError('unsupported');
  if (
    file.size <= EXTERNAL_FILE_MAX_BYTES &&
    (file.type === 'image/jpeg' || file.type === 'image/png' || file.type === 'image/webp')
  )
    return { type: file.type, blob: file };
  const bitmap = await createImageBitmap(file);
  for (const [edge, quality] of [
    [2000, 0.8],
    [1600, 0.7],
    [1200, 0.6],
    [900, 0.5],
  ] as const) {
    const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height));
    const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (blob.size <= EXTERNAL_FILE_MAX_BYTES) return { type: 'image/jpeg', blob };
  }
  throw new ExternalFileError('too_large');
}

/** Sends every record not yet acknowledged; a refusal is kept with its reason. Stops at the first network failure. */
export async function sendExternalLearning(db: LenteraDb, token: string): Promise<void> {
  const queued = await db.externalLearning.filter((row) => row.sentAt === null && row.refusal === null).toArray();
  for (const row of queued) {
    const file =
      row.file === null
        ? null
        : { type: row.file.type, base64: bytesToBase64(new Uint8Array(await row.file.blob.arrayBuffer())) };
    try {
      await requestJson('/api/me/external-learning', ExternalSubmitResponseSchema, {
        token,
        body: { id: row.id, fields: row.fields, file },
        timeoutMs: 120_000,
      });
      await db.externalLearning.update(row.id, { sentAt: new Date().toISOString() });
    } catch (error) {
      // Lentera's API refused this record: keep it, with the reason, for the learner to see.
      if (error instanceof RequestError && error.fromApi && [400, 409, 413].includes(error.status)) {
        await db.externalLearning.update(row.id, { refusal: error.message });
        continue;
      }
      throw error;
    }
  }
}
