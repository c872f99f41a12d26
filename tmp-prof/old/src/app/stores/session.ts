import { create } from './create';
import { persist } from 'zustand/middleware';
import type { LoginResponse, User } from '../../shared/protocol';
import { isSessionEnded } from '../data/errors';

interface SessionState {
  token: string | null;
  expiresAt: string | null;
  user: User | null;
  /** The server's public key for verifying course files shared between phones (kept across logins). */
  signingKey: string | null;
  /** The server refused the token (expired or revoked): data stays on the phone, the learner logs in again. */
  expired: boolean;
  signIn(response: LoginResponse): void;
  markExpired(): void;
  signOut(): void;
}

/**
 * Session only: who is logged in and with which token. Kept in localStorage so the app
 * opens offline straight into the learner's courses for as long as the token is valid.
 */
export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      token: null,
      expiresAt: null,
      user: null,
      signingKey: null,
      expired: false,
      signIn: ({ token, expiresAt, user, signingKey }) =>
        set((state) => ({ token, expiresAt, user, signingKey: signingKey ?? state.signingKey, expired: false })),
      markExpired: () => set({ expired: true }),
      signOut: () => set({ token: null, expiresAt: null, user: null, expired: false }),
    }),
    { name: 'lentera.session' },
  ),
);

/** After a failed request: if the server ended the session, the app offers "Masuk kembali". */
export function noticeSessionEnded(error: unknown): void {
  if (isSessionEnded(error)) useSession.getState().markExpired();
}
