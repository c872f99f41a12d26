import { Hono } from 'hono';
import type { LoginResponse, User } from '../../shared/protocol';
import { LoginRequest } from '../../shared/protocol/schemas';
import { isValidNip } from '../../shared/nip';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { findUserById, verifyCredentials } from '../services/users';
import type { RouteDeps } from './deps';

export function authRoutes({ db, tokens, signer }: RouteDeps) {
  return new Hono<AuthEnv>()
    .post('/auth/login', jsonBodyLimit, async (c) => {
      const { nip, password } = await readJsonBody(c, LoginRequest);
      if (!isValidNip(nip))
        throw new ApiError(400, 'invalid_nip', 'A NIP is 18 digits: birth date, appointment month, sex and a sequence');
      const user = await verifyCredentials(db, nip, password);
      // One message for an unknown NIP and a wrong password, so the answer does not reveal which NIPs have accounts.
      if (user === null) throw new ApiError(401, 'invalid_credentials', 'Wrong NIP or password');
      const { token, expiresAt } = await tokens.issue(user);
      return c.json<LoginResponse>({
        token,
        expiresAt: expiresAt.toISOString(),
        user,
        signingKey: await signer.publicKey(),
      });
    })
    .get('/me', requireUser(tokens), async (c) => {
      const user = await findUserById(db, c.var.session.userId);
      // A valid signature for a deleted account: the session is over.
      if (user === null) throw new ApiError(401, 'unauthorized', 'This account no longer exists');
      return c.json<{ user: User }>({ user });
    });
}
