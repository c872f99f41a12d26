import { z } from 'zod';
import { SYNC_BATCH_LIMIT } from '../../shared/protocol';
import { ApiError } from '../http/api-error';

/**
 * The envelope of a push: each record only needs an id here, so the answer can name it; the
 * records themselves are checked one by one, and a bad one is answered `rejected` without
 * failing the others. Loose objects: the statement is stored (and hashed) as sent.
 */
const RecordWithId = z.looseObject({ id: z.string().min(1).max(200) });
export const SyncBatch = z.object({
  statements: z.array(RecordWithId),
  progress: z.array(RecordWithId),
  // Phones from before the learner record channel send no `records`.
  records: z.array(RecordWithId).default([]),
});
export type SyncBatch = z.infer<typeof SyncBatch>;
type RecordWithId = z.infer<typeof RecordWithId>;

const isRecordWithId = (value: unknown): value is RecordWithId => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id } = value as { id?: unknown };
  return typeof id === 'string' && id.length >= 1 && id.length <= 200;
};
const isRecordList = (value: unknown): value is RecordWithId[] => Array.isArray(value) && value.every(isRecordWithId);

/**
 * The push as parsed, when it certainly is one `SyncBatch` accepts, else undefined (the schema
 * then explains why). Its records are kept as sent: the schema's copy would put `id` first,
 * and a statement whose keys came in canonical order is hashed faster (`canonicalJson`).
 * Refuses (413) a push of more than `SYNC_BATCH_LIMIT` records before any is looked at: the
 * schema would otherwise explain each of a million tiny non-records (2 MB sent, or 2 KB
 * gzipped) — seconds of the server's thread and an answer of a hundred megabytes.
 */
export function acceptSyncBatch(json: unknown): SyncBatch | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { statements, progress, records = [] } = json as Record<string, unknown>;
  const count = [statements, progress, records].reduce<number>(
    (sum, list) => sum + (Array.isArray(list) ? list.length : 0),
    0,
  );
  if (count > SYNC_BATCH_LIMIT)
    throw new ApiError(413, 'payload_too_large', `A push carries at most ${SYNC_BATCH_LIMIT} records, not ${count}`);
  return isRecordList(statements) && isRecordList(progress) && isRecordList(records)
    ? { statements, progress, records }
    : undefined;
}

/**
 * Refusals of the whole request (its size: `acceptSyncBatch`), before anything is stored. The
 * phone splits a refused batch until one record carries the refusal and sets that one aside.
 */
export function assertAcceptableBatch(batch: SyncBatch, userId: string): void {
  // xAPI: a batch naming one statement id twice is refused whole. Statement ids are UUIDs, whose case does not matter.
  const ids = new Set<string>();
  for (const id of [
    ...batch.statements.map((statement) => statement.id.toLowerCase()),
    ...batch.progress.map((record) => record.id),
    ...batch.records.map((record) => record.id),
  ]) {
    if (ids.has(id)) throw new ApiError(400, 'bad_request', `The id ${id} appears twice in one push`);
    ids.add(id);
  }

  // A learner writes only their own record: one statement about anyone else refuses the push.
  const foreign = batch.statements.find((statement) => actorAccountName(statement) !== userId);
  if (foreign !== undefined)
    throw new ApiError(403, 'forbidden', `Statement ${foreign.id} is not about the signed-in learner`);
}

function actorAccountName(statement: Record<string, unknown>): unknown {
  const actor = statement.actor as { account?: { name?: unknown } } | null | undefined;
  return typeof actor === 'object' && actor !== null ? actor.account?.name : undefined;
}
