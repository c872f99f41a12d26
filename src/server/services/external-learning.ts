import { implausibleDay } from '../../shared/dates';
import { createHash } from 'node:crypto';
import { base64ToBytes } from '../../shared/bundle/signature';
import { canonicalJson } from '../../shared/canonical-json';
import {
  EXTERNAL_FILE_MAX_BYTES,
  fileMatchesType,
  type ExternalDecision,
  type ExternalLearningFields,
  type ExternalLearningSubmission,
  type ExternalStatus,
} from '../../shared/external-learning';
import type { AdminExternalRecord } from '../../shared/protocol/record';
import { assertMayDecide, audienceCondition, type Audience } from '../auth/audience';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { storeAttachment } from './attachments';
import { lockLearner } from './learner-lock';
import { overDailyBudget, recordsStoredToday } from './record-budget';
import { defineRecordType } from './records/registry';
import { reject } from './rejection';
import type { BlobStore } from '../storage/blob-store';

/**
 * Learning done elsewhere (issue 12.7). The learner's record is idempotent by its client id:
 * the same id with the same content is `duplicate`, with other content a 409 conflict (kept
 * apart, never merged). Its file is checked against its type's magic bytes and stored by hash.
 * An admin approves (possibly with fewer JP) or refuses with a reason; only approved records
 * reach the ledger and the SIASN export. The day's budget of the record channel's
 * `external_learning` kind holds here too (429 `daily_limit`).
 */
export async function submitExternalLearning(
  db: Queryable,
  blobs: BlobStore,
  userId: string,
  submission: ExternalLearningSubmission,
  dailyBudget: number,
): Promise<'stored' | 'duplicate'> {
  const { fields } = submission;
  let upload: { sha256: string; type: string; bytes: Uint8Array } | null = null;
  if (submission.file !== null) {
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(submission.file.base64);
    } catch {
      throw new ApiError(400, 'bad_request', 'The file is not base64');
    }
    if (bytes.length === 0 || bytes.length > EXTERNAL_FILE_MAX_BYTES)
      throw new ApiError(413, 'payload_too_large', `The file must be 1 byte to ${EXTERNAL_FILE_MAX_BYTES} bytes`);
    if (!fileMatchesType(bytes, submission.file.type))
      throw new ApiError(400, 'bad_request', `The file is not a ${submission.file.type}`);
    upload = { sha256: createHash('sha256').update(bytes).digest('hex'), type: submission.file.type, bytes };
  }
  return db.transaction(async (tx) => {
    // Under the lock of the learner's pushes, which take the same budget's records: neither way
    // in can count the day's records while the other stores one.
    await lockLearner(tx, userId);
    const [known] = await tx.query<{ user_id: string; body_hash: string }>(
      'SELECT user_id, body_hash FROM external_learning WHERE id = $1',
      [submission.id],
    );
    // A record sent again is answered for (duplicate or conflict) whatever the day's count, and
    // before its file is stored: the store keeps what it is given, so a conflict answered after
    // would leave the file behind, outside the day's upload cap, once per resend.
    if (known !== undefined) {
      if (known.user_id === userId && known.body_hash === externalBodyHash(fields, upload)) return 'duplicate';
      throw new ApiError(409, 'bad_request', 'Another record already has this id');
    }
    if (((await recordsStoredToday(tx, userId)).get('external_learning') ?? 0) >= dailyBudget)
      throw new ApiError(429, 'daily_limit', overDailyBudget('records of learning done elsewhere', dailyBudget).reason);
    // 409 like a conflict: the apps that use this route keep a 409 as refused, with its reason.
    const refusal = await refusalOfNewRecord(tx, userId, fields);
    if (refusal !== null) throw new ApiError(409, refusal.code, refusal.reason);
    let file: { sha256: string; type: string; size: number } | null = null;
    if (upload !== null) {
      // Stored as an upload of this learner, so the day's upload cap holds on this route too.
      await storeAttachment(tx, blobs, userId, upload.sha256, upload.bytes);
      file = { sha256: upload.sha256, type: upload.type, size: upload.bytes.length };
    }
    // Under the learner's lock the id stays unknown but for another learner's record sent meanwhile.
    const { inserted } = await insertExternalLearning(tx, submission.id, userId, fields, file);
    if (inserted.length > 0) return 'stored';
    throw new ApiError(409, 'bad_request', 'Another record already has this id');
  });
}

/**
 * Whether `number` is one Lentera issued (revoked or not), compared as people retype numbers:
 * case, spaces and separators aside. Such a course's JP is in the ledger already, and its PDF is
 * Lentera's to draw: learning done elsewhere under that number would count the JP twice and put
 * a learner's file in SIASN beside, or for, the genuine certificate.
 */
async function isLenteraCertificateNumber(db: Queryable, number: string): Promise<boolean> {
  const [issued] = await db.query(
    `SELECT 1 FROM certificates WHERE ${folded('number')} = ${folded('$1')} AND ${folded('$1')} <> '' LIMIT 1`,
    [number],
  );
  return issued !== undefined;
}

const LENTERA_NUMBER_REASON =
  'The certificate number is one Lentera issued: its course and JP are in the record already';

/**
 * A value as people retype certificate numbers: case, spaces and separators aside. Served for
 * certificates' numbers by the index on this very expression (migration 122): change both together.
 */
const folded = (value: string) => `regexp_replace(upper(${value}), '[^A-Z0-9]', '', 'g')`;

/** The columns that tell one training from another, as SQL expressions of one record or of parameters. */
interface LearningKeySql {
  userId: string;
  certificateNumber: string;
  name: string;
  organiser: string;
  startDate: string;
  endDate: string;
}

const columnsOf = (alias: string): LearningKeySql => ({
  userId: `${alias}.user_id`,
  certificateNumber: `${alias}.certificate_number`,
  name: `${alias}.name`,
  organiser: `${alias}.organiser`,
  startDate: `${alias}.start_date`,
  endDate: `${alias}.end_date`,
});

/**
 * SQL: `other` (an alias of `external_learning`) is the same learner's record of the same
 * training as `record`. With a certificate number, the same number as people retype it; without
 * one, nothing else names the certificate, so the same name and organiser (folded alike) over the
 * same days. A learner's rows are few (a day's budget), found by `external_learning_user`.
 */
function sameLearningSql(other: string, record: LearningKeySql): string {
  const theirs = columnsOf(other);
  return `${theirs.userId} = ${record.userId}
    AND ${folded(theirs.certificateNumber)} = ${folded(record.certificateNumber)}
    AND (${folded(record.certificateNumber)} <> '' OR (${folded(theirs.name)} = ${folded(record.name)}
      AND ${folded(theirs.organiser)} = ${folded(record.organiser)}
      AND ${theirs.startDate} = ${record.startDate} AND ${theirs.endDate} = ${record.endDate}))`;
}

const DUPLICATE_REASON =
  'The learner already has this certificate recorded, pending or approved ' +
  '(the same number; without one, the same training, organiser and days)';

/**
 * Why a new record of `userId` cannot be kept, whichever way it came, or null. Besides a number
 * Lentera issued, the same certificate counted twice: a record of the same training still
 * pending or approved refuses it (one refused, or from which an approval was withdrawn, does not).
 * Runs under the learner's lock, so two copies sent at once cannot both pass.
 */
async function refusalOfNewRecord(
  tx: Queryable,
  userId: string,
  fields: ExternalLearningFields,
): Promise<{ code: 'lentera_certificate_number' | 'duplicate_certificate_number'; reason: string } | null> {
  if (await isLenteraCertificateNumber(tx, fields.certificateNumber))
    return { code: 'lentera_certificate_number', reason: LENTERA_NUMBER_REASON };
  const [earlier] = await tx.query(
    `SELECT 1 FROM external_learning e WHERE e.status IN ('pending', 'approved') AND ${sameLearningSql('e', {
      userId: '$1::uuid',
      certificateNumber: '$2::text',
      name: '$3::text',
      organiser: '$4::text',
      startDate: '$5::date',
      endDate: '$6::date',
    })} LIMIT 1`,
    [userId, fields.certificateNumber, fields.name, fields.organiser, fields.startDate, fields.endDate],
  );
  return earlier === undefined ? null : { code: 'duplicate_certificate_number', reason: DUPLICATE_REASON };
}

/**
 * Learning done elsewhere as a record of the channel (what the app sends since it moved off its
 * own queue). Kept in `external_learning` like records from `submitExternalLearning`: a record
 * the old queue had already delivered before the phone moved it over is `duplicate` (no second
 * row), and other content under its id a `conflict`, as the old route answers the other way round.
 */
export const externalLearningType = defineRecordType({
  kind: 'external_learning',
  async validate({ tx, userId }, { id, body }) {
    const [existing] = await tx.query<{ user_id: string }>('SELECT user_id FROM external_learning WHERE id = $1', [id]);
    if (existing !== undefined && existing.user_id !== userId)
      return reject('not_allowed', 'Another account holds a record with this id');
    if (existing !== undefined) return null;
    const refusal = await refusalOfNewRecord(tx, userId, body);
    return refusal === null ? null : reject(refusal.code, refusal.reason);
  },
  async earlierCopy({ tx, userId }, { id, body }) {
    const { file, writtenAt: _writtenAt, ...fields } = body;
    const [row] = await tx.query<{ body_hash: string }>(
      'SELECT body_hash FROM external_learning WHERE id = $1 AND user_id = $2',
      [id, userId],
    );
    return row === undefined ? null : { sameContent: row.body_hash === externalBodyHash(fields, file) };
  },
  async store({ tx, userId }, { id, body }) {
    const { file, writtenAt: _writtenAt, ...fields } = body;
    await insertExternalLearning(tx, id, userId, fields, file);
  },
});

/** The same for the same record whichever way it came: its fields and its file's hash. */
const externalBodyHash = (fields: ExternalLearningFields, file: { sha256: string } | null): string =>
  createHash('sha256')
    .update(canonicalJson({ fields, file: file?.sha256 ?? null }))
    .digest('hex');

/**
 * One row of learning done elsewhere, whichever way it came (the old route or the record
 * channel); `body_hash` lets a replay be told from another record that reuses the id.
 */
async function insertExternalLearning(
  db: Queryable,
  id: string,
  userId: string,
  fields: ExternalLearningFields,
  file: { sha256: string; type: string; size: number } | null,
): Promise<{ inserted: { id: string }[] }> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO external_learning (id, user_id, body_hash, jenis_diklat_id, kind, name, organiser,
       start_date, end_date, claimed_jp, certificate_number, file_sha256, file_type, file_size)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::date, $9::date, $10, $11, $12, $13, $14)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      id,
      userId,
      externalBodyHash(fields, file),
      fields.jenisDiklatId,
      fields.kind,
      fields.name,
      fields.organiser,
      fields.startDate,
      fields.endDate,
      fields.claimedJp,
      fields.certificateNumber,
      file?.sha256 ?? null,
      file?.type ?? null,
      file?.size ?? null,
    ],
  );
  return { inserted };
}

export async function externalDecisionsOf(db: Queryable, userId: string): Promise<ExternalDecision[]> {
  const rows = await db.query<{
    id: string;
    status: ExternalStatus;
    approved_jp: number | null;
    refusal_reason: string | null;
  }>(
    `SELECT id::text AS id, status, approved_jp, refusal_reason FROM external_learning WHERE user_id = $1
       ORDER BY created_at`,
    [userId],
  );
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    approvedJp: row.approved_jp,
    refusalReason: row.refusal_reason,
  }));
}

const ADMIN_PAGE = 100;

/** Records of the people `audience` covers, oldest first within a status, a page at a time. */
export async function listExternalLearning(
  db: Queryable,
  audience: Audience,
  filter: { status?: ExternalStatus | undefined; after?: string | undefined },
): Promise<{ records: AdminExternalRecord[]; next: string | null }> {
  const params: unknown[] = [filter.status ?? null, filter.after ?? null, ADMIN_PAGE + 1];
  const rows = await db.query<{
    id: string;
    user_id: string;
    nip: string;
    user_name: string;
    opd: string;
    jenis_diklat_id: number;
    kind: string;
    name: string;
    organiser: string;
    start_date: string;
    end_date: string;
    claimed_jp: number;
    certificate_number: string;
    file_type: string | null;
    status: ExternalStatus;
    approved_jp: number | null;
    refusal_reason: string | null;
    created_at: Date;
    already_submitted: boolean;
  }>(
    `SELECT e.id::text AS id, e.user_id, u.nip, u.name AS user_name, u.opd, e.jenis_diklat_id, e.kind, e.name,
       e.organiser, to_char(e.start_date, 'YYYY-MM-DD') AS start_date, to_char(e.end_date, 'YYYY-MM-DD') AS end_date,
       e.claimed_jp, e.certificate_number, e.file_type, e.status, e.approved_jp, e.refusal_reason, e.created_at,
       e.status <> 'refused' AND EXISTS (SELECT 1 FROM external_learning d WHERE d.id <> e.id
         AND d.status IN ('pending', 'approved') AND ${sameLearningSql('d', columnsOf('e'))}) AS already_submitted
     FROM external_learning e JOIN users u ON u.id = e.user_id
     WHERE ($1::text IS NULL OR e.status = $1)
       AND ($2::uuid IS NULL OR (e.created_at, e.id) > (SELECT b.created_at, b.id FROM external_learning b
         WHERE b.id = $2 AND ${audienceCondition(audience, 'b.user_id', params)}))
       AND ${audienceCondition(audience, 'e.user_id', params)}
     ORDER BY e.created_at, e.id LIMIT $3`,
    params,
  );
  const records = rows.slice(0, ADMIN_PAGE).map((row): AdminExternalRecord => ({
    id: row.id,
    userId: row.user_id,
    nip: row.nip,
    userName: row.user_name,
    opd: row.opd,
    jenisDiklatId: row.jenis_diklat_id,
    kind: row.kind,
    name: row.name,
    organiser: row.organiser,
    startDate: row.start_date,
    endDate: row.end_date,
    claimedJp: row.claimed_jp,
    certificateNumber: row.certificate_number,
    fileType: row.file_type,
    status: row.status,
    approvedJp: row.approved_jp,
    refusalReason: row.refusal_reason,
    createdAt: row.created_at.toISOString(),
    alreadySubmitted: row.already_submitted,
  }));
  return { records, next: rows.length > ADMIN_PAGE ? (records.at(-1)?.id ?? null) : null };
}

export type Decision = { approve: true; jp: number } | { approve: false; reason: string };

/**
 * Decides a pending record of someone the admin may decide for (`assertMayDecide`: never their
 * own); a record decided already, also by a decision made at the same moment, is left as it is
 * (409 `already_decided`). A copy of a certificate approved already is never approved again (409
 * `duplicate_certificate_number`): it can only be refused.
 */
export async function decideExternalLearning(
  db: Queryable,
  session: Session,
  id: string,
  decision: Decision,
): Promise<void> {
  const notFound = 'No such record among those you manage';
  const [row] = await db.query<{
    user_id: string;
    status: ExternalStatus;
    claimed_jp: number;
    certificate_number: string;
    start_date: string;
    end_date: string;
  }>(
    `SELECT e.user_id, e.status, e.claimed_jp, e.certificate_number, to_char(e.start_date, 'YYYY-MM-DD') AS start_date,
       to_char(e.end_date, 'YYYY-MM-DD') AS end_date FROM external_learning e WHERE e.id = $1`,
    [id],
  );
  if (row === undefined) throw new ApiError(404, 'not_found', notFound);
  await assertMayDecide(db, session, row.user_id, notFound);
  const decidedAlready = (status: string) =>
    new ApiError(409, 'already_decided', `The record is ${status} already: another decision came first`);
  if (row.status !== 'pending') throw decidedAlready(row.status);
  // Stored before such numbers were refused: it can still be refused, never approved.
  if (decision.approve && (await isLenteraCertificateNumber(db, row.certificate_number)))
    throw new ApiError(409, 'lentera_certificate_number', LENTERA_NUMBER_REASON);
  if (decision.approve && decision.jp > row.claimed_jp)
    throw new ApiError(400, 'bad_request', `At most the ${row.claimed_jp} JP claimed can be approved`);
  // Stored before its days were bounded (dated 9999): approved, its JP would count in a year no report reads.
  const badDay = decision.approve ? (implausibleDay(row.start_date) ?? implausibleDay(row.end_date)) : null;
  if (badDay !== null)
    throw new ApiError(422, 'implausible_time', `The learning is dated ${row.start_date}–${row.end_date}: ${badDay}`);
  await db.transaction(async (tx) => {
    // Under the learner's lock: two admins approving two copies of one certificate at once
    // (both stored before copies were refused) take turns, and the second sees the first approved.
    await lockLearner(tx, row.user_id);
    if (decision.approve) {
      const [approvedCopy] = await tx.query(
        `SELECT 1 FROM external_learning e, external_learning r WHERE r.id = $1 AND e.id <> r.id
           AND e.status = 'approved' AND ${sameLearningSql('e', columnsOf('r'))} LIMIT 1`,
        [id],
      );
      if (approvedCopy !== undefined) throw new ApiError(409, 'duplicate_certificate_number', DUPLICATE_REASON);
    }
    // Two admins deciding at once both read it pending: the first UPDATE wins, the second learns it lost.
    const decided = await tx.query(
      `UPDATE external_learning
       SET status = $2, approved_jp = $3, refusal_reason = $4, decided_by = $5, decided_at = now()
       WHERE id = $1 AND status = 'pending' RETURNING id`,
      [
        id,
        decision.approve ? 'approved' : 'refused',
        decision.approve ? decision.jp : null,
        decision.approve ? null : decision.reason,
        session.userId,
      ],
    );
    if (decided.length === 0) throw decidedAlready('decided');
  });
}

/** The record's file for an admin who manages its writer, or for the writer. */
export async function externalFile(
  db: Queryable,
  blobs: BlobStore,
  audience: Audience,
  id: string,
): Promise<{ bytes: Uint8Array; type: string } | null> {
  const params: unknown[] = [id];
  const [row] = await db.query<{ file_sha256: string | null; file_type: string | null }>(
    `SELECT e.file_sha256, e.file_type FROM external_learning e WHERE e.id = $1
       AND ${audienceCondition(audience, 'e.user_id', params)}`,
    params,
  );
  if (row?.file_sha256 == null || row.file_type === null) return null;
  const bytes = await blobs.get(row.file_sha256);
  return bytes === null ? null : { bytes, type: row.file_type };
}
