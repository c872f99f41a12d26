import type { User } from '../../shared/protocol';
import { passwordProblem, type PasswordProblem } from '../../shared/password-policy';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Session } from '../auth/tokens';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { clearKey, passwordChangeKey, reserveAttempt } from './login-throttle';
import { endSessionsOf } from './sessions';
import { findUserById, readPasswordHash, setPasswordHash } from './users';

/**
 * A person replaces their password (the one-time one at first login, or their own later). The
 * current password is required and throttled like a login, so a borrowed phone's session cannot
 * be used to guess it; on a key of its own, so others' failed logins for the NIP never hold it
 * back. Every other session of the account ends; this one stays.
 */
export async function changeOwnPassword(
  db: Queryable,
  session: Session,
  request: { currentPassword: string; newPassword: string },
): Promise<User> {
  const problem = passwordProblem(request.newPassword, session.nip, request.currentPassword);
  if (problem !== null)
    throw new ApiError(400, 'weak_password', `The new password is not acceptable: ${problem}`, { problem });
  const throttle = passwordChangeKey(session.userId);
  const reserved = await reserveAttempt(db, [throttle]);
  if (!reserved.allowed)
    throw new ApiError(429, 'too_many_attempts', 'Too many wrong passwords; wait before trying again', undefined, {
      'Retry-After': String(reserved.retryAfterSeconds),
    });
  const stored = await readPasswordHash(db, session.userId);
  // 400, not 401: the session is fine, only the password typed into the form is wrong.
  if (stored === null || !(await verifyPassword(request.currentPassword, stored)))
    throw new ApiError(400, 'invalid_credentials', 'The current password is wrong');
  await clearKey(db, throttle);
  // Checked against the stored hash, which accepts a one-time password in any case or spacing.
  if (await verifyPassword(request.newPassword, stored)) {
    const problem: PasswordProblem = 'same_as_current';
    throw new ApiError(400, 'weak_password', 'The new password is the current one', { problem });
  }
  const hash = await hashPassword(request.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, session.userId, hash, 'holder');
    await endSessionsOf(tx, session.userId, 'password_changed', session.sessionId);
  });
  const user = await findUserById(db, session.userId);
  if (user === null) throw new ApiError(401, 'session_expired', 'This account no longer exists');
  return user;
}
