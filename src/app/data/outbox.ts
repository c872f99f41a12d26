import { withSortedKeys } from '../../shared/canonical-json';
import { uuidv7 } from '../../shared/id';
import type { Statement } from '../../shared/xapi/statement';
import { toProgressRecord, type AttentionEntry, type LenteraDb, type LessonProgress, type OutboxEntry } from './db';

/**
 * The outbox: everything the learner did that the server has not acknowledged yet. Callers
 * add to it inside the same `rw` transaction as the change itself, so a change is never
 * saved without its outbox entry, nor the other way round.
 *
 * A statement is kept with its keys in canonical order, so the push's JSON already is the
 * canonical text the server hashes, and the server writes it natively (`canonicalJson`).
 */
export async function queueStatements(db: LenteraDb, statements: Statement[], now: Date): Promise<void> {
  const createdAt = now.toISOString();
  await db.outbox.bulkAdd(
    statements.map((statement) => ({
      id: statement.id,
      kind: 'statement' as const,
      body: withSortedKeys(statement),
      createdAt,
    })),
  );
}

/**
 * Calls `listener` whenever a learner act is queued in this database's outbox — a record, an
 * attempt, a studied lesson, feedback: anything but a progress update (a scroll position or a
 * lesson opened, which may wait for the next sync). The sync scheduler listens, so the screens
 * that write never have to remember to ask for a sync. The listener runs inside the writing
 * transaction, before it commits: it may only schedule work, never touch the database.
 * Returns the unsubscribe.
 */
export function onLearnerAct(db: LenteraDb, listener: () => void): () => void {
  const creating = (_key: unknown, entry: OutboxEntry): void => {
    if (entry.kind !== 'progress') listener();
  };
  db.outbox.hook('creating', creating);
  return () => db.outbox.hook('creating').unsubscribe(creating);
}

/**
 * Progress is a state, not an event: only its latest value needs sending, so older unsent
 * updates of the same lesson are replaced. If one of them is being sent right now, its
 * acknowledgement simply finds nothing to delete; the server's merge makes the order irrelevant.
 */
export async function queueProgress(db: LenteraDb, row: LessonProgress, now: Date): Promise<void> {
  const stale = await db.outbox
    .where('kind')
    .equals('progress')
    .filter(
      (entry) =>
        entry.kind === 'progress' && entry.body.courseId === row.courseId && entry.body.lessonId === row.lessonId,
    )
    .primaryKeys();
  await db.outbox.bulkDelete(stale);
  const id = uuidv7(now.getTime());
  await db.outbox.add({ id, kind: 'progress', body: toProgressRecord(row, id), createdAt: now.toISOString() });
}

/** The per-course xAPI registration, created on first use, tying a learner's statements for one course together. */
export async function courseRegistration(db: LenteraDb, courseId: string): Promise<string> {
  const key = `registration:${courseId}`;
  const existing = await db.meta.get(key);
  if (typeof existing?.value === 'string') return existing.value;
  const registration = uuidv7();
  await db.meta.put({ key, value: registration });
  return registration;
}

/**
 * Sends the records the server refused once more, e.g. after the admin republished the course
 * they belong to. Conflicts stay set aside: the server never accepts a changed record under
 * an id it already holds, so resending one cannot help.
 */
export async function requeueRejected(
  db: LenteraDb,
  now: Date,
  which: (entry: AttentionEntry) => boolean = () => true,
): Promise<number> {
  return db.transaction('rw', db.outbox, db.attention, async () => {
    const rejected = await db.attention.filter((entry) => entry.status === 'rejected' && which(entry)).toArray();
    const createdAt = now.toISOString();
    await db.outbox.bulkAdd(
      rejected.map(({ status: _status, code: _code, reason: _reason, at: _at, ...record }) => ({
        ...record,
        createdAt,
      })),
    );
    await db.attention.bulkDelete(rejected.map((entry) => entry.id));
    return rejected.length;
  });
}

/**
 * How long a record refused for the day's budget (`daily_limit`: the account sent as many of
 * its kind as a person writes in a day) waits in "perlu perhatian" before it goes back in the
 * queue by itself: the server counts the last 24 hours.
 */
export const DAILY_LIMIT_RETRY_MS = 24 * 60 * 60 * 1000;

/** Puts back in the queue the records refused for a day's budget at least a day ago; called before each sync. */
export function requeueAfterDailyLimit(db: LenteraDb, now: Date): Promise<number> {
  const due = now.getTime() - DAILY_LIMIT_RETRY_MS;
  return requeueRejected(db, now, (entry) => entry.code === 'daily_limit' && Date.parse(entry.at) <= due);
}
