import type { EmploymentStatus, JenisJabatan } from '../roster';
import type { LangText } from '../schema/lang';

/**
 * Assigned learning (issue 10.5): an admin says who must complete which course by when. A
 * target is criteria: everyone active who matches every non-empty list (OPD, jenis jabatan,
 * status, NIP). An assignment never blocks any other course.
 */
export interface AssignmentTarget {
  opds: string[];
  jenisJabatan: JenisJabatan[];
  statuses: EmploymentStatus[];
  nips: string[];
}

/** `POST /api/admin/assignments`. An OPD admin's target is always narrowed to their OPD. */
export interface NewAssignment {
  courseId: string;
  /** `YYYY-MM-DD`, the last day (WIB) on which completing is on time. */
  dueDate: string;
  target: AssignmentTarget;
  note: string;
}

export const ASSIGNMENT_LIMITS = { opds: 100, nips: 5000, note: 500 } as const;

/** Per assignment, over the people the viewer may see. `overdue` counts those not done after the due date. */
export interface AssignmentCounts {
  assigned: number;
  done: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
}

export interface AssignmentSummary extends AssignmentCounts {
  id: string;
  courseId: string;
  /** The published title; null when the course is not published now. */
  title: LangText | null;
  dueDate: string;
  target: AssignmentTarget;
  note: string;
  createdAt: string;
  createdBy: string | null;
}

/** `GET /api/admin/assignments` (admins) and `GET /api/team/assignments` (an atasan's direct reports). */
export interface AssignmentsResponse {
  assignments: AssignmentSummary[];
}

export const PERSON_ASSIGNMENT_STATES = ['done', 'in_progress', 'not_started'] as const;
export type PersonAssignmentState = (typeof PERSON_ASSIGNMENT_STATES)[number];

/** One row of an assignment's people (the CSV export). */
export interface AssignmentPerson {
  nip: string;
  name: string;
  opd: string;
  unit: string;
  state: PersonAssignmentState;
  overdue: boolean;
  completedAt: string | null;
}

/** What the learner's phone keeps (offline): the courses assigned to them, with the due date. */
export interface MyAssignment {
  id: string;
  courseId: string;
  /** The published title, so the phone names the course before (or without) its catalog; null when unpublished. */
  title: LangText | null;
  dueDate: string;
  note: string;
  /** Completed on the server already (the phone also knows its own completions: `isAssignmentDone`). */
  done: boolean;
}

/**
 * An assignment is done once its course is completed — in any version, on time or late; the
 * due date only decides "overdue". The server counts its credited completions
 * (`course_completions`, services/assignments.ts); the phone adds the completions it recorded
 * itself (the same `isCourseComplete` rule), so the reminder ends the moment the learner
 * completes the course offline instead of at the next pull.
 */
export function isAssignmentDone(
  assignment: Pick<MyAssignment, 'courseId' | 'done'>,
  completedCourseIds: ReadonlySet<string>,
): boolean {
  return assignment.done || completedCourseIds.has(assignment.courseId);
}

export interface MyAssignmentsResponse {
  assignments: MyAssignment[];
}

export const assignmentsApi = {
  admin: '/api/admin/assignments',
  adminOne: (id: string) => `/api/admin/assignments/${encodeURIComponent(id)}`,
  /** The assignment's people with their state (the admin screen makes the CSV from it). */
  adminPeople: (id: string) => `/api/admin/assignments/${encodeURIComponent(id)}/people`,
  mine: '/api/assignments',
  team: '/api/team/assignments',
  /** Who of the atasan's direct reports is done, in progress, not started, overdue. */
  teamPeople: (id: string) => `/api/team/assignments/${encodeURIComponent(id)}/people`,
} as const;

/** Days from `today` to `dueDate` (both `YYYY-MM-DD`): 0 on the day, negative once overdue. */
export function daysUntil(dueDate: string, today: string): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Today in WIB (UTC+7), where the due dates are read. */
export function todayWib(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** `GET /api/admin/assignments/:id/people`. */
export interface AssignmentPeopleResponse {
  assignment: AssignmentSummary;
  people: AssignmentPerson[];
}
