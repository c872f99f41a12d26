import { LearnerRecordResponseSchema, recordApi } from '../../shared/protocol/record';
import type { LenteraDb } from './db';
import { request, requestJson } from './http';
import { RECORD_SNAPSHOT_KEY } from './stored-shapes';

/** A certificate PDF is a few tens of KB; anything far bigger is not one of ours. */
const PDF_MAX_BYTES = 5 * 1024 * 1024;

/**
 * After a successful sync: fetches the learner's record and keeps it (the ledger snapshot,
 * external-learning decisions and every certificate; a PDF already downloaded is kept), then
 * downloads the PDFs still missing. The answer is checked here, at the network boundary; a
 * failure leaves what the phone had. Loaded after Beranda, so its schemas are not on it.
 */
export async function syncRecord(db: LenteraDb, token: string, now: Date = new Date()): Promise<void> {
  const answer = await requestJson(recordApi.mine, LearnerRecordResponseSchema, { token });
  const { certificates, ...ledger } = answer;
  await db.transaction('rw', db.meta, db.certificates, async () => {
    await db.meta.put({ key: RECORD_SNAPSHOT_KEY, value: { ...ledger, fetchedAt: now.toISOString() } });
    for (const certificate of certificates) {
      const kept = await db.certificates.get(certificate.code);
      await db.certificates.put({ ...certificate, pdf: kept?.pdf ?? null });
    }
  });
  for (const certificate of await db.certificates.filter((stored) => stored.pdf === null).toArray()) {
    const pdf = await downloadPdf(certificate.code, token);
    await db.certificates.update(certificate.code, { pdf });
  }
}

async function downloadPdf(code: string, token: string): Promise<Blob> {
  const response = await request(recordApi.certificatePdf(code), { token, timeoutMs: 60_000 });
  const blob = await response.blob();
  if (blob.size > PDF_MAX_BYTES || response.headers.get('content-type') !== 'application/pdf')
    throw new Error('The certificate PDF answer is not a PDF');
  return new Blob([blob], { type: 'application/pdf' });
}
