import { z } from 'zod';
import type { SyncItemResult } from '../../shared/protocol';
import { Manifest } from '../../shared/schema/bundle';
import type { Queryable } from '../db/db';
import { applyWrites } from '../db/writes';
import { attemptsPastOverflow, attemptsWrite, type ScoredAttempt } from './attempts';
import { issueDueCertificates, type CertificateDeps } from './certificates';
import { courseStanding, courseStandingRead, deriveCompletions, type CourseStandingRow } from './completion';
import type { ContentCache } from './content-cache';
import { progressInTime, statementInTime, type EarliestTimes } from './earliest-time';
import { commentsWrite, evaluationsBeforeStudy, ratingsWrite, type Comment, type Rating } from './feedback';
import { checkProgress, lessonProgressWrite, type LessonProgressChange } from './progress';
import { lockLearner } from './learner-lock';
import { ingestRecords } from './records';
import { DEFAULT_RECORD_BUDGET, overDailyBudget, type RecordBudget } from './record-budget';
import { scoreAttempts } from './rescore';
import { checkStatement, parseActivity, type CheckedStatement } from './statement-check';
import { MAX_CONFLICTS_PER_LEARNER, storeStatements, toStatementRow } from './statement-store';
import type { SyncBatch } from './sync-request';

export interface IngestDeps {
  db: Queryable;
  content: ContentCache;
  certificates: CertificateDeps;
  /** What one account may store a day; the defaults unless a bench lifts them. */
  budget?: RecordBudget;
}

/**
 * Applies one push (its repeated ids and other learners' statements already taken out by
 * `separateRefused`) and answers for every record. Reads of immutable content and the CPU work (checking, hashing,
 * re-scoring) happen before the transaction; inside it, each table gets at most one multi-row statement,
 * and the records derived from fresh statements are written together in one (`applyWrites`).
 * Records are derived only from statements stored for the first time, so a replay is a no-op.
 * Learner records of the channel (`./records`) follow in the same transaction, one by one in
 * the order written, so one may refer to another of the same push.
 *
 * The per-learner lock serialises a learner's concurrent pushes, so completion, which reads
 * what earlier pushes wrote, never misses a lesson and a post-test arriving from two phones at once.
 */
export async function ingest(
  { db, content, certificates, budget = DEFAULT_RECORD_BUDGET }: IngestDeps,
  userId: string,
  batch: SyncBatch,
): Promise<SyncItemResult[]> {
  // Two reads the checks need, side by side: on PostgreSQL the account's age costs no round trip of its own.
  const [courses, createdAt] = await Promise.all([
    content.courses(db, referencedCourses(batch)),
    accountCreatedAt(db, userId),
  ]);
  const earliest: EarliestTimes = { accountCreatedAt: createdAt, courses };
  const checked = batch.statements.map((body) => ({
    body,
    check: statementInTime(checkStatement(body, courses), earliest),
  }));
  const progress = batch.progress.map((record) => ({
    id: record.id,
    check: progressInTime(checkProgress(record, courses), earliest),
  }));

  const { scores, refused } = await scoreAttempts(
    content,
    checked.flatMap(({ check }) => (check.ok ? [check] : [])),
  );
  // An attempt whose questions are not a draw of its quiz, or an answer to a question it lacks, is refused.
  const statements = checked.map(({ body, check }) => ({ body, check: (check.ok && refused.get(check.id)) || check }));
  const valid = statements.flatMap(({ check }) => (check.ok ? [check] : []));
  const rows = statements.flatMap(({ body, check }) => (check.ok ? [toStatementRow(check, body)] : []));
  const progressChanges = progress.flatMap(({ check }) => (check.ok ? [check.change] : []));
  // The key is read from the database on first use: load it now, not inside the transaction,
  // where embedded PGlite (one connection) would wait on itself.
  await certificates.signer.publicKey();

  const { outcomes, unstarted, recordResults, pastOverflow } = await db.transaction(async (tx) => {
    await lockLearner(tx, userId);
    // Refused before storing, so "Kirim ulang" can deliver them once the learner has started.
    const unstarted = await evaluationsBeforeStudy(tx, userId, valid, progressChanges);
    // Attempts far past their quiz's limit are refused before their statements are stored.
    const pastOverflow = await attemptsPastOverflow(
      tx,
      userId,
      valid.flatMap((checked) => scores.get(checked.id) ?? []),
      budget.attemptOverflowFactor,
    );
    const outcomes = await storeStatements(
      tx,
      userId,
      unstarted.size === 0 && pastOverflow.size === 0
        ? rows
        : rows.filter((row) => !unstarted.has(row.id) && !pastOverflow.has(row.id)),
      budget.statements,
    );
    const fresh = valid.filter((checked) => outcomes.get(checked.id) === 'stored');
    const derived = deriveRecords(fresh, scores);
    // Only lessons and attempts can complete a course; ratings and comments cannot.
    const touched = new Set(
      [...derived.attempts, ...derived.lessons, ...progressChanges].map((record) => record.courseId),
    );
    // A certificate may also wait on the course evaluation (a rating) or the action plan (a
    // learner record, stored below), so every course the batch named.
    const named = new Set([...fresh.map((checked) => checked.courseId), ...touched, ...plannedCourses(batch)]);
    // The writes touch no completion, review or certificate, so the standing read rides along.
    const standing = courseStanding(
      await applyWrites<CourseStandingRow>(
        tx,
        [
          attemptsWrite(userId, derived.attempts),
          lessonProgressWrite(userId, [...derived.lessons, ...progressChanges]),
          ratingsWrite(userId, derived.ratings),
          commentsWrite(userId, derived.comments),
        ],
        courseStandingRead(userId, named),
      ),
    );
    const credited = await deriveCompletions(tx, userId, touched, courses, standing);
    const recordResults = await ingestRecords({ userId, content }, tx, batch.records, budget.records);
    // Only a credited course without its certificate can have one due: a push to a course
    // already certified (most pushes) asks nothing more.
    const uncertified = [...named].filter(
      (courseId) => (standing.credited.has(courseId) || credited.has(courseId)) && !standing.certified.has(courseId),
    );
    await issueDueCertificates(tx, certificates, userId, new Set(uncertified));
    return { outcomes, unstarted, recordResults, pastOverflow };
  });

  const statusOf = (id: string) => {
    const outcome = outcomes.get(id);
    // An unanswered id would make the phone keep or drop a record on a guess.
    if (outcome === undefined) throw new Error(`No storage outcome for statement ${id}`);
    return outcome;
  };
  return [
    ...statements.map(({ body, check }): SyncItemResult => {
      if (!check.ok) return { id: body.id, status: 'rejected', code: check.code, reason: check.reason };
      const refused = unstarted.get(check.id);
      if (refused !== undefined) return { id: body.id, status: 'rejected', code: refused.code, reason: refused.reason };
      if (pastOverflow.has(check.id))
        return {
          id: body.id,
          status: 'rejected',
          code: 'too_many_quiz_attempts',
          reason: `More than ${budget.attemptOverflowFactor} times the attempts this quiz allows`,
        };
      const outcome = statusOf(check.id);
      if (outcome === 'too_many_conflicts')
        return {
          id: body.id,
          status: 'rejected',
          code: 'too_many_conflicts',
          reason: `This account already has ${MAX_CONFLICTS_PER_LEARNER} conflicting records waiting for the admin`,
        };
      if (outcome === 'daily_limit') {
        const { code, reason } = overDailyBudget('statements', budget.statements);
        return { id: body.id, status: 'rejected', code, reason };
      }
      if (outcome === 'foreign_id')
        return {
          id: body.id,
          status: 'rejected',
          code: 'not_allowed',
          reason: `Statement ${check.id} is another learner's record`,
        };
      return { id: body.id, status: outcome };
    }),
    ...progress.map(({ id, check }): SyncItemResult =>
      check.ok ? { id, status: 'stored' } : { id, status: 'rejected', code: check.code, reason: check.reason },
    ),
    ...recordResults,
  ];
}

async function accountCreatedAt(db: Queryable, userId: string): Promise<Date | null> {
  const [row] = await db.query<{ created_at: Date }>('SELECT created_at FROM users WHERE id = $1', [userId]);
  return row?.created_at ?? null;
}

/** What newly stored statements feed, grouped by table. */
function deriveRecords(fresh: readonly CheckedStatement[], scores: ReadonlyMap<string, ScoredAttempt>) {
  const attempts: ScoredAttempt[] = [];
  const lessons: LessonProgressChange[] = [];
  const ratings: Rating[] = [];
  const comments: Comment[] = [];
  for (const { id, courseId, timestamp: at, derivation } of fresh) {
    const attempt = scores.get(id);
    if (attempt !== undefined) attempts.push(attempt);
    if (derivation.kind === 'lesson')
      lessons.push({ courseId, lessonId: derivation.lessonId, openedAt: at, completedAt: at, position: 1 });
    if (derivation.kind === 'rating') ratings.push({ statementId: id, courseId, at, ...derivation });
    if (derivation.kind === 'comment') comments.push({ statementId: id, courseId, at, ...derivation });
  }
  return { attempts, lessons, ratings, comments };
}

const PlanRecord = z.object({ kind: z.literal('action_plan'), body: z.object({ courseId: Manifest.shape.id }) });

/** The courses the batch's action plans are for: a stored plan may release a waiting certificate. */
function plannedCourses(batch: SyncBatch): string[] {
  return batch.records.flatMap((record) => {
    const plan = PlanRecord.safeParse(record);
    return plan.success ? [plan.data.body.courseId] : [];
  });
}

/**
 * The course ids a batch names, to look their content up in one go; the full checks come
 * later. Only well-formed ids (slugs) are looked up: anything else names no course, and
 * could carry bytes the database refuses.
 */
function referencedCourses(batch: SyncBatch): string[] {
  const fromStatements = batch.statements.map((statement) => {
    const object = statement.object as { id?: unknown } | null | undefined;
    return typeof object?.id === 'string' ? parseActivity(object.id)?.courseId : undefined;
  });
  const fromProgress = batch.progress.map((record) => record.courseId);
  // A push names a course or two hundreds of times: each distinct id is checked once.
  return [...new Set([...fromStatements, ...fromProgress])].filter(
    (id): id is string => Manifest.shape.id.safeParse(id).success,
  );
}
