import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { recordAccountEvent } from './account-events';
import { endSessionsOf } from './sessions';

/**
 * Being an atasan is not a role: whoever holds the NIP someone's `atasan_nip` names sees that
 * person's team view, progress, certificates and reports (`teamOf`, `followedBy`). So a NIP, and
 * the password of the account holding it, carry rights over the people who name it. Two rules
 * keep those rights where the BKPSDM put them, for the people form and the roster import alike:
 *
 * - an atasan NIP must belong to an account, so nobody can later claim it by creating one;
 * - an OPD admin may not give an account a NIP, re-NIP it, or learn its password (reset, initial
 *   password list) when someone she does not manage as a learner names that NIP as atasan —
 *   anyone outside her OPD, or an administrator, herself included (as her own atasan she would
 *   review her own AKPK and action plans): only the BKPSDM may. A one-time password she issued
 *   before the account came to lead such people is withdrawn then, before its first use.
 */

type Actor = Pick<Session, 'role' | 'opd'>;

/** The advisory lock key of `lockAtasanRights`. */
const ATASAN_RIGHTS_LOCK = 4_242_010;

/**
 * Taken first by every transaction that checks these rights or changes who leads whom (people
 * form create/edit, reset, initial password list, roster import), held to its end: each then
 * reads what the one before it committed (PostgreSQL reads committed data afresh at every
 * statement), so a check and the write it allows cannot straddle an atasan naming made at the
 * same moment — nor a naming miss a one-time password issued at that moment. Admin account
 * actions are rare; taking them one at a time costs nothing a person notices.
 */
export async function lockAtasanRights(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [ATASAN_RIGHTS_LOCK]);
}

/**
 * SQL: true when someone an OPD admin of `opdSql` does not manage as a learner (anyone outside
 * that OPD, or an administrator) names the NIP `nipSql` as atasan.
 */
export function ledBeyondOpdLearners(nipSql: string, opdSql: string): string {
  return `EXISTS (SELECT 1 FROM users led WHERE led.atasan_nip = ${nipSql}
    AND (led.opd <> ${opdSql} OR led.role <> 'learner'))`;
}

/** Of `nips`, those an account holds (active or not: a deactivated account's NIP cannot be claimed either). */
export async function heldNips(db: Queryable, nips: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(nips)];
  if (wanted.length === 0) return new Set();
  const rows = await db.query<{ nip: string }>(
    'SELECT nip FROM users WHERE nip IN (SELECT jsonb_array_elements_text($1::jsonb))',
    [JSON.stringify(wanted)],
  );
  return new Set(rows.map((row) => row.nip));
}

/** Of `nips`, those only the BKPSDM may give, take or reset for this actor (none for the BKPSDM itself). */
export async function nipsReservedForBkpsdm(db: Queryable, actor: Actor, nips: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(nips)];
  if (actor.role === 'admin' || wanted.length === 0) return new Set();
  const rows = await db.query<{ nip: string }>(
    `SELECT n.nip FROM jsonb_array_elements_text($1::jsonb) AS n (nip) WHERE ${ledBeyondOpdLearners('n.nip', '$2')}`,
    [JSON.stringify(wanted), actor.opd],
  );
  return new Set(rows.map((row) => row.nip));
}

/** 400 `unknown_atasan` when no account holds the atasan NIP. */
export async function requireHeldAtasan(db: Queryable, atasanNip: string | null): Promise<void> {
  if (atasanNip === null || (await heldNips(db, [atasanNip])).has(atasanNip)) return;
  throw new ApiError(400, 'unknown_atasan', `No account holds the atasan NIP ${atasanNip}`, { atasanNip });
}

/** 403 `atasan_of_other_opd` when any of `nips` is reserved for the BKPSDM (see `nipsReservedForBkpsdm`). */
export async function requireNipsManageable(db: Queryable, actor: Actor, nips: Iterable<string>): Promise<void> {
  const [reserved] = await nipsReservedForBkpsdm(db, actor, nips);
  if (reserved === undefined) return;
  throw new ApiError(
    403,
    'atasan_of_other_opd',
    `NIP ${reserved} is the atasan of people outside your OPD or of an administrator: ` +
      'only the BKPSDM gives it, moves it or resets it',
  );
}

/** The OPD whose admin knows a one-time password this actor issues; null for the BKPSDM (entitled to every one). */
export function oneTimePasswordIssuer(actor: Actor): string | null {
  return actor.role === 'admin' ? null : actor.opd;
}

/**
 * After a write that may have made the accounts holding `nips` atasan of new people (an atasan
 * NIP given, a report moved to another OPD or made an administrator): withdraws the pending
 * one-time password an OPD admin issued to any of them that now leads people she does not
 * manage — she may no longer reset that account, so she may not keep knowing its first password
 * either. The account is left without a password, as a fresh import leaves one (only the
 * BKPSDM's list issues it now), its sessions still waiting at the forced change end, and the log
 * says so for the account's OPD. Answers how many were withdrawn.
 */
export async function withdrawOneTimePasswordsBeyondIssuer(
  db: Queryable,
  actorId: string | null,
  nips: Iterable<string | null>,
): Promise<number> {
  const wanted = [...new Set([...nips].filter((nip): nip is string => nip !== null))];
  if (wanted.length === 0) return 0;
  const withdrawn = await db.query<{ id: string; nip: string; opd: string; issuer_opd: string }>(
    `WITH withdrawn AS (
       SELECT h.id, h.nip, h.opd, h.one_time_password_opd AS issuer_opd FROM users h
       WHERE h.nip IN (SELECT jsonb_array_elements_text($1::jsonb))
         AND h.must_change_password AND h.password_hash IS NOT NULL AND h.one_time_password_opd IS NOT NULL
         AND ${ledBeyondOpdLearners('h.nip', 'h.one_time_password_opd')}
       FOR UPDATE OF h)
     UPDATE users u SET password_hash = NULL, must_change_password = false, one_time_password_opd = NULL,
       updated_at = now()
     FROM withdrawn WHERE u.id = withdrawn.id
     RETURNING withdrawn.id, withdrawn.nip, withdrawn.opd, withdrawn.issuer_opd`,
    [JSON.stringify(wanted)],
  );
  for (const account of withdrawn) {
    const sessionsEnded = await endSessionsOf(db, account.id, 'password_reset');
    await recordAccountEvent(db, {
      actorId,
      action: 'withdraw_one_time_password',
      target: account,
      opd: account.opd,
      details: { issuedByOpd: account.issuer_opd, sessionsEnded },
    });
  }
  return withdrawn.length;
}
