import type { Table } from 'dexie';
import { uuidv7 } from '../../shared/id';
import { attachmentsOf, LearnerRecord, type RecordBody, type RecordKind } from '../../shared/records';
import type { AttachmentRef } from '../../shared/records/attachment';
import type { LenteraDb, LocalRecord } from './db';

/** Where the phone keeps its own records of each kind: the compiler asks for a table when a kind is added. */
const TABLES: { [K in RecordKind]: (db: LenteraDb) => Table<LocalRecord<K>, string> } = {
  discussion_post: (db) => db.discussionPosts,
  discussion_edit: (db) => db.discussionEdits,
  discussion_delete: (db) => db.discussionDeletes,
  action_plan: (db) => db.actionPlans,
  action_report: (db) => db.actionReports,
  behaviour_review: (db) => db.behaviourReviews,
  akpk_response: (db) => db.akpkResponses,
  akpk_review: (db) => db.akpkReviews,
  external_learning: (db) => db.externalLearningRecords,
};

/** A file ready to go with a record: its bytes and the reference the record carries (`photo.ts` makes one). */
export interface PreparedFile {
  ref: AttachmentRef;
  blob: Blob;
}

/**
 * Saves a learner record of the channel (`shared/records`): into its kind's table and the
 * outbox, with the files it names (`files`, one per reference), in one transaction, under an id
 * made here. The files are uploaded before the record is pushed (`sync/attachments.ts`). The body
 * is checked against the shared schema first, so a record the server would refuse for its shape never leaves the screen
 * that made it (the screens check caps before they call this; a failure here is a bug and throws).
 */
export async function queueRecord<K extends RecordKind>(
  db: LenteraDb,
  kind: K,
  body: RecordBody<K>,
  now: Date = new Date(),
  files: readonly PreparedFile[] = [],
): Promise<string> {
  const id = uuidv7(now.getTime());
  const record = LearnerRecord.parse({ id, kind, body });
  const createdAt = now.toISOString();
  const named = attachmentsOf(record);
  const blobs = new Map(files.map((file) => [file.ref.sha256, file.blob]));
  if (named.some((ref) => !blobs.has(ref.sha256))) throw new Error('A file the record names was not given');
  const table = TABLES[kind](db);
  await db.transaction('rw', [db.outbox, db.attachments, table], async () => {
    for (const ref of named) {
      // The same photo again: uploaded once. (One cached from someone's post was not uploaded by this learner.)
      const held = await db.attachments.get(ref.sha256);
      await db.attachments.put({
        ...ref,
        blob: blobs.get(ref.sha256)!,
        own: true,
        uploaded: held?.uploaded === true,
        savedAt: createdAt,
      });
    }
    await table.add({ id, kind, body, createdAt });
    await db.outbox.add({ id, kind: 'record', body: record, createdAt });
  });
  return id;
}
