import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error';
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
      const message = check.code === 'session_expired' ? 'The session has expired; sign in again' : 'The token is not valid';
      throw new ApiError(401, check.code, message);
    }
    c.set('session', check.session);
    await next();
  });
}

export function requireAdmin(tokens: SessionTokens) {
  const signedIn = requireUser(tokens);
  return createMiddleware<AuthEnv>((c, next) =>
    signedIn(c, async () => {
      if (c.var.session.role !== 'admin') throw new ApiError(403, 'forbidden', 'This needs an administrator account');
      await next();
    }),
  );
}
