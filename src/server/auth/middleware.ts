import { createMiddleware } from 'hono/factory';
import type { Queryable } from '../db/db';
import { ApiError } from '../http/api-error';
import { findUserById } from '../services/users';
import type { Session, SessionTokens } from './tokens';

export interface AuthEnv {
  Variables: { session: Session };
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** Any signed-in user; puts the session in `c.var.session`. */
export function requireUser(tokens: SessionTokens) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (token === undefined) throw new ApiError(401, 'unauthorized', 'Sign in first: no bearer token was sent');
    const check = await tokens.check(token);
    if (!check.ok) {
      const message =
        check.code === 'session_expired' ? 'The session has expired; sign in again' : 'The token is not valid';
      throw new ApiError(401, check.code, message);
    }
    c.set('session', check.session);
    await next();
  });
}

/**
 * An administrator, as the database says now: a token's role is only what it was at sign-in,
 * and a demoted or removed admin must lose access to learners' results at once, not weeks
 * later when the token expires. (Learners are not looked up: their tokens must keep working
 * for weeks offline, and they only reach their own records.)
 */
export function requireAdmin(tokens: SessionTokens, db: Queryable) {
  const signedIn = requireUser(tokens);
  return createMiddleware<AuthEnv>((c, next) =>
    signedIn(c, async () => {
      if (!(await isAdminNow(db, c.var.session)))
        throw new ApiError(403, 'forbidden', 'This needs an administrator account');
      await next();
    }),
  );
}

/** Whether the session's account is an administrator as the database says now (see `requireAdmin`). */
export async function isAdminNow(db: Queryable, session: Session): Promise<boolean> {
  return session.role === 'admin' && (await findUserById(db, session.userId))?.role === 'admin';
}
