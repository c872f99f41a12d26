/**
 * The sync engine: moves the outbox to the server and the server's progress back.
 *
 * Guarantees
 * - Nothing is lost: an outbox entry is deleted only after the server has answered for that
 *   very id (`stored`, `duplicate`, or refused — then it moves to the visible "perlu
 *   perhatian" list in the same transaction). A failed request, a timeout, a lost response,
 *   a reload mid-sync: the entry is still there and is sent again.
 * - Nothing counts twice: every record carries a client-generated id and the server stores
 *   each id once. Re-sending after a lost response gets `duplicate`, which is an ack.
 *   At-least-once delivery + an idempotent server = exactly-once effect.
 * - One bad record never blocks the queue: a refused batch is split until the refusal is
 *   pinned to one record, which is set aside with the reason.
 * - A slow link still drains: a push that times out is retried at once with half as many
 *   records (down to MIN_BATCH_SIZE); the size is remembered and probed upwards per flush.
 * - Light on paid mobile data: pushes are gzipped once the server has said it reads them
 *   (`Accept-Encoding: gzip` on a push's answer, remembered); a server that says nothing gets JSON.
 *   Each body is gzipped while the push before it is out, so the server does not wait for it.
 * - An expired session stops the flush without touching the outbox; it resumes after login.
 * - In order, without idling: pushes go one at a time, each after the answer to the one before,
 *   while the phone writes that answer and reads the next records during the next push.
 *
 * Pure module: no UI, no timers (the scheduler decides when to call `flush`).
 */
import {
  SYNC_BATCH_LIMIT,
  type ErrorCode,
  type ProgressPullResponse,
  type SyncItemResult,
} from '../../shared/protocol';
import { extraAttemptsKey, type AttentionEntry, type LenteraDb, type OutboxEntry, type QuizAttempt } from '../data/db';
import { isSessionEnded, RequestError } from '../data/errors';
import { keepDiscussionPhotos } from '../data/attachments';
import { refreshCycle } from '../data/cycle';
import { refreshDiscussions } from '../data/discussion';
import { completionKey, HELD_KEY_PREFIX } from '../data/completion';
import { requeueAfterDailyLimit } from '../data/outbox';
import { clockOffsetMs, notePhoneClock } from './phone-clock';
import { mergeProgress } from '../data/progress';
import { attachmentsOf } from '../../shared/records/attachment';
import { uploadAttachments } from './attachments';
import { gzipPush, type SyncTransport } from './transport';

/**
 * As many records as the server takes in one push (`SYNC_BATCH_LIMIT`): each request costs the
 * server a lock, completion and certificate checks whatever its size, so fewer, fuller pushes
 * drain a long queue faster. A link too slow for it halves the size (see `flush`).
 */
export const DEFAULT_BATCH_SIZE = SYNC_BATCH_LIMIT;
/** The smallest batch a slow link is tried with before the flush gives up until next time. */
const MIN_BATCH_SIZE = 10;
const LAST_SYNC_KEY = 'sync:lastSuccessAt';
const LINK_LIMIT_KEY = 'sync:batchLimit';
/** The server's last push answer said it reads gzipped pushes: the next flush gzips from its first push. */
const SERVER_READS_GZIP_KEY = 'sync:serverReadsGzip';

export type SyncOutcome =
  | { status: 'synced'; sent: number; setAside: number }
  | { status: 'retry'; error: unknown }
  | { status: 'sessionExpired' }
  | { status: 'busy' };

export interface FlushOptions {
  db: LenteraDb;
  transport: SyncTransport;
  token: string | null;
  batchSize?: number;
  now?: () => Date;
}

export async function flush({
  db,
  transport,
  token,
  batchSize = DEFAULT_BATCH_SIZE,
  now = () => new Date(),
}: FlushOptions): Promise<SyncOutcome> {
  if (!token) return { status: 'sessionExpired' };
  let sent = 0;
  let setAside = 0;
  try {
    // Refused yesterday for the day's budget only: the server takes them again now.
    await requeueAfterDailyLimit(db, now());
    // What one request can carry on this link: halved when a push times out (a weak 2G signal
    // cannot move 500 records before the timeout), so a slow link still drains in smaller
    // steps. Remembered, and tried at twice the size once per flush: a link that got better
    // regains speed, one that did not costs at most one timeout per flush.
    let remembered = (await db.meta.get(LINK_LIMIT_KEY))?.value;
    let linkLimit =
      typeof remembered === 'number' ? Math.min(batchSize, Math.max(MIN_BATCH_SIZE, remembered * 2)) : batchSize;
    const remember = async (value: number): Promise<void> => {
      linkLimit = remembered = value;
      await db.meta.put({ key: LINK_LIMIT_KEY, value });
    };
    let size = linkLimit;
    // Learned from the server's answers, never assumed: a phone meeting an older server keeps
    // sending plain JSON, and one whose server was upgraded gzips from the push after.
    let serverReadsGzip = (await db.meta.get(SERVER_READS_GZIP_KEY))?.value === true;
    // Records read for a push, gzipped as soon as they are read where the server reads gzip.
    const readPush = async (limit: number, afterSeq?: number): Promise<NextPush> => {
      const queued = await readOutbox(db, limit, afterSeq);
      return { queued, gzipped: serverReadsGzip ? gzipPush(toRequest(queued)) : null };
    };
    // A long queue is a relay: while one push is with the server, the phone writes the answer
    // to the push before it and reads and gzips the records of the push after it, so neither
    // waits for the other. Pushes still go one at a time, each after the answer to the one
    // before, so the server takes the records in the order they were made.
    let next: Promise<NextPush> | null = null;
    let writing: Promise<void> = Promise.resolve();
    // How far off the phone's clock was at the last answer that said (see phone-clock.ts).
    let clockOffset: number | null = null;
    try {
      for (;;) {
        const { queued, gzipped: gzippedAhead } = await (next ?? readPush(size));
        next = null;
        if (queued.length === 0) break;
        const files = await uploadAttachments(db, transport, token, queued);
        if (files.refused.length > 0) {
          await writing;
          const settled = settle(queued, files.refused, now());
          await writeSettled(db, settled);
          setAside += settled.refused.length;
          continue;
        }
        // A file that cannot go up now holds back its record and what follows, not what came before.
        const batch = files.waitFrom === null ? queued : queued.slice(0, files.waitFrom.index);
        if (batch.length === 0) throw files.waitFrom?.error;
        const request = toRequest(batch);
        // Gzipped ahead only while the server read gzip and for these very records; the answer
        // before may have said it no longer does (a server rolled back), or a file cut the batch.
        const gzipped = !serverReadsGzip ? undefined : (batch === queued && gzippedAhead) || gzipPush(request);
        const sentAt = now().getTime();
        const pushing = transport.push(request, token, gzipped);
        const following = readPush(linkLimit, batch.at(-1)!.seq);
        // Read in vain if this push fails; its failure then is the one to report.
        following.catch(() => undefined);
        let results: SyncItemResult[];
        let readsGzip = serverReadsGzip;
        try {
          let serverTime: string;
          ({ results, readsGzip = false, serverTime } = await pushing);
          clockOffset = clockOffsetMs(sentAt, now().getTime(), serverTime) ?? clockOffset;
        } catch (error) {
          // Whatever comes next starts again from the oldest record still queued.
          await writing;
          if (isTimeout(error) && batch.length > MIN_BATCH_SIZE) {
            // Resending is safe: if the server did commit, the records come back as `duplicate`.
            await remember(Math.max(MIN_BATCH_SIZE, Math.floor(batch.length / 2)));
            size = linkLimit;
            continue;
          }
          if (!isRefusal(error)) throw error;
          if (batch.length > 1) {
            // The server refused the whole batch: narrow down to the record it objects to.
            size = Math.max(1, Math.floor(batch.length / 2));
            continue;
          }
          const [only] = batch as [OutboxEntry];
          results = [{ id: only.id, status: 'rejected', code: error.code, reason: error.message }];
        }
        if (readsGzip !== serverReadsGzip) {
          serverReadsGzip = readsGzip;
          await db.meta.put({ key: SERVER_READS_GZIP_KEY, value: readsGzip });
        }
        const settled = settle(batch, results, now());
        // An answer that settles nothing (ids the server did not echo) must not loop forever.
        if (settled.answered.length === 0)
          throw new RequestError('internal', 500, 'server answered for none of the batch');
        sent += settled.answered.length - settled.refused.length;
        setAside += settled.refused.length;
        writing = writing.then(() => writeSettled(db, settled));
        // Left unhandled while the next push is out; awaited before the flush ends.
        writing.catch(() => undefined);
        if (batch.length === linkLimit && linkLimit !== remembered) await remember(linkLimit);
        if (files.waitFrom !== null) throw files.waitFrom.error;
        size = linkLimit;
        // Only a batch answered in full lets the next one follow on: a record the server did not
        // answer for is still the oldest queued.
        if (settled.answered.length === batch.length) next = following;
        else await writing;
      }
    } finally {
      await writing;
      // Only a hint for the header: failing to keep it must not replace the push's own error.
      if (clockOffset !== null) await notePhoneClock(db, clockOffset).catch(() => {});
    }
    // Every sync pulls, so a clock put right (or gone wrong) shows at the next sync even with nothing to send.
    const pullSentAt = now().getTime();
    const pulled = await transport.pull(token);
    const pullOffset = clockOffsetMs(pullSentAt, now().getTime(), pulled.serverTime);
    if (pullOffset !== null) await notePhoneClock(db, pullOffset);
    await applyPull(db, pulled);
    // Others' posts, and the learner's own as the server now has them (hidden ones gone).
    await refreshDiscussions(db, transport.discussion, token);
    await keepDiscussionPhotos(db, transport.attachment, token);
    await refreshCycle(db, transport.cycle, token);
    await db.meta.put({ key: LAST_SYNC_KEY, value: now().toISOString() });
    return { status: 'synced', sent, setAside };
  } catch (error) {
    if (isSessionEnded(error)) return { status: 'sessionExpired' };
    return { status: 'retry', error };
  }
}

export async function lastSyncedAt(db: LenteraDb): Promise<string | null> {
  const entry = await db.meta.get(LAST_SYNC_KEY);
  return typeof entry?.value === 'string' ? entry.value : null;
}

function toRequest(batch: OutboxEntry[]) {
  return {
    statements: batch.flatMap((entry) => (entry.kind === 'statement' ? [entry.body] : [])),
    progress: batch.flatMap((entry) => (entry.kind === 'progress' ? [entry.body] : [])),
    records: batch.flatMap((entry) => (entry.kind === 'record' ? [entry.body] : [])),
  };
}

/**
 * Lentera's API looked at the records and refused them (invalid, too large, not this
 * learner's): repeating the same request cannot help, so the culprit is isolated and set
 * aside. Anything else says nothing about the records, which then wait and are retried: a
 * 404 from an older server, a 5xx, and any status at all on a page that is not Lentera's
 * (a hotel or office Wi-Fi login page, a proxy or firewall answering 403).
 */
const REFUSAL_STATUSES = new Set([400, 403, 413, 422]);
const isTimeout = (error: unknown): boolean => error instanceof RequestError && error.code === 'timeout';
function isRefusal(error: unknown): error is RequestError & { code: ErrorCode } {
  return error instanceof RequestError && error.fromApi && REFUSAL_STATUSES.has(error.status);
}

/** The records of the push to come, and their body gzipped meanwhile (null: the server reads no gzip). */
interface NextPush {
  queued: OutboxEntry[];
  gzipped: Promise<Blob | null> | null;
}

/** The oldest `limit` records of the outbox, or those queued after `afterSeq`. */
function readOutbox(db: LenteraDb, limit: number, afterSeq?: number): Promise<OutboxEntry[]> {
  const queue = afterSeq === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(afterSeq);
  return queue.limit(limit).toArray();
}

/** What the server's answer does to the outbox: the records it answered for, and those it refused. */
interface Settled {
  /** Outbox keys (`seq`) of every record answered: each leaves the outbox. */
  answered: number[];
  /** Refused records, for the learner to see. */
  refused: AttentionEntry[];
  /** Files the server does not hold although the phone thought it had uploaded them (lost, restored from a backup). */
  reupload: string[];
}

function settle(batch: OutboxEntry[], results: SyncItemResult[], at: Date): Settled {
  const byId = new Map(batch.map((entry) => [entry.id, entry]));
  const settled: Settled = { answered: [], refused: [], reupload: [] };
  for (const result of results) {
    const entry = byId.get(result.id);
    if (entry?.seq === undefined) continue;
    byId.delete(result.id);
    if (result.code === 'unknown_attachment' && entry.kind === 'record')
      for (const ref of attachmentsOf(entry.body)) settled.reupload.push(ref.sha256);
    if (result.status === 'conflict' || result.status === 'rejected') {
      const { seq: _seq, createdAt: _createdAt, ...record } = entry;
      settled.refused.push({
        ...record,
        status: result.status,
        code: result.code ?? null,
        reason: result.reason ?? null,
        at: at.toISOString(),
      });
    }
    settled.answered.push(entry.seq);
  }
  return settled;
}

/**
 * Bulk writes in one transaction: a drain of thousands of records is dozens of transactions,
 * not thousands of single deletes. A refused record moves to the visible list in the same
 * transaction that takes it out of the outbox; a file to upload again is sent with the record
 * when the learner resends it.
 */
async function writeSettled(db: LenteraDb, { answered, refused, reupload }: Settled): Promise<void> {
  await db.transaction('rw', [db.outbox, db.attention, db.attachments], async () => {
    if (refused.length > 0) await db.attention.bulkPut(refused);
    await db.outbox.bulkDelete(answered);
    for (const sha256 of reupload) await db.attachments.update(sha256, { uploaded: false });
  });
}

/**
 * Brings in what the learner did elsewhere (another phone, before a reinstall); local records
 * only move forward. Read and written in bulk: after a long drain the pull names every attempt
 * the learner made, each to be given its server score.
 */
async function applyPull(db: LenteraDb, pulled: ProgressPullResponse): Promise<void> {
  await db.transaction('rw', [db.progress, db.attempts, db.meta], async () => {
    const localLessons = await db.progress.bulkGet(
      pulled.lessons.map((remote): [string, string] => [remote.courseId, remote.lessonId]),
    );
    const movedLessons = pulled.lessons.flatMap((remote, index) => {
      const local = localLessons[index];
      const merged = mergeProgress(local, remote);
      const moved =
        !local ||
        merged.position !== local.position ||
        merged.completedAt !== local.completedAt ||
        merged.openedAt !== local.openedAt;
      return moved ? [merged] : [];
    });
    await db.progress.bulkPut(movedLessons);

    const localAttempts = await db.attempts.bulkGet(pulled.attempts.map((remote) => remote.id));
    const rescored: { key: string; changes: Pick<QuizAttempt, 'serverScore'> }[] = [];
    const fromElsewhere: QuizAttempt[] = [];
    for (const [index, remote] of pulled.attempts.entries()) {
      const serverScore = { scaled: remote.scaled, passed: remote.passed, flagged: remote.flagged };
      const local = localAttempts[index];
      if (local) {
        // Rewriting an unchanged score would re-run every screen's live query of attempts for nothing.
        if (!sameScore(local.serverScore, serverScore)) rescored.push({ key: remote.id, changes: { serverScore } });
        continue;
      }
      fromElsewhere.push({
        id: remote.id,
        courseId: remote.courseId,
        courseVersion: '',
        quizId: remote.quizId,
        startedAt: remote.finishedAt,
        finishedAt: remote.finishedAt,
        questionOrder: [],
        optionOrder: {},
        answers: {},
        score: { scaled: remote.scaled, percent: Math.round(remote.scaled * 100), passed: remote.passed },
        serverScore,
        fromServer: true,
      });
    }
    await db.attempts.bulkUpdate(rescored);
    await db.attempts.bulkPut(fromElsewhere);
    // A grant only ever adds attempts: the server's sum is the phone's extra allowance.
    for (const grant of pulled.grants ?? []) {
      await putChangedMeta(db, extraAttemptsKey(grant.courseId, grant.quizId), grant.extra);
    }
    for (const completion of pulled.completions) {
      await putChangedMeta(db, completionKey(completion.courseId, completion.courseVersion), completion.completedAt);
    }
    // An older server says nothing of held completions: what the phone knew stays.
    if (pulled.held !== undefined) {
      const held = new Map(pulled.held.map((entry) => [HELD_KEY_PREFIX + entry.courseId, entry.status]));
      const stored = await db.meta.where('key').startsWith(HELD_KEY_PREFIX).primaryKeys();
      await db.meta.bulkDelete(stored.filter((key) => !held.has(key)));
      for (const [key, status] of held) await putChangedMeta(db, key, status);
    }
  });
}

/**
 * Every sync pulls the same grants and completions again; writing them only when they changed
 * keeps Beranda's cards (which read these keys live) from re-querying after each sync on a slow phone.
 */
async function putChangedMeta(db: LenteraDb, key: string, value: string | number): Promise<void> {
  if ((await db.meta.get(key))?.value !== value) await db.meta.put({ key, value });
}

function sameScore(a: QuizAttempt['serverScore'], b: NonNullable<QuizAttempt['serverScore']>): boolean {
  return a?.scaled === b.scaled && a.passed === b.passed && a.flagged === b.flagged;
}
