import Dexie, { type EntityTable, type Transaction } from 'dexie';
import { sha256Hex } from '../../shared/bundle/hash';
import { uuidv7 } from '../../shared/id';
import type { CatalogEntry, ProgressRecord } from '../../shared/protocol';
import type { MyAssignment } from '../../shared/protocol/assignments';
import type { ExternalFileType, ExternalLearningFields } from '../../shared/external-learning';
import type { CertificateRecord } from '../../shared/protocol/record';
import type { Manifest } from '../../shared/schema/bundle';
import type { Answers, QuizScore } from '../../shared/scoring/score';
import type { FeedbackRatings } from '../../shared/xapi/build';
import type { Statement } from '../../shared/xapi/statement';
import type { LearnerRecord, RecordBody, RecordKind } from '../../shared/records';
import { sniffType, type AttachmentType } from '../../shared/records/attachment-type';
import type { DiscussionThreadView } from '../../shared/protocol/discussion';

/** A course fully downloaded and verified: every file in its manifest is in `files`. */
export interface StoredCourse {
  id: string;
  version: string;
  manifest: Manifest;
  /** Bytes of all its files (shared files are counted for each course that uses them). */
  size: number;
  downloadedAt: string;
  /** The server's signature of the manifest, kept so the course can be shared as a file. */
  signature: string | null;
}

/** Content-addressed: a file used by two courses or two versions is stored once. */
export interface StoredFile {
  sha256: string;
  blob: Blob;
  size: number;
  type: string;
}

export interface LessonProgress {
  courseId: string;
  lessonId: string;
  openedAt: string;
  completedAt: string | null;
  /** Reading position, 0–1 of the lesson's height, to continue where the learner stopped. */
  position: number;
  updatedAt: string;
  /** Time on task: milliseconds the learner spent with the lesson on screen and in use (`recordLessonTime`). */
  activeMs?: number;
}

export interface QuizAttempt {
  id: string;
  courseId: string;
  courseVersion: string;
  quizId: string;
  startedAt: string;
  /** Null while the learner is still answering: the attempt can be resumed after a reload. */
  finishedAt: string | null;
  /** Question ids in the order shown, shuffled once per attempt. */
  questionOrder: string[];
  /** Option ids per question in the order shown. */
  optionOrder: Record<string, string[]>;
  answers: Answers;
  /** The phone's score, shown at once offline (counts are unknown for attempts pulled from the server). */
  score: (Pick<QuizScore, 'scaled' | 'percent' | 'passed'> & Partial<Pick<QuizScore, 'correct' | 'total'>>) | null;
  /** The server's own scoring once synced: the record that counts. */
  serverScore?: { scaled: number; passed: boolean | null; flagged: boolean };
  /** Pulled from the server (made on another phone or before a reinstall). */
  fromServer?: boolean;
  /** Time on task so far (see `activeAfter` in quiz.ts); absent on attempts made before it was kept. */
  activeMs?: number;
  lastActiveAt?: string;
}

export interface CourseFeedback {
  id: string;
  courseId: string;
  lessonId: string | null;
  ratings: FeedbackRatings;
  comment: string;
  createdAt: string;
}

/**
 * A learner record on its way to the server: an xAPI statement, a lesson's
 * progress, or a record of the channel (`shared/records`).
 */
export type SyncRecord =
  | { id: string; kind: 'statement'; body: Statement }
  | { id: string; kind: 'progress'; body: ProgressRecord }
  | { id: string; kind: 'record'; body: LearnerRecord };

/**
 * A record of the channel as its writer keeps it on the phone, in its kind's own table
 * (`records.ts`): the learner's own words stay here after they are sent, so nothing they
 * wrote depends on the server answering.
 */
export interface LocalRecord<K extends RecordKind> {
  id: string;
  kind: K;
  body: RecordBody<K>;
  createdAt: string;
}

/** What waits to be sent to the server, in the order it happened. */
export type OutboxEntry = SyncRecord & { seq?: number; createdAt: string };

/** A record the server refused: kept and shown ("perlu perhatian"), never dropped. */
export type AttentionEntry = SyncRecord & {
  status: 'conflict' | 'rejected';
  code: string | null;
  reason: string | null;
  at: string;
};

/**
 * Learning done elsewhere, written on the phone (issue 12.7). The row is its own queue: it is
 * written once, in one transaction, and `sentAt` is set only after the server answered
 * `stored` or `duplicate` for its id; a refusal is kept with the reason, never dropped.
 */
export interface StoredExternalLearning {
  id: string;
  fields: ExternalLearningFields;
  file: { type: ExternalFileType; blob: Blob } | null;
  createdAt: string;
  sentAt: string | null;
  /** The server refused it (shown in the list with the reason); null otherwise. */
  refusal: string | null;
}

/**
 * A file a learner record names (a post's photo, evidence, a certificate), by its sha256: the
 * learner's own, written with its record in one transaction and uploaded before the record is
 * pushed; or someone else's photo kept for reading a downloaded course's discussion offline.
 */
export interface StoredAttachment {
  sha256: string;
  blob: Blob;
  type: AttachmentType;
  size: number;
  /** The learner's own: kept with their record. Others' photos are dropped when their post leaves the phone's copy. */
  own: boolean;
  /** The server answered this account's upload (`stored` or `duplicate`): records naming it can be pushed. */
  uploaded: boolean;
  savedAt: string;
}

/** A certificate of this learner, as the server signed it, with its PDF once downloaded (opens offline). */
export interface StoredCertificate extends CertificateRecord {
  /** Null until downloaded (after the sync that brought the certificate). */
  pdf: Blob | null;
}
/** A thread of a course's discussion as last pulled; `rank` keeps the server's order (0 first). */
export type CachedThread = DiscussionThreadView & { rank: number };

/** The first bytes of a large file whose download was cut off, so the next try asks only for the rest. */
export interface PartialFile {
  sha256: string;
  blob: Blob;
  received: number;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** A course the learner must complete by a date (issue 10.5), as last pulled from the server: kept for offline. */
export interface StoredAssignment extends Omit<MyAssignment, 'title'> {
  /** Missing in a copy pulled before the server sent titles. */
  title?: MyAssignment['title'];
  fetchedAt: string;
}

export interface CachedCatalogEntry extends CatalogEntry {
  fetchedAt: string;
  /** For a course on the phone with a newer version published: the bytes the update downloads. */
  updateBytes?: number;
}

/**
 * The one owner of the phone's IndexedDB. One database per account, so two ASN sharing a
 * phone never see each other's progress. Schema changes add a `version(n)` with an
 * `upgrade()`; existing versions are never edited.
 */
export class LenteraDb extends Dexie {
  catalog!: EntityTable<CachedCatalogEntry, 'id'>;
  courses!: EntityTable<StoredCourse, 'id'>;
  files!: EntityTable<StoredFile, 'sha256'>;
  progress!: Dexie.Table<LessonProgress, [string, string]>;
  attempts!: EntityTable<QuizAttempt, 'id'>;
  feedback!: EntityTable<CourseFeedback, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  attention!: EntityTable<AttentionEntry, 'id'>;
  meta!: EntityTable<MetaEntry, 'key'>;
  assignments!: EntityTable<StoredAssignment, 'id'>;
  partials!: EntityTable<PartialFile, 'sha256'>;
  discussionPosts!: Dexie.Table<LocalRecord<'discussion_post'>, string>;
  certificates!: EntityTable<StoredCertificate, 'code'>;
  discussionEdits!: Dexie.Table<LocalRecord<'discussion_edit'>, string>;
  discussionDeletes!: Dexie.Table<LocalRecord<'discussion_delete'>, string>;
  actionPlans!: Dexie.Table<LocalRecord<'action_plan'>, string>;
  actionReports!: Dexie.Table<LocalRecord<'action_report'>, string>;
  behaviourReviews!: Dexie.Table<LocalRecord<'behaviour_review'>, string>;
  akpkResponses!: Dexie.Table<LocalRecord<'akpk_response'>, string>;
  akpkReviews!: Dexie.Table<LocalRecord<'akpk_review'>, string>;
  /** The latest threads of each downloaded course as the server last showed them, for reading offline. */
  discussionThreads!: Dexie.Table<CachedThread, string>;
  /** The queue of learning done elsewhere before it moved to the record channel (version 55 empties it). */
  externalLearning!: EntityTable<StoredExternalLearning, 'id'>;
  externalLearningRecords!: Dexie.Table<LocalRecord<'external_learning'>, string>;
  attachments!: EntityTable<StoredAttachment, 'sha256'>;

  constructor(userId: string) {
    super(`lentera-${userId}`);
    this.version(1).stores({
      catalog: 'id',
      courses: 'id',
      // Never index `blob`: indexing a Blob field fails in some browsers.
      files: 'sha256',
      progress: '[courseId+lessonId], courseId',
    });
    this.version(2)
      .stores({
        attempts: 'id, [courseId+quizId]',
        feedback: 'id, courseId',
        outbox: '++seq, &id, kind',
        attention: 'id',
        meta: 'key',
      })
      .upgrade(async (tx) => {
        // Version 1 kept progress on the phone only: queue it, so the upgrade loses nothing.
        const createdAt = new Date().toISOString();
        await tx.table<LessonProgress>('progress').each((row) => {
          const id = uuidv7();
          return tx
            .table<OutboxEntry>('outbox')
            .add({ id, kind: 'progress', body: toProgressRecord(row, id), createdAt });
        });
      });
    this.version(3).stores({ partials: 'sha256' });
    // Roster helper's range (10–19): assigned courses, kept so "Wajib" shows offline.
    this.version(10).stores({ assignments: 'id, courseId' });
    // Record (issue 12): the learner's certificates; the JP ledger's snapshot lives in `meta`.
    this.version(30).stores({ certificates: 'code, courseId' });
    // 40–49: the training cycle (learner record channel, discussion, action plans, survey).
    this.version(40).stores({ discussionPosts: 'id, body.courseId' });
    // Record (30–39), continued: learning done elsewhere, queued on the phone.
    this.version(31).stores({ externalLearning: 'id, sentAt' });
    this.version(41).stores({
      discussionEdits: 'id, body.postId',
      discussionDeletes: 'id, body.postId',
      discussionThreads: 'id, courseId',
    });
    this.version(42).stores({
      actionPlans: 'id, body.courseId',
      actionReports: 'id, body.planId',
      behaviourReviews: 'id, body.learnerId',
    });
    this.version(43).stores({ akpkResponses: 'id, body.periodId', akpkReviews: 'id, body.learnerId' });
    // 55–59: attachments of learner records; learning done elsewhere joins the record channel.
    this.version(55)
      .stores({ attachments: 'sha256', externalLearningRecords: 'id' })
      .upgrade((tx) => moveExternalQueue(tx));
  }
}

/**
 * Learning done elsewhere had its own queue (version 31). Every row moves to the record
 * channel's table; one not yet delivered is queued in the outbox with its file as an attachment,
 * one the server refused goes to "perlu perhatian" with the reason, so no learner loses a
 * record and the sync bar counts what waits. A row the old queue delivered but whose answer was
 * lost is sent again: the server acknowledges it without a second row.
 */
async function moveExternalQueue(tx: Transaction): Promise<void> {
  const rows = await tx.table<StoredExternalLearning>('externalLearning').toArray();
  for (const row of rows) {
    // Reading and hashing the file are not IndexedDB work: `waitFor` keeps the upgrade open meanwhile.
    // A file the browser lost must not stop the upgrade (the database would never open again):
    // its record is kept and set aside with a reason, for the learner to record it again.
    // (`undefined`: unreadable.)
    const file = row.file === null ? null : await Dexie.waitFor(readOldFile(row.file)).catch(() => undefined);
    const body: RecordBody<'external_learning'> = { ...row.fields, file: file?.ref ?? null, writtenAt: row.createdAt };
    const record: LearnerRecord = { id: row.id, kind: 'external_learning', body };
    await tx
      .table('externalLearningRecords')
      .put({ id: row.id, kind: 'external_learning', body, createdAt: row.createdAt });
    if (file)
      await tx.table<StoredAttachment>('attachments').put({
        ...file.ref,
        blob: file.blob,
        own: true,
        uploaded: false,
        savedAt: row.createdAt,
      });
    if (row.refusal !== null || file === undefined)
      await tx.table<AttentionEntry>('attention').put({
        id: row.id,
        kind: 'record',
        body: record,
        status: 'rejected',
        code: row.refusal === null ? 'file_unreadable' : 'invalid_record',
        reason: row.refusal,
        at: row.createdAt,
      });
    else if (row.sentAt === null)
      await tx.table<OutboxEntry>('outbox').add({ id: row.id, kind: 'record', body: record, createdAt: row.createdAt });
  }
  await tx.table('externalLearning').clear();
}

/**
 * A file of the old queue as the record channel names it. Its type is what its bytes are (as the
 * server sniffs them), not the type the old app took from the file's name.
 */
async function readOldFile(file: NonNullable<StoredExternalLearning['file']>) {
  const bytes = new Uint8Array(await file.blob.arrayBuffer());
  return {
    ref: { sha256: await sha256Hex(bytes), type: sniffType(bytes) ?? file.type, size: bytes.length },
    blob: file.blob,
  };
}

export function toProgressRecord(row: LessonProgress, id: string): ProgressRecord {
  return {
    id,
    courseId: row.courseId,
    lessonId: row.lessonId,
    openedAt: row.openedAt,
    completedAt: row.completedAt,
    position: row.position,
  };
}

/** The `meta` entry holding the remedial attempts an admin granted at one quiz (pulled at sync; see quiz.ts). */
export const extraAttemptsKey = (courseId: string, quizId: string): string => `extraAttempts:${courseId}:${quizId}`;

let current: LenteraDb | null = null;

/** The database of the logged-in account; Dexie opens it on first use. */
export function databaseFor(userId: string): LenteraDb {
  if (current?.name !== `lentera-${userId}`) {
    current?.close();
    current = new LenteraDb(userId);
  }
  return current;
}
