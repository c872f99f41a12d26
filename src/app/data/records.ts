import type { Table } from 'dexie';
import { uuidv7 } from '../../shared/id';
import { LearnerRecord, type RecordBody, type RecordKind } from '../../shared/records';
import type { LenteraDb, LocalRecord } from './db';

/** Where the phone keeps its own records of each kind: the compiler asks for a table when a kind is added. */
const TABLES: { [K in RecordKind]: (db: LenteraDb) => Table<LocalRecord<K>, string> } = {
  discussion_post: (db) => db.discussionPosts,
};

/**
 * Saves a learner record of the channel (`shared/records`): into its kind's table and the
 * outbox, in one transaction, under an id made here. The body is checked against the shared
 * schema first, so a record the server would refuse for its shape never leaves the screen
 * that made it (the screens check caps before they call this; a failure here is a bug and throws).
 */
export async function queueRecord<K extends RecordKind>(
  db: LenteraDb,
  kind: K,
  body: RecordBody<K>,
  now: Date = new Date(),
): Promise<string> {
  const id = uuidv7(now.getTime());
  const record = LearnerRecord.parse({ id, kind, body });
  const createdAt = now.toISOString();
  const table = TABLES[kind](db);
  await db.transaction('rw', db.outbox, table, async () => {
    await table.add({ id, kind, body, createdAt });
    await db.outbox.add({ id, kind: 'record', body: record, createdAt });
  });
  return id;
}
