import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import { ROLES, type Role, type User } from '../../shared/protocol';

/**
 * Session tokens: HS256 JWTs with `sub` (user id), `role` and a long `exp`. The phone keeps
 * using its token offline for weeks, so the server checks only the signature and the
 * expiry, never a session table.
 */
export interface Session {
  userId: string;
  role: Role;
}

export type TokenCheck = { ok: true; session: Session } | { ok: false; code: 'unauthorized' | 'session_expired' };

export interface SessionTokens {
  issue(user: Pick<User, 'id' | 'role'>, now?: Date): Promise<{ token: string; expiresAt: Date }>;
  check(token: string, now?: Date): Promise<TokenCheck>;
}

const Claims = z.object({ sub: z.string().min(1), role: z.enum(ROLES), exp: z.number() });
const DAY_MS = 24 * 60 * 60 * 1000;

export function createSessionTokens(options: { loadSecret: () => Promise<string>; ttlDays: number }): SessionTokens {
  let secret: string | undefined;
  // Only a successful load is kept: a database hiccup at the first request must not stick.
  const currentSecret = async (): Promise<string> => (secret ??= await options.loadSecret());

  return {
    async issue(user, now = new Date()) {
      const expiresAt = new Date(now.getTime() + options.ttlDays * DAY_MS);
      const claims = { sub: user.id, role: user.role, iat: toSeconds(now), exp: toSeconds(expiresAt) };
      return { token: await sign(claims, await currentSecret(), 'HS256'), expiresAt };
    },

    async check(token, now = new Date()) {
      let payload: unknown;
      try {
        // hono checks `exp` before the signature; checking it ourselves afterwards means
        // "session_expired" is only ever said about a token we really issued.
        payload = await verify(token, await currentSecret(), { alg: 'HS256', exp: false });
      } catch {
        return { ok: false, code: 'unauthorized' };
      }
      const claims = Claims.safeParse(payload);
      if (!claims.success) return { ok: false, code: 'unauthorized' };
      if (claims.data.exp <= toSeconds(now)) return { ok: false, code: 'session_expired' };
      return { ok: true, session: { userId: claims.data.sub, role: claims.data.role } };
    },
  };
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
