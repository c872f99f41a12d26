import { EMPLOYMENT_STATUSES, JENIS_JABATAN, type EmploymentStatus, type JenisJabatan } from '../roster';
import { ROLES, type LoginResponse, type Role, type User } from './index';

/**
 * The login answer, checked by hand rather than with zod: the login form is the app's first
 * load, which zod would make 40 % bigger (test/e2e/size.test.ts), and an old page must still
 * log in when a newer deployment has removed its lazy chunks. The object returned is built
 * field by field, so a field added to `LoginResponse` or `User` does not compile until it is
 * checked here too.
 */
export function readLoginResponse(answer: unknown): LoginResponse | null {
  if (!isObject(answer)) return null;
  const { token, expiresAt, signingKey, user } = fields(answer, ['token', 'expiresAt', 'signingKey', 'user']);
  if (!isText(token) || !isText(expiresAt) || !isText(signingKey) || !isObject(user)) return null;
  const checkedUser = readUser(user);
  return checkedUser && { token, expiresAt, signingKey, user: checkedUser };
}

function readUser(user: object): User | null {
  const { id, nip, name, role, unit, opd, status, jabatan } = fields(user, [
    'id',
    'nip',
    'name',
    'role',
    'unit',
    'opd',
    'status',
    'jabatan',
  ]);
  if (!isText(id) || !isText(nip) || !isText(name) || !isRole(role) || !isText(unit)) return null;
  if (!isText(opd) || !isStatus(status) || !isText(jabatan)) return null;
  const { jenisJabatan, golongan, atasanNip, directReports, mustChangePassword } = fields(user, [
    'jenisJabatan',
    'golongan',
    'atasanNip',
    'directReports',
    'mustChangePassword',
  ]);
  if (!(jenisJabatan === null || isJenisJabatan(jenisJabatan))) return null;
  if (!(golongan === null || isText(golongan)) || !(atasanNip === null || isText(atasanNip))) return null;
  if (!Number.isSafeInteger(directReports) || typeof directReports !== 'number' || directReports < 0) return null;
  if (typeof mustChangePassword !== 'boolean') return null;
  return {
    id,
    nip,
    name,
    role,
    unit,
    opd,
    status,
    jabatan,
    jenisJabatan,
    golongan,
    atasanNip,
    directReports,
    mustChangePassword,
  };
}

/** `readLoginResponse` in the shape `requestJson` checks answers with (zod's `safeParse`). */
export const LoginResponseSchema = {
  safeParse(answer: unknown) {
    const data = readLoginResponse(answer);
    return data
      ? { success: true as const, data }
      : { success: false as const, error: new Error('not a login answer') };
  },
};

/** `{ user }`: the answer of `GET /api/me` and `POST /api/auth/password`, checked the same way. */
export const UserAnswerSchema = {
  safeParse(answer: unknown) {
    const user = isObject(answer) ? fields(answer, ['user']).user : undefined;
    const data = isObject(user) ? readUser(user) : null;
    return data
      ? { success: true as const, data: { user: data } }
      : { success: false as const, error: new Error('not a user answer') };
  },
};

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string';
const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);
const isStatus = (value: unknown): value is EmploymentStatus => EMPLOYMENT_STATUSES.some((status) => status === value);
const isJenisJabatan = (value: unknown): value is JenisJabatan => JENIS_JABATAN.some((jenis) => jenis === value);

/** The object's own fields by those names (an inherited `toString` is not a field). */
function fields(value: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, Object.hasOwn(value, key) ? Reflect.get(value, key) : undefined]));
}
