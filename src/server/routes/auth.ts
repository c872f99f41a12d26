import { Hono } from 'hono';
import type { LoginResponse, User } from '../../shared/protocol';
import { ChangePasswordRequest, LoginRequest } from '../../shared/protocol/schemas';
import { isValidAsnNumber } from '../../shared/nip';
import { bearerToken, requireSession, type AuthEnv } from '../auth/middleware';
import { HashQueueFullError } from '../auth/password';
import { ApiError } from '../http/api-error';
import { clientAddress } from '../http/client-address';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { logIn } from '../services/login';
import { changeOwnPassword } from '../services/passwords';
import { findUserById } from '../services/users';
import type { RouteDeps } from './deps';

/** How long a client told "busy" waits before its next login attempt. */
const BUSY_RETRY_SECONDS = 5;

export function authRoutes({ db, tokens, signer, trustedProxyHops }: RouteDeps) {
  const session = requireSession(tokens);
  return (
    new Hono<AuthEnv>()
      .post('/auth/login', jsonBodyLimit, async (c) => {
        const { nip, password, deviceKey } = await readJsonBody(c, LoginRequest);
        if (!isValidAsnNumber(nip))
          throw new ApiError(
            400,
            'invalid_nip',
            'A NIP is 18 digits: birth date, appointment month, sex and a sequence',
          );
        const outcome = await logIn(
          { db, tokens },
          {
            nip,
            password,
            deviceKey,
            address: clientAddress(c, trustedProxyHops),
            device: c.req.header('user-agent') ?? '',
          },
        ).catch((error: unknown) => {
          if (error instanceof HashQueueFullError)
            throw new ApiError(503, 'server_busy', 'Too many logins at once; try again shortly', undefined, {
              'Retry-After': String(BUSY_RETRY_SECONDS),
            });
          throw error;
        });
        if (!outcome.ok) {
          if (outcome.code === 'too_many_attempts')
            throw new ApiError(
              429,
              'too_many_attempts',
              'Too many failed logins; wait before trying again',
              undefined,
              {
                'Retry-After': String(outcome.retryAfterSeconds),
              },
            );
          if (outcome.code === 'account_inactive')
            throw new ApiError(403, 'account_inactive', 'This account has been deactivated; ask the BKPSDM');
          // One message for an unknown NIP and a wrong password, so the answer does not reveal
          // which NIPs have accounts.
          throw new ApiError(401, 'invalid_credentials', 'Wrong NIP or password');
        }
        return c.json<LoginResponse>({
          token: outcome.token,
          expiresAt: outcome.expiresAt.toISOString(),
          user: outcome.user,
          signingKey: await signer.publicKey(),
        });
      })
      // Ends the session the token names. The phone sends it at "Keluar", or later when it was offline.
      // A token already ended (expired, revoked, or its logout sent twice from a phone that was
      // offline) is what logout asks for: 204, not a 401 the phone would report as an error.
      .post('/auth/logout', async (c) => {
        const token = bearerToken(c);
        if (token === undefined) throw new ApiError(401, 'unauthorized', 'Sign in first: no bearer token was sent');
        const check = await tokens.check(token);
        if (check.ok) await tokens.end(check.session.sessionId, 'logout');
        return c.body(null, 204);
      })
      .post('/auth/password', session, jsonBodyLimit, async (c) => {
        const request = await readJsonBody(c, ChangePasswordRequest);
        return c.json<{ user: User }>({ user: await changeOwnPassword(db, c.var.session, request) });
      })
      .get('/me', session, async (c) => {
        const user = await findUserById(db, c.var.session.userId);
        if (user === null) throw new ApiError(401, 'session_expired', 'This account no longer exists');
        return c.json<{ user: User }>({ user });
      })
  );
}
