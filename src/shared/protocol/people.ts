import type { EmploymentStatus, RosterRecord } from '../roster';
import type { LangText } from '../schema/lang';
import type { Role } from './index';

/**
 * People and accounts (admin ↔ server, atasan ↔ server). Types and routes only: the admin
 * screens and the phone's team view import it without pulling anything else in.
 */

/** One person as an admin creates or edits them: the roster entry and the role. */
export interface PersonInput extends RosterRecord {
  role: Role;
}

/** A person as the admin list shows them. Never the password hash. */
export interface PersonSummary extends PersonInput {
  id: string;
  aktif: boolean;
  /** The last time one of this person's sessions talked to the server (to the hour); null: never signed in. */
  lastSeenAt: string | null;
  /** False until an initial password is issued: the account cannot sign in yet. */
  hasPassword: boolean;
  mustChangePassword: boolean;
}

/** `recent`: seen in the last 30 days; `idle`: seen, but not for 30 days; `never`: never signed in. */
export const ACTIVITY_FILTERS = ['recent', 'idle', 'never'] as const;
export type ActivityFilter = (typeof ACTIVITY_FILTERS)[number];
/** What "recent" means for the activity filter. */
export const RECENT_ACTIVITY_DAYS = 30;

/** Query of `GET /api/admin/people`: every field optional; `after` is the previous page's `next`. */
export interface PeopleQuery {
  /** Digits: a NIP prefix; otherwise part of the name (any case). */
  q?: string;
  opd?: string;
  status?: EmploymentStatus;
  aktif?: boolean;
  activity?: ActivityFilter;
  after?: string;
}

/** One page, ordered by name then id; `next` asks for the following page (`?after=<next>`), null on the last. */
export interface PeoplePage {
  people: PersonSummary[];
  next: string | null;
}

export const PEOPLE_PAGE_SIZE = 50;

/** One course of one person, from the server's records. */
export interface PersonCourse {
  courseId: string;
  /** The published version's title; null when the course is no longer published. */
  title: LangText | null;
  /** Lessons the person completed (any version). */
  lessonsCompleted: number;
  /** Lessons of the published version; null when not published. */
  lessonCount: number | null;
  /** When the server credited the course; null while not complete. */
  completedAt: string | null;
  /** JP credited for it (0 until complete). */
  jp: number;
  /** The person's latest record for the course. */
  lastActivityAt: string;
}

export interface PersonSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** Null while the session is usable. */
  endedAt: string | null;
  endedBecause: SessionEndReason | null;
  /** The browser that signed in (its User-Agent, shortened). */
  device: string;
}

export const SESSION_END_REASONS = [
  'logout',
  'password_changed',
  'password_reset',
  'deactivated',
  'ended_by_admin',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** `GET /api/admin/people/:id`: the person, their courses and JP, their sessions (newest first, up to 20). */
export interface PersonDetail {
  person: PersonSummary;
  courses: PersonCourse[];
  /** JP over all years by the ledger (courses + approved external learning), as `TeamMember.jpTotal`. */
  jpTotal: number;
  sessions: PersonSession[];
}

/** A password generated for a person to receive on paper: shown once, never stored readable. */
export interface OneTimePassword {
  id: string;
  nip: string;
  name: string;
  unit: string;
  opd: string;
  password: string;
}

/** Answer of creating a person or resetting a password. */
export interface IssuedPassword {
  person: PersonSummary;
  oneTimePassword: string;
}

/** `POST /api/admin/people/initial-passwords`: accounts of one OPD that have no password yet. */
export interface InitialPasswordsRequest {
  opd: string;
}

/** The printable list; `remaining` accounts still wait (the batch is capped), ask again for them. */
export interface InitialPasswordsResponse {
  passwords: OneTimePassword[];
  remaining: number;
}

export const INITIAL_PASSWORDS_BATCH = 2000;

/** Everything an admin does to accounts leaves one of these in the audit log. */
export const ACCOUNT_ACTIONS = [
  'create',
  'update',
  'reset_password',
  'deactivate',
  'activate',
  'end_sessions',
  'issue_initial_passwords',
  /**
   * An OPD admin's one-time password, not yet used, withdrawn when the account came to lead people
   * she does not manage (`details.issuedByOpd`); the person needs one from the BKPSDM.
   */
  'withdraw_one_time_password',
  /**
   * A roster import (counts in `details`); each person it created or changed
   * also has a `create`/`update` with `via: 'import'`.
   */
  'import',
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export interface AccountRef {
  id: string;
  nip: string;
  name: string;
}

export interface AccountEvent {
  id: string;
  at: string;
  /** Null when done from the server's command line (`npm run admin`) or by a deleted account. */
  actor: AccountRef | null;
  /** One of `ACCOUNT_ACTIONS` as this version knows them; a newer server may add more. */
  action: string;
  /** Null for a batch (see `details`) or a deleted account. */
  target: AccountRef | null;
  opd: string;
  /** What changed: field names → new values for `update`, counts for a batch. */
  details: Record<string, unknown>;
}

/** Newest first; `next` asks for older events. */
export interface AccountEventsPage {
  events: AccountEvent[];
  next: string | null;
}

export const ACCOUNT_EVENTS_PAGE_SIZE = 100;

export interface OpdCount {
  opd: string;
  people: number;
  active: number;
  /** Active learners without a password yet, whose one-time password this admin may issue. */
  waitingPasswords: number;
}

/** One direct report of an atasan, as their phone shows it (read-only). */
export interface TeamMember {
  id: string;
  nip: string;
  name: string;
  jabatan: string;
  unit: string;
  status: EmploymentStatus;
  aktif: boolean;
  /** JP over all years by the ledger (courses + approved external learning). */
  jpTotal: number;
  /** JP counted for `TeamResponse.year` by the ledger (courses + approved external learning). */
  yearJp: number;
  /** Their yearly target by status; null when none applies (PPPK unless the admin set one). */
  yearTarget: number | null;
  courses: PersonCourse[];
}

export interface TeamResponse {
  /** The JP year of `yearJp` (this year in the server's time zone unless `?year=` asked). */
  year: number;
  members: TeamMember[];
  /** The following page (`?after=<next>`), null on the last. */
  next: string | null;
  fetchedAt: string;
}

export const TEAM_PAGE_SIZE = 100;

export const peopleApi = {
  list: '/api/admin/people',
  opds: '/api/admin/people/opds',
  person: (id: string) => `/api/admin/people/${encodeURIComponent(id)}`,
  create: '/api/admin/people',
  resetPassword: (id: string) => `/api/admin/people/${encodeURIComponent(id)}/reset-password`,
  deactivate: (id: string) => `/api/admin/people/${encodeURIComponent(id)}/deactivate`,
  activate: (id: string) => `/api/admin/people/${encodeURIComponent(id)}/activate`,
  endSessions: (id: string) => `/api/admin/people/${encodeURIComponent(id)}/end-sessions`,
  initialPasswords: '/api/admin/people/initial-passwords',
  events: '/api/admin/account-events',
} as const;
