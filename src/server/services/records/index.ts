import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/canonical-json';
import type { SyncItemResult } from '../../../shared/protocol';
import { isStorableJson } from '../../../shared/text';
import { isImplausibleTimeIssue } from '../../../shared/dates';
import { LearnerRecord, type RecordKind, type RecordOf } from '../../../shared/records';
import type { Queryable } from '../../db/db';
import { actionPlanType, actionReportType, behaviourReviewType } from '../action-plans';
import { akpkResponseType, akpkReviewType } from '../akpk';
import { checkAttachments, linkAttachments } from '../attachments';
import { discussionDeleteType, discussionEditType, discussionPostType } from '../discussion';
import { externalLearningType } from '../external-learning';
import { DAILY_RECORD_BUDGET, overDailyBudget, recordsStoredToday } from '../record-budget';
import { issuesReason } from '../rejection';
import type { RecordContext, RecordType } from './registry';

/**
 * Every learner record kind the server takes, by kind: the compiler asks for one when a kind is
 * added to `shared/records`.
 */
const RECORD_TYPES: { [K in RecordKind]: RecordType<K> } = {
  discussion_post: discussionPostType,
  discussion_edit: discussionEditType,
  discussion_delete: discussionDeleteType,
  action_plan: actionPlanType,
  action_report: actionReportType,
  behaviour_review: behaviourReviewType,
  akpk_response: akpkResponseType,
  akpk_review: akpkReviewType,
  external_learning: externalLearningType,
};

/**
 * Each record's whole text, whatever its kind's fields check: PostgreSQL cannot store NUL or an
 * unpaired surrogate, and a record with one would fail the push's transaction for every record.
 */
const StorableRecord = LearnerRecord.refine(
  (record) => isStorableJson(JSON.stringify(record)),
  'contains a NUL character or broken Unicode (an unpaired surrogate), which cannot be stored',
);

const typeOf = <K extends RecordKind>(record: RecordOf<K>): RecordType<K> => RECORD_TYPES[record.kind];

/**
 * Takes the learner records of one push, in the order the phone wrote them, inside the push's
 * transaction, and answers for each: `stored` the first time, `duplicate` for the same record
 * again (same writer, kind and body), `conflict` for other content under a known id of the
 * same writer (kept aside in `learner_record_conflicts`, the first one stays the record) — an
 * id is known too when the kind's `earlierCopy` finds it delivered by another way in —,
 * `rejected` (`not_allowed`) under another learner's id, `rejected` (`daily_limit`) past the
 * account's daily budget of its kind, `rejected` with a code when its shape or its kind's rules
 * refuse it. A refused record is not kept, so it can be sent again once what it refers to exists.
 */
export async function ingestRecords(
  context: Omit<RecordContext, 'tx'>,
  tx: Queryable,
  raw: readonly { id: string }[],
  dailyBudget = DAILY_RECORD_BUDGET,
): Promise<SyncItemResult[]> {
  if (raw.length === 0) return [];
  const parsed = raw.map((item) => ({ id: item.id, result: StorableRecord.safeParse(item) }));
  const valid = parsed.flatMap(({ result }) => (result.success ? [result.data] : []));
  const hashes = new Map(valid.map((record) => [record.id, recordHash(context.userId, record)]));
  const known = await tx.query<{ id: string; user_id: string; body_hash: string }>(
    `SELECT id, user_id, body_hash FROM learner_records
     WHERE id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify([...hashes.keys()])],
  );
  const storedRow = new Map(known.map((row) => [row.id, row]));
  // Only a push with a new record asks how many the account stored today (a retry asks nothing).
  const storedToday = valid.some((record) => !storedRow.has(record.id))
    ? await recordsStoredToday(tx, context.userId)
    : new Map<string, number>();

  const results: SyncItemResult[] = [];
  for (const { id, result } of parsed) {
    if (!result.success) {
      // A date the phone's clock got wrong is told apart: the learner can check the clock.
      const code = result.error.issues.some(isImplausibleTimeIssue) ? 'implausible_time' : 'invalid_record';
      results.push({ id, status: 'rejected', code, reason: issuesReason(result.error) });
      continue;
    }
    const record = result.data;
    const hash = hashes.get(record.id) ?? '';
    const existing = storedRow.get(record.id);
    // Another learner's id is never a conflict of theirs: a conflict sits beside the record it clashed with.
    if (existing !== undefined && existing.user_id !== context.userId) {
      results.push({ id, status: 'rejected', code: 'not_allowed', reason: `Record ${id} is another learner's` });
      continue;
    }
    const type = typeOf(record);
    const sameContent =
      existing !== undefined
        ? existing.body_hash === hash
        : (await type.earlierCopy?.({ ...context, tx }, record))?.sameContent;
    if (sameContent !== undefined) {
      if (!sameContent) {
        await tx.query(
          `INSERT INTO learner_record_conflicts (record_id, user_id, kind, body, body_hash) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (record_id, body_hash) DO NOTHING`,
          [record.id, context.userId, record.kind, JSON.stringify(record.body), hash],
        );
      }
      results.push({ id, status: sameContent ? 'duplicate' : 'conflict' });
      continue;
    }
    const budget = dailyBudget[record.kind];
    const today = storedToday.get(record.kind) ?? 0;
    if (today >= budget) {
      const { code, reason } = overDailyBudget(`${record.kind} records`, budget);
      results.push({ id, status: 'rejected', code, reason });
      continue;
    }
    const rejection =
      (await checkAttachments(tx, context.userId, record)) ?? (await type.validate({ ...context, tx }, record));
    if (rejection !== null) {
      results.push({ id, status: 'rejected', code: rejection.code, reason: rejection.reason });
      continue;
    }
    await tx.query('INSERT INTO learner_records (id, user_id, kind, body, body_hash) VALUES ($1, $2, $3, $4, $5)', [
      record.id,
      context.userId,
      record.kind,
      JSON.stringify(record.body),
      hash,
    ]);
    await type.store({ ...context, tx }, record);
    await linkAttachments(tx, context.userId, record);
    storedRow.set(record.id, { id: record.id, user_id: context.userId, body_hash: hash });
    storedToday.set(record.kind, today + 1);
    results.push({ id, status: 'stored' });
  }
  return results;
}

/** Equal for the same record sent again, whatever key order the phone's serialiser chose; the writer is part of it. */
function recordHash(userId: string, record: LearnerRecord): string {
  return createHash('sha256')
    .update(canonicalJson({ user: userId, kind: record.kind, body: record.body }))
    .digest('hex');
}
