import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import type { Session } from './tokens';

/**
 * Whose people and results a session may read: the one rule every route that returns people
 * or results goes through (a scoping failure is a data leak). An audience is a union of
 * everyone (BKPSDM admin), one OPD (OPD admin), one atasan's direct reports (derived from the
 * roster: the accounts whose `atasan_nip` is the viewer's NIP) and the viewer themself.
 * Routes pick the audience that fits what they show (`managedBy`, `followedBy`, `teamOf`,
 * `decidedBy`) and turn it into SQL with `audienceCondition`.
 */
export interface Audience {
  everyone: boolean;
  opd: string | null;
  /** The OPD member counts learners only (role `learner`), not the OPD's administrators. */
  opdLearnersOnly: boolean;
  reportsOf: string | null;
  self: string | null;
  /** An account left out whatever else includes it. */
  except: string | null;
}

const NOBODY: Audience = {
  everyone: false,
  opd: null,
  opdLearnersOnly: false,
  reportsOf: null,
  self: null,
  except: null,
};
/** What the BKPSDM sees. */
export const EVERYONE: Audience = { ...NOBODY, everyone: true };

/**
 * Admin screens (people, attempts, conflicts, reports): everyone for the BKPSDM; for an OPD
 * admin the learners of her OPD and herself. Her OPD's other administrators (the BKPSDM's own
 * staff, when she operates the BKPSDM's OPD) are not hers to read: their sessions, devices and
 * records are the BKPSDM's to see, as their decisions already are.
 */
export function managedBy(session: Pick<Session, 'role' | 'opd'> & { userId: string | null }): Audience {
  if (session.role === 'admin') return EVERYONE;
  if (session.role === 'admin_opd') return { ...NOBODY, opd: session.opd, opdLearnersOnly: true, self: session.userId };
  return NOBODY;
}

/**
 * Whose records a session may decide on — approve, refuse, accept, grant, validate, revoke: the
 * BKPSDM everyone but themself, an OPD admin the learners of their OPD (an administrator's own
 * records go to the BKPSDM, a BKPSDM admin's to another BKPSDM admin). Nobody approves their own
 * JP. The lists of what waits for a decision read through it too, so they offer nothing else.
 */
export function decidedBy(session: Pick<Session, 'role' | 'opd' | 'userId'>): Audience {
  return { ...managedBy(session), opdLearnersOnly: true, except: session.userId };
}

/**
 * The guard of every decision on someone's record: 404 when the person is not among those the
 * session manages (as the lists say), 403 when they are but the decision is not the session's
 * to make (their own record, or an administrator of their OPD).
 */
export async function assertMayDecide(
  db: Queryable,
  session: Session,
  userId: string,
  notFound: string,
): Promise<void> {
  if (userId !== session.userId && !(await canSee(db, managedBy(session), userId)))
    throw new ApiError(404, 'not_found', notFound);
  if (!(await canSee(db, decidedBy(session), userId)))
    throw new ApiError(
      403,
      'forbidden',
      userId === session.userId
        ? 'Nobody decides on their own record: another administrator does'
        : "An OPD admin decides on their OPD's learners only: the BKPSDM decides on its administrators",
    );
}

/** One person's progress: whoever the session manages, its direct reports, and itself. */
export function followedBy(session: Session): Audience {
  return { ...managedBy(session), reportsOf: session.nip, self: session.userId };
}

/** The atasan's team view: direct reports only, whatever else the account may be. */
export function teamOf(session: Session): Audience {
  return { ...NOBODY, reportsOf: session.nip };
}

/**
 * A SQL condition true when `userIdColumn` (an expression holding an account id) is in the
 * audience. Its values are appended to `params`, so it composes with a query's own parameters.
 * Records of deleted accounts (no `users` row) are seen by the BKPSDM only.
 */
export function audienceCondition(audience: Audience, userIdColumn: string, params: unknown[]): string {
  const param = (value: string): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const except = audience.except === null ? null : `${userIdColumn} <> ${param(audience.except)}::uuid`;
  if (audience.everyone) return except ?? 'TRUE';
  const members: string[] = [];
  if (audience.opd !== null)
    members.push(
      `scope_user.opd = ${param(audience.opd)}${audience.opdLearnersOnly ? " AND scope_user.role = 'learner'" : ''}`,
    );
  if (audience.reportsOf !== null) members.push(`scope_user.atasan_nip = ${param(audience.reportsOf)}`);
  if (audience.self !== null) members.push(`scope_user.id = ${param(audience.self)}::uuid`);
  if (members.length === 0) return 'FALSE';
  const anyMember = members.map((member) => `(${member})`).join(' OR ');
  const within = `${userIdColumn} IN (SELECT scope_user.id FROM users scope_user WHERE ${anyMember})`;
  return except === null ? within : `${within} AND ${except}`;
}

/** Whether one account is in the audience (false for an id that names no account). */
export async function canSee(db: Queryable, audience: Audience, userId: string): Promise<boolean> {
  const params: unknown[] = [userId];
  const condition = audienceCondition(audience, 'u.id', params);
  const rows = await db.query<{ id: string }>(`SELECT u.id FROM users u WHERE u.id = $1 AND ${condition}`, params);
  return rows.length > 0;
}

/**
 * For rows that record an OPD rather than an account (an audit event about a batch): true for
 * the BKPSDM, and for an OPD admin when `opdColumn` is their OPD.
 */
export function audienceOpdCondition(audience: Audience, opdColumn: string, params: unknown[]): string {
  if (audience.everyone) return 'TRUE';
  if (audience.opd === null) return 'FALSE';
  params.push(audience.opd);
  return `${opdColumn} = $${params.length}`;
}
