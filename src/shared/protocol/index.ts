import type { GrantedAttempts } from './assessment';
import type { EmploymentStatus, JenisJabatan } from '../roster';
import type { Manifest } from '../schema/bundle';
import type { CompetencyType } from '../schema/bundle';
import type { LangText } from '../schema/lang';

/**
 * The wire contract between the phone and the server. Client and server import these
 * types, so a change here is a change to both; bump PROTOCOL_VERSION when an old client
 * could misread a new server.
 *
 * This module is types and constants only (no zod), because the phone's first load imports
 * it; the runtime validators of request bodies live in `./schemas`.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-lentera-protocol';

export const ERROR_CODES = [
  'bad_request',
  'invalid_nip',
  'invalid_credentials',
  /** Too many failed logins for this NIP or from this address: wait `Retry-After` seconds (429). */
  'too_many_attempts',
  /** The password is right but the account is deactivated (403). */
  'account_inactive',
  /** Signed in with a one-time password: only choosing a new password is allowed until then (403). */
  'password_change_required',
  /** A new password that is too short, too common, or contains the NIP (400). */
  'weak_password',
  'unauthorized',
  /** The session is over: expired, signed out, or ended by an administrator or a password change. */
  'session_expired',
  'forbidden',
  'not_found',
  'course_not_found',
  'file_not_found',
  'payload_too_large',
  'invalid_bundle',
  /** A roster file that cannot be read as one at all (422); `details` is a `RosterFileProblem`. */
  'invalid_roster_file',
  /**
   * An AKPK competency file that is no table at all (422): a broken or
   * hostile XLSX, a binary; the message is Indonesian.
   */
  'invalid_competency_file',
  /**
   * An uploaded photo that is not whole (a PNG without IEND, a JPEG without EOI or frame header)
   * or larger than a phone can show (over 10,000 px a side or 40 megapixels) (422).
   */
  'invalid_attachment',
  /** The body's Content-Type or Content-Encoding is not one this route reads (415). */
  'unsupported_media_type',
  /**
   * A JSON route's body not sent as `Content-Type: application/json` (415), as a page on another
   * site would send it: the app always sends JSON so, so a person sees this only from an outdated app.
   */
  'unsupported_content_type',
  /** A body sent with `Content-Encoding: gzip` that is not gzip, or is cut short (400). */
  'invalid_gzip',
  /** A NIP already has an account (409). */
  'nip_taken',
  /** An atasan NIP no account holds (400): someone could otherwise claim it later and see that team. */
  'unknown_atasan',
  /**
   * An OPD admin creating, re-NIPing or resetting the password of an account whose NIP people
   * outside their OPD name as atasan (403): only the BKPSDM may.
   */
  'atasan_of_other_opd',
  /** The server is at capacity for this kind of work: try again after `Retry-After` seconds (503). */
  'server_busy',
  /** A course version once published cannot be deleted: phones may hold it (409). */
  'version_was_published',
  /** An admin decision on something stored with a date no learning can have (422): refuse it instead. */
  'implausible_time',
  /** A decision on something another decision settled first, perhaps a moment ago (409): reload and look again. */
  'already_decided',
  /** The account already stored as many of these today as a person writes in a day (429): send it tomorrow. */
  'daily_limit',
  /**
   * Learning done elsewhere under a certificate number Lentera issued (409): that course's JP
   * is counted already; refused when sent, and never approved.
   */
  'lentera_certificate_number',
  /**
   * Learning done elsewhere that the learner has recorded already, pending or approved (409):
   * the same certificate number, or without one the same training, organiser and days. Refused
   * when sent; a copy stored earlier is never approved beside an approved one.
   */
  'duplicate_certificate_number',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every non-2xx answer from `/api` has this body: `code` for programs, `message` for people reading logs. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * `admin`: the BKPSDM, every OPD. `admin_opd`: an operator of one OPD (their own `opd`), who
 * sees and manages only that OPD's people and results. Being an atasan is not a role: it
 * follows from the roster (someone's `atasanNip` is this account's NIP), see `User.directReports`.
 */
export const ROLES = ['learner', 'admin', 'admin_opd'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that open the admin screens. */
export function isAdminRole(role: Role): boolean {
  return role === 'admin' || role === 'admin_opd';
}

export interface User {
  /** Opaque account id (UUID); used as the xAPI actor so the NIP never leaves the server in results. */
  id: string;
  /** NIP, or NI PPPK for status PPPK: the login. */
  nip: string;
  name: string;
  role: Role;
  /** Unit kerja. */
  unit: string;
  /** Perangkat daerah. */
  opd: string;
  status: EmploymentStatus;
  jabatan: string;
  /** Null for accounts made before the roster had it. */
  jenisJabatan: JenisJabatan | null;
  /** "III/a", PPPK "IX"; null when unknown. */
  golongan: string | null;
  atasanNip: string | null;
  /** Active accounts whose `atasanNip` is this account's NIP: above zero, this account is an atasan. */
  directReports: number;
  /** Signed in with a one-time password: the app asks for a new password before anything else. */
  mustChangePassword: boolean;
}

export interface LoginRequest {
  nip: string;
  password: string;
  /**
   * A random value the phone or browser keeps for good (`localStorage`) and sends with every
   * login: once this NIP has signed in with it, a login carrying it is not held back by others'
   * failed guesses at the NIP (see services/login-devices.ts). Optional: older apps and the CLI
   * send none.
   */
  deviceKey?: string;
}

/** A device key the server takes: a UUID, as phones make, or a random value of that size (shorter could be guessed). */
export const DEVICE_KEY_PATTERN = /^[A-Za-z0-9_-]{32,64}$/;

/** `POST /api/auth/password`: the current password (or the one-time password) and the new one. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** Shortest password a person may choose (one-time passwords are generated, longer and random). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export interface LoginResponse {
  token: string;
  /** ISO time after which the token is refused; the phone keeps working offline until then. */
  expiresAt: string;
  user: User;
  /** The server's Ed25519 public key (base64, raw): the phone trusts sideloaded bundles it signed. */
  signingKey: string;
}

export interface CatalogEntry {
  id: string;
  version: string;
  title: LangText;
  description: LangText;
  jp: number;
  competency: CompetencyType;
  lessonCount: number;
  /** Bytes a phone downloads to hold this course offline. */
  size: number;
  publishedAt: string;
  /** The sha256 of the course's cover image (`api.file(cover)`), when the bundle has one. */
  cover?: string;
}

/** How a course appears in the catalog, from its manifest: one mapping for the server and the phone. */
export function catalogEntryOf(manifest: Manifest, size: number, publishedAt: string): CatalogEntry {
  const cover = manifest.cover && manifest.files.find((file) => file.path === manifest.cover)?.sha256;
  return {
    ...(cover ? { cover } : {}),
    id: manifest.id,
    version: manifest.version,
    title: manifest.title,
    description: manifest.description,
    jp: manifest.jp,
    competency: manifest.competency,
    lessonCount: manifest.lessons.length,
    size,
    publishedAt,
  };
}

export interface CatalogResponse {
  courses: CatalogEntry[];
}

export interface CourseManifestResponse {
  manifest: Manifest;
  /** base64 Ed25519 signature over `canonicalJson(manifest)` (see protocol/bundles.ts). */
  signature: string;
}

/** Routes, in one place so the client never spells a URL by hand. */
export const api = {
  login: '/api/auth/login',
  /** POST with the token to end: that session is revoked on the server. */
  logout: '/api/auth/logout',
  password: '/api/auth/password',
  me: '/api/me',
  /** The atasan's direct reports (read-only). */
  team: '/api/team',
  courses: '/api/courses',
  course: (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`,
  file: (sha256: string) => `/api/files/${sha256}`,
} as const;

// ── Sync ────────────────────────────────────────────────────────────────────────────────
// The phone pushes what the learner did as a batch; the server answers per item, so one bad
// record never blocks the rest. Delivery is at-least-once (the phone retries until it has an
// answer) and the server stores by client-generated id, so the effect is exactly once.

/** Most records the server accepts in one push. */
export const SYNC_BATCH_LIMIT = 500;

/** Reading progress of one lesson; merged on the server (furthest position, earliest times). */
export interface ProgressRecord {
  /** The outbox id of this update, to acknowledge it. */
  id: string;
  courseId: string;
  lessonId: string;
  openedAt: string;
  completedAt: string | null;
  position: number;
}

export interface SyncPushRequest {
  statements: import('../xapi/statement').Statement[];
  progress: ProgressRecord[];
  /** Learner records of the other kinds (`shared/records`); absent from phones older than the channel. */
  records: import('../records').LearnerRecord[];
}

/**
 * - `stored`: new, kept. `duplicate`: already had exactly this; nothing changed.
 * Both mean "delivered": the phone deletes its copy.
 * - `conflict`: a different statement already exists under this id; kept aside for an admin.
 * - `rejected`: invalid; `code` and `reason` say why. The phone keeps it in "perlu perhatian".
 */
export type SyncItemStatus = 'stored' | 'duplicate' | 'conflict' | 'rejected';

/**
 * Why the server refuses one pushed record: the phone explains the code in the learner's
 * language; `reason` is the server's technical detail for the admin.
 */
export const REJECTION_CODES = [
  'invalid_statement',
  'invalid_progress',
  'unsupported_verb',
  'unknown_activity',
  'unknown_course',
  'unknown_course_version',
  /**
   * Dated before the learner's account was created, or before the course version it is about
   * was first published (less a day for the phone's clock): it could not have happened then.
   */
  'before_account_created',
  'before_course_published',
  'unknown_lesson',
  'unknown_quiz',
  'invalid_rating',
  /**
   * An evaluation's comment the admin's report cannot show as written (`feedbackCommentProblem`):
   * longer than `FEEDBACK_COMMENT_LIMIT`, showing nothing, or holding a bidi override.
   */
  'invalid_comment',
  /** A course or lesson evaluation from someone who has not yet opened a lesson or taken a quiz of the course. */
  'not_started',
  /** A learner record (`shared/records`) of an unknown kind, or whose body breaks its schema or a cap. */
  'invalid_record',
  /** A reply or change naming a post the server does not have (or one that may not be answered). */
  'unknown_post',
  /** An AKPK answer written outside its survey period's dates. */
  'outside_period',
  /** The record is about something or someone its writer has no say over. */
  'not_allowed',
  // Security (issue 9): a feedback item the app never asks, a record nested or sized past the
  // limits, more conflicting versions than the server keeps for one learner.
  'unknown_feedback_item',
  'record_too_large',
  'too_many_conflicts',
  /** The questions an attempt names are not a draw this quiz can make (wrong count, unknown or repeated). */
  'invalid_draw',
  /** A photo or file the record names never reached the server from its writer. */
  'unknown_attachment',
  /** A photo or file of a type or size the record's kind does not take (or that is not what it says). */
  'invalid_attachment',
  /**
   * A time or day no learning can have happened at (`implausibleTime` in `shared/dates`):
   * before 2000 or more than a day ahead of the server's clock, a phone's clock set wrong.
   */
  'implausible_time',
  /** A record whose id came earlier in the same push: the first is the one answered for (`sync-request`). */
  'repeated_id',
  /**
   * The account already sent as many records of this kind as one person writes in a day
   * (`DAILY_RECORD_BUDGET`, `DAILY_STATEMENT_BUDGET`): not kept today; the phone sends it again the next day.
   */
  'daily_limit',
  /**
   * A quiz attempt past `ATTEMPT_OVERFLOW_FACTOR` × the quiz's attempts (remedial included): not kept.
   * Attempts past the limit itself are kept and flagged `over_limit`; this many only a script makes.
   */
  'too_many_quiz_attempts',
  /** Learning done elsewhere under a certificate number Lentera issued: its JP is counted already. */
  'lentera_certificate_number',
  /** Learning done elsewhere the learner recorded already, pending or approved: its JP would count twice. */
  'duplicate_certificate_number',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface SyncItemResult {
  id: string;
  status: SyncItemStatus;
  code?: RejectionCode | ErrorCode;
  reason?: string;
}

export interface SyncPushResponse {
  results: SyncItemResult[];
  serverTime: string;
}

export interface LessonProgressSnapshot {
  courseId: string;
  lessonId: string;
  openedAt: string;
  completedAt: string | null;
  position: number;
}

/** The server's record of one quiz attempt, scored by the server. */
export interface AttemptRecord {
  id: string;
  courseId: string;
  quizId: string;
  kind: 'pre' | 'lesson' | 'post';
  scaled: number;
  /** Null for a pre-test: it measures what the learner knew, it is neither passed nor failed. */
  passed: boolean | null;
  /** The phone's score disagreed with the server's re-scoring (the server's counts). */
  flagged: boolean;
  /** Taken past the quiz's attempt limit: kept and shown, never credited (issue 9.7). */
  overLimit: boolean;
  finishedAt: string;
}

export interface CourseCompletionRecord {
  courseId: string;
  courseVersion: string;
  completedAt: string;
  jp: number;
}

/** Everything a second phone or a reinstall needs to show the learner where they are. */
export interface ProgressPullResponse {
  lessons: LessonProgressSnapshot[];
  attempts: AttemptRecord[];
  completions: CourseCompletionRecord[];
  /** Remedial attempts granted by an admin, per quiz (absent from servers that predate them). */
  grants?: GrantedAttempts[];
  /**
   * Completions the server holds for an admin's review (implausibly short study) or that the
   * admin refused: uncredited, with nothing left for the phone to send (absent from older servers).
   */
  held?: HeldCompletion[];
  /**
   * The server's clock as it answered a learner's own pull (`/api/sync/progress`), as
   * `SyncPushResponse.serverTime`: the phone compares its own clock with it (absent from older servers).
   */
  serverTime?: string;
}

export interface HeldCompletion {
  courseId: string;
  status: 'pending' | 'refused';
}

export interface AdminAttempt extends AttemptRecord {
  userId: string;
  userName: string;
  /** The learner's NIP ('' for a deleted account): every people export carries it (issue 12.8). */
  nip: string;
  unit: string;
  /** What the phone claimed, for comparing with the server's score. */
  clientScaled: number | null;
  /** Remedial attempts granted to this learner at this quiz, oldest first. */
  grants: { extra: number; reason: string }[];
  /**
   * Whether the viewer may grant this learner more tries: never on their own results, nor an
   * OPD admin on their OPD's administrators'.
   */
  decidable: boolean;
}

/**
 * One page of attempts, newest first. `next` asks for the following (older) page as
 * `?after=<next>`; null on the last page.
 */
export interface AdminAttemptsPage {
  attempts: AdminAttempt[];
  next: string | null;
}

export interface StatementConflict {
  statementId: string;
  /** Names this conflict (a statement may conflict more than once): pass it as `after` for the next page. */
  cursor: string;
  userId: string;
  receivedAt: string;
  stored: unknown;
  received: unknown;
}

/** The admin's conflicts, newest first, a page at a time; `next` is the `after` of the next page, null on the last. */
export interface ConflictsPage {
  conflicts: StatementConflict[];
  next: string | null;
}

/**
 * A completion held because the study time the phone recorded is implausibly short (issue 9.7):
 * waiting for an admin, or refused by one (a refusal stands until an admin accepts it).
 */
export interface CompletionReview {
  userId: string;
  userName: string;
  nip: string;
  opd: string;
  unit: string;
  courseId: string;
  courseVersion: string;
  completedAt: string;
  jp: number;
  /** Time on task the learner's phone recorded for the course, in minutes. */
  studyMinutes: number;
  /** What the server's rule asks for a completion to be credited without review. */
  requiredMinutes: number;
  /** When an admin refused it; null while it waits. */
  refusedAt: string | null;
  /** The name of the admin who refused it; null while it waits or when that account is gone. */
  refusedBy: string | null;
}

export interface CompletionReviewsPage {
  reviews: CompletionReview[];
  next: string | null;
}

/** Which held completions a list shows: those waiting for a decision, or those an admin refused. */
export type CompletionReviewStatus = 'pending' | 'refused';

export const completionReviewsApi = {
  /** Waiting ones; `?status=refused` lists the refused ones, most recently refused first. */
  list: '/api/admin/completion-reviews',
  refused: '/api/admin/completion-reviews?status=refused',
  /** `seen`: the list the admin decided from; an accept of one decided since is 409 `already_decided`. */
  decide: (userId: string, courseId: string, decision: 'accept' | 'refuse', seen: CompletionReviewStatus) =>
    `/api/admin/completion-reviews/${encodeURIComponent(userId)}/${encodeURIComponent(courseId)}/${decision}` +
    `?seen=${seen}`,
} as const;

export const syncApi = {
  push: '/api/sync',
  progress: '/api/sync/progress',
  adminAttempts: '/api/admin/attempts',
  adminConflicts: '/api/admin/conflicts',
} as const;
