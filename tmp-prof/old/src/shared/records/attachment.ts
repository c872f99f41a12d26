import { z } from 'zod';
// Types only: the sync engine reads `attachmentsOf` without loading every record kind's schema.
import type { LearnerRecord, RecordKind } from './index';

/**
 * A file a learner record carries (a post's photo, follow-up evidence, a certificate of
 * learning done elsewhere). The bytes never travel inside a sync batch: the phone uploads them
 * first to `PUT /api/attachments/<sha256>` (content addressed, so a retried upload stores
 * nothing twice) and the record names them by hash. The server checks the named upload exists,
 * is this writer's, and fits the record kind's rule (`ATTACHMENT_RULES` in `./index`).
 */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const ATTACHMENT_TYPES = [...IMAGE_TYPES, 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** A photo with a post or as follow-up evidence: compressed on the phone to fit. */
export const PHOTO_MAX_BYTES = 500 * 1024;
/** A certificate of learning done elsewhere (photo or PDF). The largest upload the server takes. */
export const CERTIFICATE_FILE_MAX_BYTES = 2 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = CERTIFICATE_FILE_MAX_BYTES;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const AttachmentRef = z.strictObject({
  sha256: Sha256Hex,
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/**
 * What the bytes are, by their first bytes — never by a name or a Content-Type someone sent:
 * a renamed executable or an HTML page is none of these and is refused.
 */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  const starts = (...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

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
