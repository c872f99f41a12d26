import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error';
import type { Session, SessionTokens } from './tokens';

export interface AuthEnv {
  Variables: { session: Session };
}

export interface SignedTokenEnv {
  Variables: { signedAccount: string };
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** The bearer token a request carries, if any. */
export const bearerToken = (c: Context): string | undefined => BEARER.exec(c.req.header('authorization') ?? '')?.[1];

function requiredBearerToken(c: Context): string {
  const token = bearerToken(c);
  if (token === undefined) throw new ApiError(401, 'unauthorized', 'Sign in first: no bearer token was sent');
  return token;
}

async function authenticate(tokens: SessionTokens, c: Context<AuthEnv>): Promise<Session> {
  const check = await tokens.check(requiredBearerToken(c));
  if (!check.ok) throw new ApiError(401, check.code, check.message);
  c.set('session', check.session);
  return check.session;
}

/**
 * A bearer token this server signed, checked without the database (`SessionTokens.signedAccount`),
 * its account put in `c.var.signedAccount`; anything else is 401 at once. For what comes before
 * admission control, so that only a client holding a token of ours can take a place and be
 * counted by its account; the route still checks the session itself (`requireUser`).
 */
export function requireSignedToken(tokens: SessionTokens) {
  return createMiddleware<SignedTokenEnv>(async (c, next) => {
    const account = await tokens.signedAccount(requiredBearerToken(c));
    if (account === undefined) throw new ApiError(401, 'unauthorized', 'The token is not valid');
    c.set('signedAccount', account);
    await next();
  });
}

/**
 * Any live session, even one that still has to replace its one-time password: only the
 * routes a person needs for that (who am I, change password, log out) use it.
 */
export function requireSession(tokens: SessionTokens) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    await authenticate(tokens, c);
    await next();
  });
}

/** A signed-in account that has chosen its own password; puts the session in `c.var.session`. */
export function requireUser(tokens: SessionTokens) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const session = await authenticate(tokens, c);
    if (session.mustChangePassword)
      throw new ApiError(403, 'password_change_required', 'Choose a new password first (POST /api/auth/password)');
    await next();
  });
}

/**
 * A BKPSDM administrator, as the database says now: the role is read with the session on
 * every request, so a demoted admin loses access at once even though tokens last weeks.
 */
export function requireAdmin(tokens: SessionTokens) {
  return requireRole(tokens, (role) => role === 'admin', 'This needs a BKPSDM administrator account');
}

/** A BKPSDM administrator or an OPD admin: routes whose answers `managedBy` narrows to what each may see. */
export function requireAnyAdmin(tokens: SessionTokens) {
  return requireRole(
    tokens,
    (role) => role === 'admin' || role === 'admin_opd',
    'This needs an administrator account (BKPSDM or OPD)',
  );
}

function requireRole(tokens: SessionTokens, allowed: (role: Session['role']) => boolean, message: string) {
  const signedIn = requireUser(tokens);
  return createMiddleware<AuthEnv>((c, next) =>
    signedIn(c, async () => {
      if (!allowed(c.var.session.role)) throw new ApiError(403, 'forbidden', message);
      await next();
    }),
  );
}
