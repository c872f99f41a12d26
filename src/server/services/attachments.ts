import { createHash } from 'node:crypto';
import { ATTACHMENT_MAX_BYTES, isWholePdf, sniffType, type AttachmentType } from '../../shared/records/attachment';
import { ATTACHMENT_RULES, attachmentsOf, type LearnerRecord } from '../../shared/records';
import { audienceCondition, followedBy, managedBy } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import type { BlobStore, BlobStream } from '../storage/blob-store';
import { checkImage } from './image-header';
import { reject, type Rejection } from './rejection';

/**
 * Files learner records carry: a post's photo, follow-up evidence, the certificate of learning
 * done elsewhere. Uploaded before the record that names them, by hash, so the bytes never ride
 * in a sync batch and a retried upload stores nothing twice; kept in the blob store beside
 * course files (local disk or S3). Who may read one follows from the records naming it.
 */
export async function storeAttachment(
  db: Queryable,
  blobs: BlobStore,
  userId: string,
  sha256: string,
  bytes: Uint8Array,
): Promise<{ status: 'stored' | 'duplicate'; type: AttachmentType; size: number }> {
  // An empty body is a broken request, not one too large.
  if (bytes.length === 0) throw new ApiError(400, 'bad_request', 'The file is empty');
  if (bytes.length > ATTACHMENT_MAX_BYTES)
    throw new ApiError(413, 'payload_too_large', `A file is 1 byte to ${ATTACHMENT_MAX_BYTES} bytes`);
  if (createHash('sha256').update(bytes).digest('hex') !== sha256)
    throw new ApiError(400, 'bad_request', 'The bytes do not have the sha256 the address names');
  // What the bytes are, never what the request says they are.
  const type = sniffType(bytes);
  if (type === null)
    throw new ApiError(415, 'unsupported_media_type', 'A photo (JPEG, PNG, WebP) or a PDF is expected');
  // A photo is shown by every phone that reads the post: whole, and of a size a phone can decode.
  if (type !== 'application/pdf') {
    const image = checkImage(type, bytes);
    if (!image.ok) throw new ApiError(422, 'invalid_attachment', image.reason);
  } else if (!isWholePdf(bytes)) {
    throw new ApiError(422, 'invalid_attachment', 'The PDF is cut short: no %%EOF in its last KiB');
  }
  return db.transaction(async (tx) => {
    // One account's uploads one at a time: uploads sent at once would otherwise all count the
    // day's files before any of them is written, and slip past the cap together.
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [UPLOAD_LOCK, userId]);
    const [known] = await tx.query('SELECT 1 FROM learner_attachments WHERE sha256 = $1 AND user_id = $2', [
      sha256,
      userId,
    ]);
    if (known === undefined) await checkDailyQuota(tx, userId, bytes.length);
    // Before the row commits: a row never names bytes the store does not hold.
    await blobs.put(sha256, bytes);
    const inserted = await tx.query(
      `INSERT INTO learner_attachments (sha256, user_id, type, size) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256, user_id) DO NOTHING RETURNING sha256`,
      [sha256, userId, type, bytes.length],
    );
    return { status: inserted.length > 0 ? 'stored' : 'duplicate', type, size: bytes.length } as const;
  });
}

/** The advisory lock key (with the account) that serialises one account's uploads. */
const UPLOAD_LOCK = 4_242_085;

/**
 * What one account may upload in 24 hours: far beyond a learner's photos of a day, small enough
 * that a stolen session cannot fill the storage. Over it the upload waits (429): the phone keeps
 * the record and tries again at a later sync; an upload already made answers `duplicate` anyway.
 */
export const DAILY_UPLOAD_FILES = 300;
export const DAILY_UPLOAD_BYTES = 100 * 1024 * 1024;

async function checkDailyQuota(db: Queryable, userId: string, adding: number): Promise<void> {
  const [today] = await db.query<{ files: number; bytes: number }>(
    `SELECT count(*)::int AS files, coalesce(sum(size), 0)::float8 AS bytes FROM learner_attachments
     WHERE user_id = $1 AND uploaded_at > now() - interval '1 day'`,
    [userId],
  );
  if ((today?.files ?? 0) + 1 > DAILY_UPLOAD_FILES || (today?.bytes ?? 0) + adding > DAILY_UPLOAD_BYTES)
    throw new ApiError(429, 'too_many_attempts', 'Too many files uploaded in the last 24 hours; try again later');
}

/**
 * The record's files reached the server from its writer, and are of a type and size its kind
 * takes. Checked by the channel before the kind's own rules: a record never names a file its
 * writer did not upload (someone else's photo by its hash).
 */
export async function checkAttachments(
  tx: Queryable,
  userId: string,
  record: LearnerRecord,
): Promise<Rejection | null> {
  const refs = attachmentsOf(record);
  if (refs.length === 0) return null;
  const rule = ATTACHMENT_RULES[record.kind];
  const uploads = await tx.query<{ sha256: string; type: string; size: number }>(
    'SELECT sha256, type, size FROM learner_attachments WHERE user_id = $1 AND sha256 = ANY($2::text[])',
    [userId, refs.map((ref) => ref.sha256)],
  );
  const byHash = new Map(uploads.map((upload) => [upload.sha256, upload]));
  for (const ref of refs) {
    const upload = byHash.get(ref.sha256);
    if (upload === undefined) return reject('unknown_attachment', `File ${ref.sha256} was not uploaded by the writer`);
    if (rule === undefined || !rule.types.includes(upload.type as AttachmentType))
      return reject('invalid_attachment', `A ${record.kind} takes no ${upload.type}`);
    if (upload.size > rule.maxBytes)
      return reject('invalid_attachment', `A ${record.kind} takes files up to ${rule.maxBytes} bytes`);
    if (upload.type !== ref.type || upload.size !== ref.size)
      return reject('invalid_attachment', `File ${ref.sha256} is a ${upload.type} of ${upload.size} bytes`);
  }
  return null;
}

/** Remembers which record names which file, for `readableAttachment`. */
export async function linkAttachments(tx: Queryable, userId: string, record: LearnerRecord): Promise<void> {
  for (const ref of attachmentsOf(record))
    await tx.query(
      `INSERT INTO record_attachments (record_id, sha256, kind, user_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [record.id, ref.sha256, record.kind, userId],
    );
}

/**
 * The file, if the reader may see it through a record naming it:
 * - a post's photo: anyone signed in (a course's discussion is open to its learners), unless the
 *   post, or the thread a reply is under, is hidden or deleted (the discussion leaves both out) —
 *   then only the admins who manage its writer;
 * - follow-up evidence: the learner, their atasan, and the admins who manage them;
 * - a certificate of learning done elsewhere: the learner and the admins who manage them.
 * The uploader may always read what they uploaded. Null otherwise (the route answers 404, so a
 * hash tells nobody whether a file exists).
 */
export async function readableAttachment(
  db: Queryable,
  blobs: BlobStore,
  session: Session,
  sha256: string,
): Promise<{ stream: BlobStream; type: AttachmentType } | null> {
  const params: unknown[] = [sha256, session.userId];
  const managed = audienceCondition(managedBy(session), 'r.user_id', params);
  const followed = audienceCondition(followedBy(session), 'r.user_id', params);
  const managedOrSelf = audienceCondition({ ...managedBy(session), self: session.userId }, 'r.user_id', params);
  const [row] = await db.query<{ type: AttachmentType }>(
    `SELECT a.type FROM learner_attachments a WHERE a.sha256 = $1 AND (
       a.user_id = $2::uuid
       OR EXISTS (SELECT 1 FROM record_attachments r JOIN discussion_posts p ON p.id = r.record_id
                    LEFT JOIN discussion_posts parent ON parent.id = p.parent_id
                  WHERE r.sha256 = $1 AND r.kind = 'discussion_post'
                    AND ((p.hidden_at IS NULL AND p.deleted_at IS NULL
                          AND parent.hidden_at IS NULL AND parent.deleted_at IS NULL) OR ${managed}))
       OR EXISTS (SELECT 1 FROM record_attachments r
                  WHERE r.sha256 = $1 AND r.kind = 'action_report' AND ${followed})
       OR EXISTS (SELECT 1 FROM record_attachments r
                  WHERE r.sha256 = $1 AND r.kind = 'external_learning' AND ${managedOrSelf})
     ) LIMIT 1`,
    params,
  );
  if (row === undefined) return null;
  const stream = await blobs.open(sha256);
  return stream === null ? null : { stream, type: row.type };
}
