import Dexie, { type EntityTable } from 'dexie';
import { uuidv7 } from '../../shared/id';
import type { CatalogEntry, ProgressRecord } from '../../shared/protocol';
import type { MyAssignment } from '../../shared/protocol/assignments';
import type { CertificateRecord } from '../../shared/protocol/record';
import type { Manifest } from '../../shared/schema/bundle';
import type { Answers, QuizScore } from '../../shared/scoring/score';
import type { FeedbackRatings } from '../../shared/xapi/build';
import type { Statement } from '../../shared/xapi/statement';
import type { LearnerRecord, RecordBody, RecordKind } from '../../shared/records';

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

/** A learner record on its way to the server: an xAPI statement, a lesson's progress, or a record of the channel (`shared/records`). */
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

/** A certificate of this learner, as the server signed it, with its PDF once downloaded (opens offline). */
export interface StoredCertificate extends CertificateRecord {
  /** Null until downloaded (after the sync that brought the certificate). */
  pdf: Blob | null;
}

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
export interface StoredAssignment extends MyAssignment {
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
  }
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

let current: LenteraDb | null = null;

/** The database of the logged-in account; Dexie opens it on first use. */
export function databaseFor(userId: string): LenteraDb {
  if (current?.name !== `lentera-${userId}`) {
    current?.close();
    current = new LenteraDb(userId);
  }
  return current;
}
