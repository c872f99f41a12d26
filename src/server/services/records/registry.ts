import type { RecordKind, RecordOf } from '../../../shared/records';
import type { Queryable } from '../../db/db';
import type { ContentCache } from '../content-cache';
import type { Rejection } from '../rejection';

/** What a record type's rules may use: the open ingest transaction, the writer, course content. */
export interface RecordContext {
  tx: Queryable;
  /** The signed-in account that pushed the record: its writer. */
  userId: string;
  content: ContentCache;
}

/**
 * One kind of learner record on the server. The channel (`ingestRecords`) owns idempotency:
 * `store` runs once per record id ever, and only after `validate` accepted it. Both run
 * inside the push's transaction in the order the phone wrote the records, so a record may
 * refer to one written just before it in the same push (a reply to a new post).
 */
export interface RecordType<K extends RecordKind> {
  kind: K;
  /**
   * Rules beyond the body's shape: the course exists, the parent post is in it, the writer may
   * speak for the person it is about.
   */
  validate(context: RecordContext, record: RecordOf<K>): Promise<Rejection | null>;
  /**
   * For a kind that also arrives by another way in (external learning's old route): whether the
   * writer already delivered a copy under this id that way, and with the same content; null when
   * not. The channel then answers `duplicate` or `conflict` as for a copy of its own, never
   * `stored` while the first content stays.
   */
  earlierCopy?(context: RecordContext, record: RecordOf<K>): Promise<{ sameContent: boolean } | null>;
  /** Writes what the record means into the kind's own tables. Must not fail for a record `validate` accepted. */
  store(context: RecordContext, record: RecordOf<K>): Promise<void>;
}

export function defineRecordType<K extends RecordKind>(type: RecordType<K>): RecordType<K> {
  return type;
}
