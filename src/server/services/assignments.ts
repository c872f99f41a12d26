import {
  type AssignmentPerson,
  type AssignmentSummary,
  type AssignmentTarget,
  type MyAssignment,
  type NewAssignment,
} from '../../shared/protocol/assignments';
import { normalizeRosterText } from '../../shared/roster';
import { audienceCondition, managedBy, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { findPublishedManifest, publishedTitles } from './courses';
import type { Actor } from './people';

/**
 * Assigned learning (issue 10.5). Who is assigned is worked out when asked, from the criteria,
 * so a person who joins an OPD later is assigned too. Progress comes from the server's own
 * records: done = the course is credited; in progress = a lesson or quiz recorded; not started
 * = nothing. Overdue = not done after the due date (WIB). Counts are always over the viewer's
 * audience (`audience.ts`): an OPD admin counts their OPD, an atasan their direct reports.
 */

/** True when the account `u` is targeted by the assignment `a` (both SQL aliases). */
const MEMBER = `u.aktif
  AND (jsonb_array_length(a.target_opds) = 0 OR jsonb_exists(a.target_opds, u.opd))
  AND (jsonb_array_length(a.target_jenis_jabatan) = 0 OR jsonb_exists(a.target_jenis_jabatan, u.jenis_jabatan))
  AND (jsonb_array_length(a.target_statuses) = 0 OR jsonb_exists(a.target_statuses, u.status))
  AND (jsonb_array_length(a.target_nips) = 0 OR jsonb_exists(a.target_nips, u.nip))`;

const STARTED = `(EXISTS (SELECT 1 FROM lesson_progress p WHERE p.user_id = u.id AND p.course_id = a.course_id)
  OR EXISTS (SELECT 1 FROM quiz_attempts q WHERE q.user_id = u.id AND q.course_id = a.course_id))`;

/** Today in WIB, as SQL: due dates are calendar days in Indonesia's western time. */
const TODAY_WIB = `((now() AT TIME ZONE 'UTC') + interval '7 hours')::date`;

interface AssignmentRow {
  id: string;
  course_id: string;
  due_date: string;
  target_opds: string[];
  target_jenis_jabatan: AssignmentTarget['jenisJabatan'];
  target_statuses: AssignmentTarget['statuses'];
  target_nips: string[];
  note: string;
  opd: string;
  created_at: Date;
  created_by_name: string | null;
}

const COLUMNS = `a.id, a.course_id, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
  a.target_opds, a.target_jenis_jabatan, a.target_statuses, a.target_nips, a.note, a.opd, a.created_at,
  creator.name AS created_by_name`;

export async function createAssignment(db: Queryable, actor: Actor, input: NewAssignment): Promise<AssignmentSummary> {
  if ((await findPublishedManifest(db, input.courseId)) === null)
    throw new ApiError(404, 'course_not_found', `No published course "${input.courseId}"`);
  const target = normalizeTarget(input.target);
  if (actor.role !== 'admin') {
    // An OPD admin assigns within their OPD only, whatever the form said.
    if (target.opds.some((opd) => opd !== actor.opd))
      throw new ApiError(403, 'forbidden', 'An OPD admin assigns courses to their own OPD only');
    target.opds = [actor.opd];
  }
  const scope = actor.role === 'admin' ? '' : actor.opd;
  const id = await db.transaction(async (tx) => {
    // A double click sends the same assignment twice at once: one at a time per course, and an
    // identical live one (same course, due date, target as sets, creator scope) is answered
    // instead of a second, which learners would see twice. Sent again on purpose, it carries the
    // note the admin wrote this time: that note replaces the old one, on the learners' phones too.
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ASSIGN_LOCK, input.courseId]);
    const targets = [target.opds, target.jenisJabatan, target.statuses, target.nips].map((list) =>
      JSON.stringify(list),
    );
    const [existing] = await tx.query<{ id: string }>(
      `SELECT id FROM assignments
       WHERE course_id = $1 AND due_date = $2::date AND opd = $7 AND cancelled_at IS NULL
         AND target_opds @> $3::jsonb AND target_opds <@ $3::jsonb
         AND target_jenis_jabatan @> $4::jsonb AND target_jenis_jabatan <@ $4::jsonb
         AND target_statuses @> $5::jsonb AND target_statuses <@ $5::jsonb
         AND target_nips @> $6::jsonb AND target_nips <@ $6::jsonb
       LIMIT 1`,
      [input.courseId, input.dueDate, ...targets, scope],
    );
    const note = input.note.trim();
    if (existing !== undefined) {
      await tx.query('UPDATE assignments SET note = $2 WHERE id = $1 AND note <> $2', [existing.id, note]);
      return existing.id;
    }
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO assignments (course_id, due_date, target_opds, target_jenis_jabatan, target_statuses, target_nips,
         note, opd, created_by)
       VALUES ($1, $2::date, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8, $9) RETURNING id`,
      [input.courseId, input.dueDate, ...targets, note, scope, actor.userId],
    );
    return row?.id;
  });
  const created = (await listAssignments(db, managedBy(actor), { includeEmpty: true })).find((a) => a.id === id);
  if (created === undefined) throw new Error('A created assignment vanished');
  return created;
}

/** The advisory lock key (with the course) that serialises creating assignments of one course. */
const ASSIGN_LOCK = 4_242_086;

function normalizeTarget(target: AssignmentTarget): AssignmentTarget {
  return {
    opds: [...new Set(target.opds.map(normalizeRosterText).filter((opd) => opd !== ''))],
    jenisJabatan: [...new Set(target.jenisJabatan)],
    statuses: [...new Set(target.statuses)],
    nips: [...new Set(target.nips.map((nip) => nip.replace(/\s+/g, '')))],
  };
}

/**
 * Live assignments with their counts over `audience`. Those with nobody in the audience are
 * left out (an OPD admin does not see another OPD's assignments), unless `includeEmpty`.
 */
export async function listAssignments(
  db: Queryable,
  audience: Audience,
  options: { includeEmpty?: boolean } = {},
): Promise<AssignmentSummary[]> {
  const params: unknown[] = [];
  const inAudience = audienceCondition(audience, 'u.id', params);
  const rows = await db.query<AssignmentRow & { assigned: number; done: number; in_progress: number; overdue: number }>(
    `SELECT ${COLUMNS},
       count(u.id)::int AS assigned,
       count(u.id) FILTER (WHERE c.user_id IS NOT NULL)::int AS done,
       count(u.id) FILTER (WHERE c.user_id IS NULL AND ${STARTED})::int AS in_progress,
       count(u.id) FILTER (WHERE c.user_id IS NULL AND a.due_date < ${TODAY_WIB})::int AS overdue
     FROM assignments a
     LEFT JOIN users creator ON creator.id = a.created_by
     LEFT JOIN users u ON ${MEMBER} AND ${inAudience}
     LEFT JOIN course_completions c ON c.user_id = u.id AND c.course_id = a.course_id
     WHERE a.cancelled_at IS NULL
     GROUP BY a.id, creator.name
     ORDER BY a.due_date, a.created_at
     LIMIT 500`,
    params,
  );
  const titles = await publishedTitles(db);
  return rows
    .filter((row) => options.includeEmpty === true || row.assigned > 0)
    .map((row) => ({
      id: row.id,
      courseId: row.course_id,
      title: titles.get(row.course_id) ?? null,
      dueDate: row.due_date,
      target: {
        opds: row.target_opds,
        jenisJabatan: row.target_jenis_jabatan,
        statuses: row.target_statuses,
        nips: row.target_nips,
      },
      note: row.note,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by_name,
      assigned: row.assigned,
      done: row.done,
      inProgress: row.in_progress,
      notStarted: row.assigned - row.done - row.in_progress,
      overdue: row.overdue,
    }));
}

/**
 * The people of one assignment within `audience`, with their state: the
 * CSV export. Null when the viewer sees none of it.
 */
export async function assignmentPeople(
  db: Queryable,
  audience: Audience,
  id: string,
): Promise<{ assignment: AssignmentSummary; people: AssignmentPerson[] } | null> {
  const assignment = (await listAssignments(db, audience)).find((entry) => entry.id === id);
  if (assignment === undefined) return null;
  const params: unknown[] = [id];
  const rows = await db.query<{
    nip: string;
    name: string;
    opd: string;
    unit: string;
    completed_at: Date | null;
    started: boolean;
    overdue: boolean;
  }>(
    `SELECT u.nip, u.name, u.opd, u.unit, c.completed_at, ${STARTED} AS started,
       (c.user_id IS NULL AND a.due_date < ${TODAY_WIB}) AS overdue
     FROM assignments a
     JOIN users u ON ${MEMBER} AND ${audienceCondition(audience, 'u.id', params)}
     LEFT JOIN course_completions c ON c.user_id = u.id AND c.course_id = a.course_id
     WHERE a.id = $1
     ORDER BY u.opd, u.name, u.id`,
    params,
  );
  return {
    assignment,
    people: rows.map((row) => ({
      nip: row.nip,
      name: row.name,
      opd: row.opd,
      unit: row.unit,
      state: row.completed_at !== null ? 'done' : row.started ? 'in_progress' : 'not_started',
      overdue: row.overdue,
      completedAt: row.completed_at?.toISOString() ?? null,
    })),
  };
}

/** Cancels an assignment: the BKPSDM any, an OPD admin those made for their OPD. */
export async function cancelAssignment(db: Queryable, actor: Actor, id: string): Promise<void> {
  const rows = await db.query<{ id: string }>(
    `UPDATE assignments SET cancelled_at = now()
     WHERE id = $1 AND cancelled_at IS NULL AND ($2::boolean OR opd = $3) RETURNING id`,
    [id, actor.role === 'admin', actor.opd],
  );
  if (rows.length === 0) throw new ApiError(404, 'not_found', 'No such assignment among those you manage');
}

/** The learner's own assignments, for their phone to keep offline. */
export async function myAssignments(db: Queryable, userId: string): Promise<MyAssignment[]> {
  const rows = await db.query<{ id: string; course_id: string; due_date: string; note: string; done: boolean }>(
    `SELECT a.id, a.course_id, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.note,
       EXISTS (SELECT 1 FROM course_completions c WHERE c.user_id = u.id AND c.course_id = a.course_id) AS done
     FROM assignments a JOIN users u ON u.id = $1 AND ${MEMBER}
     WHERE a.cancelled_at IS NULL
     ORDER BY a.due_date, a.id
     LIMIT 200`,
    [userId],
  );
  const titles = await publishedTitles(db);
  return rows.map((row) => ({
    id: row.id,
    courseId: row.course_id,
    title: titles.get(row.course_id) ?? null,
    dueDate: row.due_date,
    note: row.note,
    done: row.done,
  }));
}
