import { z } from 'zod';
import { LearningDay } from './dates';
import { CERTIFICATE_FILE_MAX_BYTES, sniffType } from './records/attachment';

/**
 * Learning done outside Lentera (a training, webinar, coaching, workshop…), recorded by the
 * learner on the phone and decided by an admin (issue 12.7). One shape for the phone's form,
 * the learner record channel (`records/external-learning.ts`) and the server's check. The
 * certificate file (photo or PDF) is compressed on the phone to at most `EXTERNAL_FILE_MAX_BYTES`
 * and uploaded as an attachment (`records/attachment.ts`).
 */
export const EXTERNAL_KINDS = ['pelatihan', 'webinar', 'coaching', 'workshop', 'seminar', 'lainnya'] as const;
export type ExternalKind = (typeof EXTERNAL_KINDS)[number];

export const EXTERNAL_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type ExternalFileType = (typeof EXTERNAL_FILE_TYPES)[number];
export const EXTERNAL_FILE_MAX_BYTES = CERTIFICATE_FILE_MAX_BYTES;

/**
 * SIASN jenis diklat the form offers (id → name): the rows of SIASN's `jenisDiklat` reference
 * checked so far by a domain review (its notes are not in this repository); the admin can correct
 * the id on approval.
 */
export const JENIS_DIKLAT: readonly { id: number; name: string }[] = [
  { id: 3, name: 'Diklat Teknis' },
  { id: 5, name: 'Pelatihan Manajerial' },
  { id: 6, name: 'Pelatihan Sosial Kultural' },
  { id: 16, name: 'E-Learning' },
  { id: 22, name: 'Belajar Mandiri' },
  { id: 23, name: 'Komunitas Belajar' },
];

export const ExternalLearningFields = z.strictObject({
  jenisDiklatId: z.number().int().min(1).max(999),
  kind: z.enum(EXTERNAL_KINDS),
  name: z.string().trim().min(1).max(300),
  organiser: z.string().trim().min(1).max(200),
  // From 2000 to today: learning dated 9999 would be approved into a year no report shows.
  startDate: LearningDay,
  endDate: LearningDay,
  claimedJp: z.number().int().min(1).max(200),
  certificateNumber: z.string().trim().max(120),
});
export type ExternalLearningFields = z.infer<typeof ExternalLearningFields>;

/**
 * What phones before the learner record channel sent to `POST /api/me/external-learning`: the
 * record, its client id, and the file (base64) if any. Kept so an app not yet updated still
 * delivers what it queued; the current app sends an `external_learning` record instead.
 */
export const ExternalLearningSubmission = z.strictObject({
  id: z.uuid(),
  fields: ExternalLearningFields.refine((fields) => fields.endDate >= fields.startDate, {
    message: 'endDate is before startDate',
    path: ['endDate'],
  }),
  file: z
    .strictObject({
      type: z.enum(EXTERNAL_FILE_TYPES),
      // base64 of at most EXTERNAL_FILE_MAX_BYTES.
      base64: z
        .string()
        .max(Math.ceil(EXTERNAL_FILE_MAX_BYTES / 3) * 4)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
    })
    .nullable(),
});
export type ExternalLearningSubmission = z.infer<typeof ExternalLearningSubmission>;

export type ExternalStatus = 'pending' | 'approved' | 'refused';

/** The server's answer to a submission: stored, or already there with the same content. */
export interface ExternalSubmitResponse {
  status: 'stored' | 'duplicate';
}

export const ExternalSubmitResponseSchema = z.object({ status: z.enum(['stored', 'duplicate']) });

/** Where a learner's record stands, in `GET /api/me/record`. */
export interface ExternalDecision {
  id: string;
  status: ExternalStatus;
  approvedJp: number | null;
  refusalReason: string | null;
}

/** Does the file start the way its type says? A renamed executable is no certificate. */
export function fileMatchesType(bytes: Uint8Array, type: ExternalFileType): boolean {
  return sniffType(bytes) === type;
}
