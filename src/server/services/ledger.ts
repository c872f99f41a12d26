import { jpTarget, jpYear, yearRange } from '../../shared/ledger';
import type { LearnerRecordResponse, LedgerEntry } from '../../shared/protocol/record';
import type { EmploymentStatus } from '../../shared/roster';
import type { Queryable } from '../db/db';
import { certificatesOf } from './certificates';
import { externalDecisionsOf } from './external-learning';
import type { RecordSettings } from './record-settings';

/**
 * The JP ledger, the one place that says what counts for a year (rules in `shared/ledger.ts`):
 * course completions the server recorded (one per learner and course, by the table's key) whose
 * certificate was not revoked, in the year of their instant in the server's time zone, plus
 * approved learning done elsewhere in the year its training ended. The learner's card, the
 * admin's "Pemenuhan 20 JP" and the SIASN export all read it from here.
 */

/**
 * SQL: the completion `alias` (a `course_completions` row) still counts: its certificate was not
 * revoked. A revoked certificate takes its course's JP out of every count (the learner's record,
 * compliance, lifetime totals, SIASN): a wrongly credited completion is withdrawn by revoking it.
 * One certificate per learner and course (`certificates`' unique key), so the probe is its index.
 */
export const countedCompletionSql = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM certificates revoked WHERE revoked.user_id = ${alias}.user_id
     AND revoked.course_id = ${alias}.course_id AND revoked.revoked_at IS NOT NULL)`;

/**
 * One row per counted entry of the year, for the accounts `userCondition` (a condition on
 * `user_id`, with its parameters already in `params`) selects. The year's span is computed
 * with Intl and handed over as instants, so both database engines agree without time-zone data.
 */
export function ledgerRowsSql(params: unknown[], userCondition: string, year: number, timeZone: string): string {
  const { start, end } = yearRange(year, timeZone);
  params.push(start.toISOString(), end.toISOString(), year);
  const [s, e, y] = [params.length - 2, params.length - 1, params.length].map((index) => `$${index}`);
  return `SELECT user_id, 'course' AS kind, course_id AS id, jp::float8 AS jp, completed_at AS at
          FROM course_completions WHERE completed_at >= ${s}::timestamptz AND completed_at < ${e}::timestamptz
            AND ${userCondition} AND ${countedCompletionSql('course_completions')}
          UNION ALL
          SELECT user_id, 'external' AS kind, id::text AS id, approved_jp::float8 AS jp, end_date::timestamptz AS at
          FROM external_learning WHERE status = 'approved' AND extract(year FROM end_date)::int = ${y}::int
            AND ${userCondition}`;
}

/** JP per account for a year (accounts with none are absent). */
export async function jpByUser(
  db: Queryable,
  userIds: readonly string[],
  year: number,
  timeZone: string,
): Promise<Map<string, number>> {
  const params: unknown[] = [JSON.stringify(userIds)];
  const rows = await db.query<{ user_id: string; jp: number }>(
    `SELECT user_id, sum(jp)::float8 AS jp FROM (${ledgerRowsSql(
      params,
      'user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))',
      year,
      timeZone,
    )}) AS ledger GROUP BY user_id`,
    params,
  );
  return new Map(rows.map((row) => [row.user_id, row.jp]));
}

/**
 * JP per account over all years (accounts with none are absent): the same entries as a year's
 * ledger, so an atasan's "sepanjang masa" and the admin's person view never drop approved
 * learning done elsewhere that the year's total counts.
 */
export async function lifetimeJpByUser(db: Queryable, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const inUsers = 'user_id IN (SELECT value::uuid FROM jsonb_array_elements_text($1::jsonb))';
  const rows = await db.query<{ user_id: string; jp: number }>(
    `SELECT user_id, sum(jp)::float8 AS jp FROM (
       SELECT user_id, jp::float8 AS jp FROM course_completions WHERE ${inUsers}
         AND ${countedCompletionSql('course_completions')}
       UNION ALL
       SELECT user_id, approved_jp::float8 AS jp FROM external_learning WHERE status = 'approved' AND ${inUsers}
     ) AS ledger GROUP BY user_id`,
    [JSON.stringify(userIds)],
  );
  return new Map(rows.map((row) => [row.user_id, row.jp]));
}

export function targetFor(status: EmploymentStatus, settings: RecordSettings): number | null {
  return jpTarget(status, settings.targets);
}

/** The learner's whole record: every year's entries, their certificates, and how to count offline. */
export async function learnerRecord(
  db: Queryable,
  userId: string,
  settings: RecordSettings,
): Promise<LearnerRecordResponse | null> {
  const [user] = await db.query<{ status: EmploymentStatus }>('SELECT status FROM users WHERE id = $1', [userId]);
  if (user === undefined) return null;
  const [courses, external, certificates] = await Promise.all([
    // A revoked course stays listed, at 0 JP and marked: the phone then knows the server has its
    // completion and does not count the one it recorded itself as still waiting for sync.
    db.query<{
      course_id: string;
      completed_at: Date;
      jp: number;
      title: string | null;
      code: string | null;
      revoked: boolean;
    }>(
      `SELECT c.course_id, c.completed_at, CASE WHEN ${countedCompletionSql('c')} THEN c.jp ELSE 0 END::float8 AS jp,
         v.manifest->'title'->>'id' AS title, k.code, k.revoked_at IS NOT NULL AS revoked
       FROM course_completions c
       LEFT JOIN course_versions v ON v.course_id = c.course_id AND v.version = c.course_version
       LEFT JOIN certificates k ON k.user_id = c.user_id AND k.course_id = c.course_id
       WHERE c.user_id = $1 ORDER BY c.completed_at`,
      [userId],
    ),
    db.query<{ id: string; name: string; approved_jp: number; end_date: string }>(
      `SELECT id::text AS id, name, approved_jp::float8 AS approved_jp, to_char(end_date, 'YYYY-MM-DD') AS end_date
       FROM external_learning WHERE user_id = $1 AND status = 'approved' ORDER BY end_date`,
      [userId],
    ),
    certificatesOf(db, userId),
  ]);
  const decisions = await externalDecisionsOf(db, userId);
  const entries: LedgerEntry[] = [
    ...courses.map((row): LedgerEntry => ({
      kind: 'course',
      id: row.course_id,
      title: row.title ?? row.course_id,
      jp: row.jp,
      completedAt: row.completed_at.toISOString(),
      year: jpYear(row.completed_at, settings.timeZone),
      certificateCode: row.revoked ? null : row.code,
      ...(row.revoked ? { revoked: true } : {}),
    })),
    ...external.map((row): LedgerEntry => ({
      kind: 'external',
      id: row.id,
      title: row.name,
      jp: row.approved_jp,
      completedAt: row.end_date,
      year: Number(row.end_date.slice(0, 4)),
      certificateCode: null,
    })),
  ];
  return {
    timeZone: settings.timeZone,
    status: user.status,
    target: targetFor(user.status, settings),
    entries,
    certificates: certificates.map((certificate) => ({
      code: certificate.payload.kode,
      courseId: certificate.courseId,
      payload: certificate.payload,
      signature: certificate.signature,
      revokedAt: certificate.revokedAt,
    })),
    external: decisions,
  };
}
