import { z } from 'zod';
// Types only: the sync engine reads `attachmentsOf` without loading every record kind's schema.
import type { LearnerRecord, RecordKind } from './index';
import { ATTACHMENT_TYPES, IMAGE_TYPES, type AttachmentType } from './attachment-type';

export { ATTACHMENT_TYPES, IMAGE_TYPES, isWholePdf, sniffType, type AttachmentType } from './attachment-type';

/** A photo with a post or as follow-up evidence: compressed on the phone to fit. */
export const PHOTO_MAX_BYTES = 500 * 1024;
/** A certificate of learning done elsewhere (photo or PDF). The largest upload the server takes. */
export const CERTIFICATE_FILE_MAX_BYTES = 2 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = CERTIFICATE_FILE_MAX_BYTES;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A file a learner record carries (a post's photo, follow-up evidence, a certificate of
 * learning done elsewhere). The bytes never travel inside a sync batch: the phone uploads them
 * first to `PUT /api/attachments/<sha256>` (content addressed, so a retried upload stores
 * nothing twice) and the record names them by hash. The server checks the named upload exists,
 * is this writer's, and fits the record kind's rule (`ATTACHMENT_RULES` in `./index`).
 */
export const AttachmentRef = z.strictObject({
  sha256: Sha256Hex,
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const attachmentsApi = {
  /** PUT the bytes (any Content-Type; the server sniffs), GET them back where the reader may. */
  file: (sha256: string) => `/api/attachments/${sha256}`,
} as const;

/** The server's answer to an upload. */
export const AttachmentUploadResponse = z.object({
  status: z.enum(['stored', 'duplicate']),
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
});
export type AttachmentUploadResponse = z.infer<typeof AttachmentUploadResponse>;

/** The files each kind may carry: which types (sniffed on the server) and how large. */
export const ATTACHMENT_RULES: Partial<Record<RecordKind, { types: readonly AttachmentType[]; maxBytes: number }>> = {
  discussion_post: { types: IMAGE_TYPES, maxBytes: PHOTO_MAX_BYTES },
  action_report: { types: IMAGE_TYPES, maxBytes: PHOTO_MAX_BYTES },
  external_learning: { types: ATTACHMENT_TYPES, maxBytes: CERTIFICATE_FILE_MAX_BYTES },
};

/** The files a record names: what the phone uploads before the record, and what the server checks and scopes. */
export function attachmentsOf(record: LearnerRecord): AttachmentRef[] {
  switch (record.kind) {
    case 'discussion_post':
      return record.body.photo ? [record.body.photo] : [];
    case 'action_report':
      return record.body.items.flatMap((item) => (item.photo ? [item.photo] : []));
    case 'external_learning':
      return record.body.file === null ? [] : [record.body.file];
    default:
      return [];
  }
}
