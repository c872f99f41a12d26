import type { Role, User } from '../../shared/protocol';
import { isValidNip } from '../../shared/nip';
import type { Queryable } from '../db/db';
import { hashPassword, rejectAfterEqualWork, verifyPassword } from '../auth/password';

export interface NewUser {
  nip: string;
  name: string;
  role: Role;
  unit: string;
  password: string;
}

interface UserRow extends User {
  password_hash: string;
}

const USER_COLUMNS = 'id, nip, name, role, unit';

export async function createUser(db: Queryable, input: NewUser): Promise<User> {
  if (!isValidNip(input.nip)) throw new Error(`Not a valid NIP: ${input.nip}`);
  const passwordHash = await hashPassword(input.password);
  const [row] = await db.query<User>(
    `INSERT INTO users (nip, name, role, unit, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${USER_COLUMNS}`,
    [input.nip, input.name, input.role, input.unit, passwordHash],
  );
  if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
  return toUser(row);
}

export async function findUserByNip(db: Queryable, nip: string): Promise<User | null> {
  const [row] = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE nip = $1`, [nip]);
  return row === undefined ? null : toUser(row);
}

export async function findUserById(db: Queryable, id: string): Promise<User | null> {
  const [row] = await db.query<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return row === undefined ? null : toUser(row);
}

/** The user when the NIP and password match; null otherwise, after the same work either way. */
export async function verifyCredentials(db: Queryable, nip: string, password: string): Promise<User | null> {
  const [row] = await db.query<UserRow>(`SELECT ${USER_COLUMNS}, password_hash FROM users WHERE nip = $1`, [nip]);
  if (row === undefined) {
    await rejectAfterEqualWork(password);
    return null;
  }
  return (await verifyPassword(password, row.password_hash)) ? toUser(row) : null;
}

/** Copies only the public fields, so a password hash can never ride along into a response. */
function toUser(row: User): User {
  return { id: row.id, nip: row.nip, name: row.name, role: row.role, unit: row.unit };
}
