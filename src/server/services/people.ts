import {
  INITIAL_PASSWORDS_BATCH,
  PEOPLE_PAGE_SIZE,
  RECENT_ACTIVITY_DAYS,
  type InitialPasswordsResponse,
  type IssuedPassword,
  type OpdCount,
  type PeoplePage,
  type PeopleQuery,
  type PersonDetail,
  type PersonInput,
  type PersonSummary,
} from '../../shared/protocol/people';
import { normalizeGolongan, normalizeRosterText, rosterProblems, type RosterRecord } from '../../shared/roster';
import { audienceCondition, managedBy, type Audience } from '../auth/audience';
import { generateOneTimePassword, hashOneTimePassword } from '../auth/password';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { recordAccountEvent } from './account-events';
import {
  ledBeyondOpdLearners,
  lockAtasanRights,
  oneTimePasswordIssuer,
  requireHeldAtasan,
  requireNipsManageable,
  withdrawOneTimePasswordsBeyondIssuer,
} from './atasan-nips';
import { lifetimeJpByUser } from './ledger';
import { coursesOf } from './person-courses';
import { endSessionsOf, listSessions } from './sessions';
import { insertUser, setPasswordHash, toPersonSummary, USER_COLUMNS, type UserRow } from './users';

/**
 * The admin's people screen and every lifecycle action on accounts. What an admin may read is
 * `managedBy` (everyone for the BKPSDM, one OPD for an OPD admin); what they may change is
 * narrower: an OPD admin changes learners of their OPD only, never an administrator, and never
 * the NIP or password of an atasan of people outside their OPD (`atasan-nips.ts`).
 */

/** Who acts: a signed-in admin, or the operator at the server's command line (`userId` null, full rights). */
export type Actor = Pick<Session, 'role' | 'opd'> & { userId: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page of people in the audience, by name, filtered; cut after the person `after` (keyset, not offset). */
export async function listPeople(
  db: Queryable,
  audience: Audience,
  query: PeopleQuery,
  pageSize = PEOPLE_PAGE_SIZE,
): Promise<PeoplePage> {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = [audienceCondition(audience, 'u.id', params)];
  const q = query.q?.trim() ?? '';
  if (/^\d+$/.test(q)) conditions.push(`u.nip LIKE ${param(`${q}%`)}`);
  else if (q !== '') conditions.push(`lower(u.name) LIKE ${param(`%${escapeLike(q.toLowerCase())}%`)} ESCAPE '\\'`);
  if (query.opd !== undefined) conditions.push(`u.opd = ${param(query.opd)}`);
  if (query.status !== undefined) conditions.push(`u.status = ${param(query.status)}`);
  if (query.aktif !== undefined) conditions.push(`u.aktif = ${param(query.aktif)}`);
  if (query.activity === 'never') conditions.push('u.last_seen_at IS NULL');
  if (query.activity === 'recent' || query.activity === 'idle') {
    const since = `now() - make_interval(days => ${param(RECENT_ACTIVITY_DAYS)})`;
    conditions.push(query.activity === 'recent' ? `u.last_seen_at >= ${since}` : `u.last_seen_at < ${since}`);
  }
  if (query.after !== undefined) {
    // The cursor is looked up in the audience too: another OPD's id would tell where that name sorts.
    const after = param(query.after);
    const cursor = `b.id = ${after}::uuid AND ${audienceCondition(audience, 'b.id', params)}`;
    conditions.push(`(u.name, u.id) > (SELECT b.name, b.id FROM users b WHERE ${cursor})`);
  }
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE ${conditions.join(' AND ')} ORDER BY u.name, u.id
       LIMIT ${param(pageSize + 1)}`,
    params,
  );
  const people = rows.slice(0, pageSize).map(toPersonSummary);
  return { people, next: rows.length > pageSize ? (people.at(-1)?.id ?? null) : null };
}

/** `%`, `_` and `\` typed into the search box are searched for, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * The person if the audience may see them; null for anyone else (an OPD admin cannot tell "elsewhere" from "nobody").
 */
export async function findPerson(db: Queryable, audience: Audience, id: string): Promise<UserRow | null> {
  if (!UUID.test(id)) return null;
  const params: unknown[] = [id];
  const [row] = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND ${audienceCondition(audience, 'u.id', params)}`,
    params,
  );
  return row ?? null;
}

export async function personDetail(db: Queryable, audience: Audience, id: string): Promise<PersonDetail | null> {
  const row = await findPerson(db, audience, id);
  if (row === null) return null;
  const [courses, lifetimeJp, sessions] = await Promise.all([
    coursesOf(db, [row.id]),
    lifetimeJpByUser(db, [row.id]),
    listSessions(db, row.id),
  ]);
  return {
    person: toPersonSummary(row),
    courses: courses.get(row.id) ?? [],
    jpTotal: lifetimeJp.get(row.id) ?? 0,
    sessions,
  };
}

/**
 * The OPDs an audience sees, with their head counts (for the filter list) and how many accounts
 * wait for a printed one-time password — the same accounts `issueInitialPasswords` would list,
 * so the people screen can offer the list after the roster import's result is gone.
 */
export async function listOpds(db: Queryable, audience: Audience): Promise<OpdCount[]> {
  const params: unknown[] = [];
  // An OPD admin's audience is learners only; she cannot issue to an atasan of people elsewhere.
  const issuable = audience.everyone ? '' : `AND NOT ${ledBeyondOpdLearners('u.nip', 'u.opd')}`;
  const rows = await db.query<OpdCount>(
    `SELECT u.opd, count(*)::int AS people, count(*) FILTER (WHERE u.aktif)::int AS active,
       count(*) FILTER (WHERE u.aktif AND u.password_hash IS NULL AND u.role = 'learner' ${issuable})::int
         AS "waitingPasswords"
     FROM users u WHERE ${audienceCondition(audience, 'u.id', params)} GROUP BY u.opd ORDER BY u.opd LIMIT 1000`,
    params,
  );
  return rows;
}

/** Trims and tidies what a form sent; a golongan is written the roster's way when it is one. */
export function normalizePersonInput(input: PersonInput): PersonInput {
  const atasan = input.atasanNip?.replace(/\s+/g, '') ?? '';
  const golongan = input.golongan?.trim() ?? '';
  return {
    ...input,
    nip: input.nip.replace(/\s+/g, ''),
    name: normalizeRosterText(input.name),
    jabatan: normalizeRosterText(input.jabatan),
    unit: normalizeRosterText(input.unit),
    opd: normalizeRosterText(input.opd),
    atasanNip: atasan === '' ? null : atasan,
    golongan: golongan === '' ? null : (normalizeGolongan(golongan, input.status) ?? golongan),
  };
}

/** Refuses what the roster rules or the actor's rights refuse, before anything is written. */
function checkPersonInput(actor: Actor, input: PersonInput): void {
  const problems = rosterProblems(input);
  // The schema refused a blank OPD as sent; one of zero-width characters alone is blank only once tidied.
  if (input.opd === '') problems.push({ field: 'opd', code: 'required' });
  if (problems.length > 0)
    throw new ApiError(400, 'bad_request', 'The roster entry has problems; see details', { problems });
  if (actor.role !== 'admin') {
    if (input.opd !== actor.opd)
      throw new ApiError(403, 'forbidden', 'An OPD admin manages people of their own OPD only');
    if (input.role !== 'learner') throw new ApiError(403, 'forbidden', 'Only the BKPSDM appoints administrators');
  }
}

/** A new account with a one-time password to hand over; it must be replaced at the first login. */
export async function createPerson(db: Queryable, actor: Actor, raw: PersonInput): Promise<IssuedPassword> {
  const input = normalizePersonInput(raw);
  checkPersonInput(actor, input);
  const oneTimePassword = generateOneTimePassword();
  return db.transaction(async (tx) => {
    await lockAtasanRights(tx);
    const [taken] = await tx.query<{ id: string }>('SELECT id FROM users WHERE nip = $1', [input.nip]);
    if (taken !== undefined) throw new ApiError(409, 'nip_taken', `NIP ${input.nip} already has an account`);
    await requireHeldAtasan(tx, input.atasanNip);
    // A NIP named as atasan outside the OPD (left from before that was refused): its password opens that team.
    await requireNipsManageable(tx, actor, [input.nip]);
    const user = await insertUser(tx, rosterOf(input), input.role, {
      passwordHash: hashOneTimePassword(oneTimePassword),
      mustChangePassword: true,
      oneTimePasswordOpd: oneTimePasswordIssuer(actor),
    });
    // The new account's atasan now leads someone more: perhaps beyond the OPD that knows its first password.
    await withdrawOneTimePasswordsBeyondIssuer(tx, actor.userId, [input.atasanNip]);
    await recordAccountEvent(tx, {
      actorId: actor.userId,
      action: 'create',
      target: user,
      opd: input.opd,
      details: { ...rosterOf(input), role: input.role },
    });
    const person = await findPerson(tx, managedBy(actor), user.id);
    if (person === null) throw new Error('A created account is not visible to its creator');
    return { person: toPersonSummary(person), oneTimePassword };
  });
}

/** Replaces a person's roster entry (and, for the BKPSDM, their role); logs what changed. */
export async function updatePerson(db: Queryable, actor: Actor, id: string, raw: PersonInput): Promise<PersonSummary> {
  const input = normalizePersonInput(raw);
  checkPersonInput(actor, input);
  return db.transaction(async (tx) => {
    await lockAtasanRights(tx);
    const before = await managedTarget(tx, actor, id);
    if (before.nip !== input.nip) {
      const [taken] = await tx.query<{ id: string }>('SELECT id FROM users WHERE nip = $1', [input.nip]);
      if (taken !== undefined) throw new ApiError(409, 'nip_taken', `NIP ${input.nip} already has an account`);
      // The NIP given up and the one taken: either may be the atasan of people the actor does not manage.
      await requireNipsManageable(tx, actor, [before.nip, input.nip]);
    }
    if (before.id === actor.userId && input.role !== before.role)
      throw new ApiError(400, 'bad_request', 'Administrators cannot change their own role');
    const was = toPersonSummary(before);
    const changes = Object.fromEntries(
      PERSON_FIELDS.filter((field) => was[field] !== input[field]).map((field) => [field, input[field]]),
    );
    await tx.query(
      `UPDATE users SET nip = $2, name = $3, status = $4, jabatan = $5, jenis_jabatan = $6, golongan = $7, unit = $8,
         opd = $9, atasan_nip = $10, role = $11, updated_at = now() WHERE id = $1`,
      [
        id,
        input.nip,
        input.name,
        input.status,
        input.jabatan,
        input.jenisJabatan,
        input.golongan,
        input.unit,
        input.opd,
        input.atasanNip,
        input.role,
      ],
    );
    // The reports follow the atasan to the new NIP, so no one is left naming a NIP nobody holds.
    const reportsMoved =
      before.nip === input.nip
        ? []
        : await tx.query<{ id: string }>(
            'UPDATE users SET atasan_nip = $2, updated_at = now() WHERE atasan_nip = $1 AND id <> $3 RETURNING id',
            [before.nip, input.nip, id],
          );
    // Checked after the writes: an atasan NIP this very account just gave up is held by nobody now.
    // One left as it was is not: a reference from before the rule must not block fixing a name.
    if (input.atasanNip !== before.atasan_nip) await requireHeldAtasan(tx, input.atasanNip);
    // The atasan now leads this person, perhaps from another OPD or as an administrator; the NIP
    // taken may be named by others: either account may now lead people beyond its password's issuer.
    await withdrawOneTimePasswordsBeyondIssuer(tx, actor.userId, [input.atasanNip, input.nip]);
    if (Object.keys(changes).length > 0)
      await recordAccountEvent(tx, {
        actorId: actor.userId,
        action: 'update',
        target: before,
        opd: input.opd,
        details: reportsMoved.length === 0 ? changes : { ...changes, reportsMoved: reportsMoved.length },
      });
    const updated = await findPerson(tx, managedBy(actor), id);
    if (updated === null) throw new Error('An updated account vanished');
    return toPersonSummary(updated);
  });
}

/** A new one-time password; every session of the account ends at once. */
export async function resetPassword(db: Queryable, actor: Actor, id: string): Promise<IssuedPassword> {
  const oneTimePassword = generateOneTimePassword();
  return db.transaction(async (tx) => {
    await lockAtasanRights(tx);
    const target = await managedTarget(tx, actor, id, { notSelf: 'Change your own password from your profile' });
    await requireNipsManageable(tx, actor, [target.nip]);
    await setPasswordHash(tx, id, hashOneTimePassword(oneTimePassword), {
      oneTimeFromOpd: oneTimePasswordIssuer(actor),
    });
    const ended = await endSessionsOf(tx, id, 'password_reset');
    await recordAccountEvent(tx, {
      actorId: actor.userId,
      action: 'reset_password',
      target,
      opd: target.opd,
      details: { sessionsEnded: ended },
    });
    const person = await findPerson(tx, managedBy(actor), id);
    if (person === null) throw new Error('A reset account vanished');
    return { person: toPersonSummary(person), oneTimePassword };
  });
}

/**
 * Deactivated: cannot sign in, every session ends at once; every record stays and still counts
 * in reports for the time the person was active. Activated again: signs in with the same password.
 */
export async function setActive(db: Queryable, actor: Actor, id: string, aktif: boolean): Promise<PersonSummary> {
  return db.transaction(async (tx) => {
    const target = await managedTarget(tx, actor, id, { notSelf: 'Administrators cannot deactivate themselves' });
    await tx.query('UPDATE users SET aktif = $2, updated_at = now() WHERE id = $1', [id, aktif]);
    const ended = aktif ? 0 : await endSessionsOf(tx, id, 'deactivated');
    await recordAccountEvent(tx, {
      actorId: actor.userId,
      action: aktif ? 'activate' : 'deactivate',
      target,
      opd: target.opd,
      details: aktif ? {} : { sessionsEnded: ended },
    });
    const person = await findPerson(tx, managedBy(actor), id);
    if (person === null) throw new Error('An account vanished while changing its state');
    return toPersonSummary(person);
  });
}

/**
 * Deactivates many accounts at once (those a full roster re-import left out, chosen by the
 * admin): all or nothing, each one checked as `setActive` checks one, each one in the audit log.
 */
export async function setActiveMany(
  db: Queryable,
  actor: Actor,
  ids: readonly string[],
  aktif: boolean,
): Promise<{ deactivated: number }> {
  return db.transaction(async (tx) => {
    let deactivated = 0;
    for (const id of new Set(ids)) {
      const target = await managedTarget(tx, actor, id, { notSelf: 'Administrators cannot deactivate themselves' });
      if (target.aktif === aktif) continue;
      await tx.query('UPDATE users SET aktif = $2, updated_at = now() WHERE id = $1', [id, aktif]);
      const ended = aktif ? 0 : await endSessionsOf(tx, id, 'deactivated');
      await recordAccountEvent(tx, {
        actorId: actor.userId,
        action: aktif ? 'activate' : 'deactivate',
        target,
        opd: target.opd,
        details: aktif ? { via: 'import' } : { via: 'import', sessionsEnded: ended },
      });
      deactivated++;
    }
    return { deactivated };
  });
}

/** Signs the account out everywhere (a lost phone); its next contact answers 401, its data on the phone stays. */
export async function endAllSessions(db: Queryable, actor: Actor, id: string): Promise<{ ended: number }> {
  return db.transaction(async (tx) => {
    const target = await managedTarget(tx, actor, id);
    const ended = await endSessionsOf(tx, id, 'ended_by_admin');
    await recordAccountEvent(tx, {
      actorId: actor.userId,
      action: 'end_sessions',
      target,
      opd: target.opd,
      details: { sessionsEnded: ended },
    });
    return { ended };
  });
}

/**
 * One-time passwords for the active accounts of one OPD that have none yet (a roster import
 * makes accounts without), for a printed list; at most a batch at a time, `remaining` says how
 * many more wait. Only the hashes are kept: the list is shown once.
 */
export async function issueInitialPasswords(
  db: Queryable,
  actor: Actor,
  rawOpd: string,
): Promise<InitialPasswordsResponse> {
  const opd = normalizeRosterText(rawOpd);
  if (actor.role !== 'admin' && opd !== actor.opd)
    throw new ApiError(403, 'forbidden', 'An OPD admin issues passwords for their own OPD only');
  // An OPD admin's list leaves out the atasan of people elsewhere: only the BKPSDM issues theirs.
  const waitingHere = `u.opd = $1 AND u.password_hash IS NULL AND u.aktif AND u.role = 'learner'
    ${actor.role === 'admin' ? '' : `AND NOT ${ledBeyondOpdLearners('u.nip', '$1')}`}`;
  return db.transaction(async (tx) => {
    await lockAtasanRights(tx);
    const waiting = await tx.query<{ id: string; nip: string; name: string; unit: string; opd: string }>(
      `SELECT u.id, u.nip, u.name, u.unit, u.opd FROM users u WHERE ${waitingHere}
       ORDER BY u.unit, u.name, u.id LIMIT $2 FOR UPDATE OF u`,
      [opd, INITIAL_PASSWORDS_BATCH + 1],
    );
    const batch = waiting.slice(0, INITIAL_PASSWORDS_BATCH);
    const passwords = batch.map((person) => ({ ...person, password: generateOneTimePassword() }));
    if (passwords.length > 0) {
      await tx.query(
        `UPDATE users SET password_hash = r.hash, must_change_password = true, one_time_password_opd = $2,
           updated_at = now()
         FROM jsonb_to_recordset($1::jsonb) AS r (id uuid, hash text) WHERE users.id = r.id`,
        [
          JSON.stringify(passwords.map((person) => ({ id: person.id, hash: hashOneTimePassword(person.password) }))),
          oneTimePasswordIssuer(actor),
        ],
      );
      await recordAccountEvent(tx, {
        actorId: actor.userId,
        action: 'issue_initial_passwords',
        target: null,
        opd,
        details: { count: passwords.length },
      });
    }
    const [rest] = await tx.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM users u WHERE ${waitingHere}`,
      [opd],
    );
    return { passwords, remaining: rest?.count ?? 0 };
  });
}

/**
 * The account an admin acts on: 404 when outside what they manage (an OPD admin cannot probe
 * other OPDs), 403 when they see it but may not change it (an administrator, for an OPD admin).
 */
async function managedTarget(
  db: Queryable,
  actor: Actor,
  id: string,
  options: { notSelf?: string } = {},
): Promise<UserRow> {
  const target = await findPerson(db, managedBy(actor), id);
  if (target === null) throw new ApiError(404, 'not_found', 'No such person among those you manage');
  if (actor.role !== 'admin' && target.role !== 'learner')
    throw new ApiError(403, 'forbidden', 'Only the BKPSDM manages administrator accounts');
  if (options.notSelf !== undefined && target.id === actor.userId)
    throw new ApiError(400, 'bad_request', options.notSelf);
  return target;
}

function rosterOf(input: PersonInput): RosterRecord {
  const { nip, name, status, jabatan, jenisJabatan, golongan, unit, opd, atasanNip } = input;
  return { nip, name, status, jabatan, jenisJabatan, golongan, unit, opd, atasanNip };
}

/** The fields an update may change, named as the API names them (the audit log's vocabulary). */
const PERSON_FIELDS = [
  'nip',
  'name',
  'status',
  'jabatan',
  'jenisJabatan',
  'golongan',
  'unit',
  'opd',
  'atasanNip',
  'role',
] as const satisfies readonly (keyof PersonInput)[];
