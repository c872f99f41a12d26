import { z } from 'zod';
import { SYNC_BATCH_LIMIT } from '../../shared/protocol';
import { canonicalJson } from '../../shared/canonical-json';
import type { SyncItemResult } from '../../shared/protocol';
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
 * What of a push is answered before it is applied, each record alone: the whole push is refused
 * only for its size (`acceptSyncBatch`), as a refused push costs the phone a split and a retry
 * per half, and stalls whatever else it carried.
 *
 * - An id named again (statement ids compared without case, as UUIDs): the first is applied as
 *   any record. A repeat with the same content is the same record and gets the first's answer
 *   (`answerRepeats`), so it is neither stored nor counted twice; one with other content is
 *   `rejected` (`repeated_id`) and not stored, so a phone that sent it keeps it in "perlu
 *   perhatian", where "Kirim ulang" meets the first as a `conflict` (kept for the admin).
 * - A statement about another learner is `rejected` (`not_allowed`): a learner writes only their own record.
 */
export function separateRefused(
  batch: SyncBatch,
  userId: string,
): { batch: SyncBatch; refused: SyncItemResult[]; repeats: Repeat[] } {
  const firsts = new Map<string, RecordWithId>();
  const repeats: Repeat[] = [];
  const firstsOf = (records: RecordWithId[], key: (record: RecordWithId) => string) =>
    records.filter((record) => {
      const first = firsts.get(key(record));
      if (first === undefined) {
        firsts.set(key(record), record);
        return true;
      }
      // The id compared as the key is: a statement whose id is only in upper case is the same statement.
      const same = sameContent({ ...first, id: key(first) }, { ...record, id: key(record) });
      repeats.push({ id: record.id, firstId: first.id, same });
      return false;
    });
  const statements = firstsOf(batch.statements, (statement) => statement.id.toLowerCase());
  const progress = firstsOf(batch.progress, (record) => record.id);
  const records = firstsOf(batch.records, (record) => record.id);

  const refused: SyncItemResult[] = [];
  const own = statements.filter((statement) => {
    if (actorAccountName(statement) === userId) return true;
    refused.push({
      id: statement.id,
      status: 'rejected',
      code: 'not_allowed',
      reason: `Statement ${statement.id} is not about the signed-in learner`,
    });
    return false;
  });
  return { batch: { statements: own, progress, records }, refused, repeats };
}

/**
 * Whether two records as sent are the same. Nothing has checked their shape yet: a record nested
 * past the stack (`canonicalJson` recurses) is no match, not a 500 for the push.
 */
function sameContent(first: RecordWithId, repeat: RecordWithId): boolean {
  try {
    return canonicalJson(first) === canonicalJson(repeat);
  } catch {
    return false;
  }
}

/** A record whose id came earlier in the same push (`separateRefused`). */
export interface Repeat {
  id: string;
  /** The id as the first record spelled it. */
  firstId: string;
  /** The same content as the first: the same record, sent twice. */
  same: boolean;
}

/** The answers for a push's repeated ids, after the first of each was answered (`separateRefused`). */
export function answerRepeats(repeats: readonly Repeat[], answered: readonly SyncItemResult[]): SyncItemResult[] {
  const byId = new Map(answered.map((result) => [result.id, result]));
  return repeats.map(({ id, firstId, same }): SyncItemResult => {
    const first = byId.get(firstId);
    if (same && first !== undefined) return { ...first, id };
    return {
      id,
      status: 'rejected',
      code: 'repeated_id',
      reason: `The id ${id} came earlier in this push with other content`,
    };
  });
}
function actorAccountName(statement: Record<string, unknown>): unknown {
  const actor = statement.actor as { account?: { name?: unknown } } | null | undefined;
  return typeof actor === 'object' && actor !== null ? actor.account?.name : undefined;
}
