import type { Queryable } from '../db/db';

/**
 * Failed logins, throttled per NIP, per known device and per client address. Each key may fail
 * `free` times; from then on it waits before its next attempt, 1 s, then 2, 4, 8 … up to
 * `maxSeconds`. A key that has not failed for `memorySeconds` starts afresh, and a successful
 * login clears its count. The count is taken before the password is checked (in one transaction
 * per attempt), so parallel guesses cannot slip past it, and a refused attempt costs no hashing
 * at all. Kept in the database: every server of a cluster counts the same.
 *
 * A guesser who keeps failing can keep a NIP's key waiting for good (one failure each time its
 * wait runs out), from as many addresses as they like. So the NIP's key holds back only logins
 * from phones the account has not signed in on: a login from a known device (login-devices.ts)
 * is counted on that device's key instead, which only its holder can make fail. Guessing stays
 * bounded: a key allows at most 109 attempts a day (5 at once, then one each time the wait runs
 * out: 1 s, 2 s … 512 s, then every 15 minutes), and a guesser without
 * one of the person's phones has the NIP's key alone.
 */
export interface ThrottlePolicy {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  memorySeconds: number;
}

/** A person mistypes a few times; a guesser gets 109 tries a day per NIP at most. */
export const NIP_POLICY: ThrottlePolicy = { free: 5, baseSeconds: 1, maxSeconds: 15 * 60, memorySeconds: 24 * 3600 };
/** Generous: a whole office often shares one public address (NAT), and its successes pay back its failures. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  free: 30,
  baseSeconds: 1,
  maxSeconds: 15 * 60,
  memorySeconds: 24 * 3600,
};

export interface ThrottleState {
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

export type AttemptDecision = { allowed: true; next: ThrottleState } | { allowed: false; retryAfterSeconds: number };

/** Pure rule: may an attempt go ahead at `now`, and what does it leave behind if it fails. */
export function decideAttempt(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): AttemptDecision {
  if (state?.blockedUntil && state.blockedUntil > now) {
    return { allowed: false, retryAfterSeconds: Math.ceil((state.blockedUntil.getTime() - now.getTime()) / 1000) };
  }
  const remembered = state !== null && now.getTime() - state.lastFailureAt.getTime() < policy.memorySeconds * 1000;
  const failures = (remembered ? state.failures : 0) + 1;
  const wait = waitAfter(failures, policy);
  return {
    allowed: true,
    next: { failures, lastFailureAt: now, blockedUntil: wait === 0 ? null : new Date(now.getTime() + wait * 1000) },
  };
}

/** Seconds to wait after the `failures`-th failure in a row. */
export function waitAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(30, failures - policy.free));
}

export interface ThrottleKey {
  key: string;
  policy: ThrottlePolicy;
}

/** Logins for a NIP from any phone it has not signed in on, and all guesses of a guesser without one. */
export const nipKey = (nip: string): ThrottleKey => ({ key: `nip:${nip}`, policy: NIP_POLICY });
/** Logins for a NIP from one device it has signed in on (`deviceHash`: login-devices.ts), held back as strictly. */
export const knownDeviceKey = (nip: string, deviceHash: string): ThrottleKey => ({
  key: `dev:${nip}:${deviceHash}`,
  policy: NIP_POLICY,
});
/**
 * The current password typed to change it: only someone signed in to the account can make it
 * fail (a borrowed phone), so others' guesses at the NIP never stop a person choosing a new password.
 */
export const passwordChangeKey = (userId: string): ThrottleKey => ({ key: `pw:${userId}`, policy: NIP_POLICY });
export const addressKey = (address: string): ThrottleKey => ({ key: `addr:${address}`, policy: ADDRESS_POLICY });

/**
 * Counts an attempt against every key, or refuses it (with the longest wait) when any key must
 * still wait; a refused attempt changes nothing.
 */
export async function reserveAttempt(
  db: Queryable,
  keys: readonly ThrottleKey[],
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  // One lock order for every server, so two logins never wait on each other's rows.
  const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : 1));
  return db.transaction(async (tx) => {
    const decisions: { key: string; decision: AttemptDecision }[] = [];
    for (const { key, policy } of ordered) {
      await tx.query(
        `INSERT INTO login_throttle (key, failures, last_failure_at) VALUES ($1, 0, now())
         ON CONFLICT (key) DO NOTHING`,
        [key],
      );
      const [row] = await tx.query<{ failures: number; last_failure_at: Date; blocked_until: Date | null; now: Date }>(
        'SELECT failures, last_failure_at, blocked_until, now() AS now FROM login_throttle WHERE key = $1 FOR UPDATE',
        [key],
      );
      if (row === undefined) throw new Error(`The throttle row ${key} vanished inside its transaction`);
      const state = { failures: row.failures, lastFailureAt: row.last_failure_at, blockedUntil: row.blocked_until };
      decisions.push({ key, decision: decideAttempt(state, row.now, policy) });
    }
    const waits = decisions.flatMap(({ decision }) => (decision.allowed ? [] : [decision.retryAfterSeconds]));
    if (waits.length > 0) return { allowed: false, retryAfterSeconds: Math.max(...waits) };
    for (const { key, decision } of decisions) {
      if (!decision.allowed) continue;
      const { failures, lastFailureAt, blockedUntil } = decision.next;
      await tx.query(
        'UPDATE login_throttle SET failures = $2, last_failure_at = $3, blocked_until = $4 WHERE key = $1',
        [key, failures, lastFailureAt.toISOString(), blockedUntil?.toISOString() ?? null],
      );
    }
    return { allowed: true };
  });
}

/** After a successful login the NIP starts afresh. */
export async function clearKey(db: Queryable, key: ThrottleKey): Promise<void> {
  await db.query('DELETE FROM login_throttle WHERE key = $1', [key.key]);
}

/**
 * Gives one counted attempt back: to an address after a success (an office behind one address
 * signs in all morning), or to every key of an attempt that was never checked. Once under its
 * allowance the key no longer waits.
 */
export async function refundAttempt(db: Queryable, key: ThrottleKey): Promise<void> {
  await db.query(
    `UPDATE login_throttle SET failures = GREATEST(failures - 1, 0),
       blocked_until = CASE WHEN failures - 1 < $2 THEN NULL ELSE blocked_until END
     WHERE key = $1`,
    [key.key, key.policy.free],
  );
}

/** Forgets keys that have not failed for a day and wait for nothing (run at start and hourly). */
export async function pruneThrottle(db: Queryable): Promise<void> {
  const memory = Math.max(NIP_POLICY.memorySeconds, ADDRESS_POLICY.memorySeconds);
  await db.query(
    `DELETE FROM login_throttle
     WHERE last_failure_at < now() - make_interval(secs => $1) AND (blocked_until IS NULL OR blocked_until < now())`,
    [memory],
  );
}
