import { ExternalLearningFields } from '../../shared/external-learning';
import { CERTIFICATE_FILE_MAX_BYTES } from '../../shared/records/attachment';
import type { LenteraDb } from './db';
import { prepareDocument } from './photo';
import { queueRecord, type PreparedFile } from './records';

/**
 * Learning done elsewhere on the phone: a record of the learner record channel
 * (`external_learning`), written offline with its certificate file in one transaction, sent
 * with the next sync like every other record and counted in "belum terkirim"; the file is
 * uploaded beside the batch. The certificate is made to fit 2 MB here: a photo is scaled down
 * and re-encoded as JPEG (which drops its EXIF); a PDF over 2 MB is refused with a clear reason.
 */
export async function recordExternalLearning(
  db: LenteraDb,
  fields: ExternalLearningFields,
  file: PreparedFile | null,
  now: Date = new Date(),
): Promise<string> {
  const checked = ExternalLearningFields.parse(fields);
  if (checked.endDate < checked.startDate) throw new RangeError('The training ends before it starts');
  return queueRecord(
    db,
    'external_learning',
    { ...checked, file: file?.ref ?? null, writtenAt: now.toISOString() },
    now,
    file === null ? [] : [file],
  );
}

/** The chosen certificate as it will be sent: a PDF as it is (≤ 2 MB), a photo compressed to fit. */
export const prepareCertificateFile = (file: Blob): Promise<PreparedFile> =>
  prepareDocument(file, CERTIFICATE_FILE_MAX_BYTES);
