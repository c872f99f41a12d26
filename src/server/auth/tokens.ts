import { sign, verify } from 'hono/jwt';
import { z } from 'zod';
import { uuidv7 } from '../../shared/id';
import type { Role } from '../../shared/protocol';
import type { SessionEndReason } from '../../shared/protocol/people';
import type { Queryable } from '../db/db';
import { createSession, endSession, findSession, LAST_SEEN_RESOLUTION_MS, touchSession } from '../services/sessions';

/**
 * Session tokens: HS256 JWTs naming a server-side session (`sid`), its account (`sub`) and a
 * long `exp`. The phone keeps its token for weeks offline; every request it makes checks the
 * session row and the account, so a logout, a reset password, a deactivated or deleted account
 * or an admin's "end sessions" answers 401 at the phone's next contact, on every server of a
 * cluster. The role, OPD and NIP come from the database, never from the token.
 */
export interface Session {
  userId: string;
  sessionId: string;
  role: Role;
  nip: string;
  opd: string;
  mustChangePassword: boolean;
}

export type TokenCheck =
  { ok: true; session: Session } | { ok: false; code: 'unauthorized' | 'session_expired'; message: string };

export interface SessionTokens {
  /** Opens a session for the account and returns its token. */
  issue(
    userId: string,
    options?: { device?: string; now?: Date },
  ): Promise<{ token: string; expiresAt: Date; sessionId: string }>;
  check(token: string, now?: Date): Promise<TokenCheck>;
  /**
   * The account a token names if this server signed it, without asking the database (so not
   * whether it expired or its session still stands: `check` says that, with the codes the phone
   * acts on). Cheap enough to run before admission control: a request without a token of ours
   * takes no place.
   */
  signedAccount(token: string): Promise<string | undefined>;
  end(sessionId: string, reason: SessionEndReason): Promise<void>;
}

const Claims = z.object({ sub: z.uuid(), sid: z.uuid(), exp: z.number() });
const DAY_MS = 24 * 60 * 60 * 1000;

export function createSessionTokens(options: {
  db: Queryable;
  loadSecret: () => Promise<string>;
  ttlDays: number;
}): SessionTokens {
  const { db } = options;
  let secret: string | undefined;
  // Only a successful load is kept: a database hiccup at the first request must not stick.
  const currentSecret = async (): Promise<string> => (secret ??= await options.loadSecret());
  const ended = (message: string): TokenCheck => ({ ok: false, code: 'session_expired', message });

  return {
    async issue(userId, { device = '', now = new Date() } = {}) {
      const sessionId = uuidv7();
      const expiresAt = new Date(now.getTime() + options.ttlDays * DAY_MS);
      await createSession(db, { id: sessionId, userId, expiresAt, device });
      const claims = { sub: userId, sid: sessionId, iat: toSeconds(now), exp: toSeconds(expiresAt) };
      return { token: await sign(claims, await currentSecret(), 'HS256'), expiresAt, sessionId };
    },

    async check(token, now = new Date()) {
      const claims = await signedClaims(token);
      if (!claims.success) return { ok: false, code: 'unauthorized', message: 'The token is not valid' };
      if (claims.data.exp <= toSeconds(now)) return ended('The session has expired; sign in again');
      const row = await findSession(db, claims.data.sid);
      if (row === null || row.userId !== claims.data.sub) return ended('This session no longer exists; sign in again');
      if (row.endedAt !== null) return ended('This session was ended; sign in again');
      if (!row.aktif) return ended('This account has been deactivated');
      if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await touchSession(db, claims.data.sid, row.userId);
      }
      return {
        ok: true,
        session: {
          userId: row.userId,
          sessionId: claims.data.sid,
          role: row.role,
          nip: row.nip,
          opd: row.opd,
          mustChangePassword: row.mustChangePassword,
        },
      };
    },

    async signedAccount(token) {
      const claims = await signedClaims(token);
      return claims.success ? claims.data.sub : undefined;
    },

    end: (sessionId, reason) => endSession(db, sessionId, reason),
  };

  async function signedClaims(token: string) {
    let payload: unknown;
    try {
      // hono checks `exp` before the signature; checking it ourselves afterwards means
      // "session_expired" is only ever said about a token we really issued.
      payload = await verify(token, await currentSecret(), { alg: 'HS256', exp: false });
    } catch {
      payload = undefined;
    }
    // A token from before server-side sessions has no `sid`: it cannot be revoked, so it is refused.
    return Claims.safeParse(payload);
  }
}

function toSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
