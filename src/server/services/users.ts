import type { Role, User } from '../../shared/protocol';
import type { PersonSummary } from '../../shared/protocol/people';
import { normalizeRosterText, rosterProblems, type EmploymentStatus, type RosterRecord } from '../../shared/roster';
import type { Queryable } from '../db/db';
import { hashPassword } from '../auth/password';

/**
 * Accounts: the roster entry, the role and the credentials. The NIP is the key (a roster import
 * upserts by it); the uuid is what leaves the server in results (xAPI actor).
 */

/** An account with a password chosen up front (demo accounts, tests, `npm run admin`). */
export interface NewUser extends Partial<Omit<RosterRecord, 'nip' | 'name' | 'unit'>> {
  nip: string;
  name: string;
  unit: string;
  role: Role;
  password: string;
  /** The password is a one-time one someone else knows: replaced at first login. */
  mustChangePassword?: boolean;
}

export interface UserRow {
  id: string;
  nip: string;
  name: string;
  role: Role;
  unit: string;
  opd: string;
  status: EmploymentStatus;
  jabatan: string;
  jenis_jabatan: User['jenisJabatan'];
  golongan: string | null;
  atasan_nip: string | null;
  aktif: boolean;
  must_change_password: boolean;
  last_seen_at: Date | null;
  has_password: boolean;
  direct_reports: number;
}

/** Every public column of `u`, with what is derived: whether it has a password, how many report to it. */
export const USER_COLUMNS = `u.id, u.nip, u.name, u.role, u.unit, u.opd, u.status, u.jabatan, u.jenis_jabatan,
  u.golongan, u.atasan_nip, u.aktif, u.must_change_password, u.last_seen_at,
  u.password_hash IS NOT NULL AS has_password,
  (SELECT count(*) FROM users r WHERE r.atasan_nip = u.nip AND r.aktif)::int AS direct_reports`;

/** Fills what a caller left out and tidies text, then refuses an entry the roster rules refuse. */
export function completeRecord(input: NewUser): RosterRecord {
  const record: RosterRecord = {
    nip: input.nip,
    name: normalizeRosterText(input.name),
    status: input.status ?? 'PNS',
    jabatan: normalizeRosterText(input.jabatan ?? ''),
    jenisJabatan: input.jenisJabatan ?? null,
    golongan: input.golongan ?? null,
    unit: normalizeRosterText(input.unit),
    opd: normalizeRosterText(input.opd ?? ''),
    atasanNip: input.atasanNip ?? null,
  };
  const problems = rosterProblems(record);
  if (problems.length > 0)
    throw new Error(
      `Not a valid roster entry for ${input.nip}: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`,
    );
  return record;
}

export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  return insertUser(db, completeRecord(input), input.role, {
    passwordHash: await hashPassword(input.password),
    mustChangePassword: input.mustChangePassword ?? false,
  });
}

/** Inserts an account; `passwordHash` null makes one that cannot sign in until a password is issued. */
export async function insertUser(
  db: Queryable,
  record: RosterRecord,
  role: Role,
  credentials: { passwordHash: string | null; mustChangePassword: boolean; oneTimePasswordOpd?: string | null },
): Promise<User> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO users (nip, name, role, unit, opd, status, jabatan, jenis_jabatan, golongan, atasan_nip,
       password_hash, must_change_password, one_time_password_opd)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [
      record.nip,
      record.name,
      role,
      record.unit,
      record.opd,
      record.status,
      record.jabatan,
      record.jenisJabatan,
      record.golongan,
      record.atasanNip,
      credentials.passwordHash,
      credentials.mustChangePassword,
      credentials.oneTimePasswordOpd ?? null,
    ],
  );
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  const user = await findUserById(db, row.id);
  if (user === null) throw new Error('An account vanished right after it was created');
  return user;
}

export async function findUserByNip(db: Queryable, nip: string): Promise<User | null> {
  const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.nip = $1`, [nip]);
  return row === undefined ? null : toUser(row);
}

export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return row === undefined ? null : toUser(row);
}

/** What a login needs: the account and its stored hash (null before a password was ever issued). */
export async function findCredentials(
  db: Queryable,
  nip: string,
): Promise<{ user: User; aktif: boolean; passwordHash: string | null } | null> {
  const [row] = await db.query<UserRow & { password_hash: string | null }>(
    `SELECT ${USER_COLUMNS}, u.password_hash FROM users u WHERE u.nip = $1`,
    [nip],
  );
  return row === undefined ? null : { user: toUser(row), aktif: row.aktif, passwordHash: row.password_hash };
}

/**
 * Who chose a password: its holder, or an admin handing over a one-time one, to be replaced at
 * the first login (`oneTimeFromOpd`: the OPD of the OPD admin who issued it, null for the BKPSDM).
 */
export type PasswordSource = 'holder' | { oneTimeFromOpd: string | null };

/** Stores a new password hash, remembering who else knows it until it is replaced. */
export async function setPasswordHash(
  db: Queryable,
  userId: string,
  passwordHash: string,
  source: PasswordSource,
): Promise<void> {
  const oneTime = source !== 'holder';
  await db.query(
    `UPDATE users SET password_hash = $2, must_change_password = $3, one_time_password_opd = $4, updated_at = now()
     WHERE id = $1`,
    [userId, passwordHash, oneTime, oneTime ? source.oneTimeFromOpd : null],
  );
}

export async function readPasswordHash(db: Queryable, userId: string): Promise<string | null> {
  const [row] = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE id = $1', [
    userId,
  ]);
  return row?.password_hash ?? null;
}

/** Copies only the public fields, so a password hash can never ride along into a response. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    nip: row.nip,
    name: row.name,
    role: row.role,
    unit: row.unit,
    opd: row.opd,
    status: row.status,
    jabatan: row.jabatan,
    jenisJabatan: row.jenis_jabatan,
    golongan: row.golongan,
    atasanNip: row.atasan_nip,
    directReports: row.direct_reports,
    mustChangePassword: row.must_change_password,
  };
}

export function toPersonSummary(row: UserRow): PersonSummary {
  return {
    id: row.id,
    nip: row.nip,
    name: row.name,
    role: row.role,
    status: row.status,
    jabatan: row.jabatan,
    jenisJabatan: row.jenis_jabatan,
    golongan: row.golongan,
    unit: row.unit,
    opd: row.opd,
    atasanNip: row.atasan_nip,
    aktif: row.aktif,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    hasPassword: row.has_password,
    mustChangePassword: row.must_change_password,
  };
}

/** Active BKPSDM administrators: none on a fresh install without the demo, until `npm run admin -- create`. */
export async function countActiveAdmins(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    "SELECT count(*)::int AS count FROM users WHERE role = 'admin' AND aktif AND password_hash IS NOT NULL",
  );
  return row?.count ?? 0;
}
