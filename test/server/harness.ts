import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/server/app';
import { configurePasswordHashing } from '../../src/server/auth/password';
import type { Db, Queryable } from '../../src/server/db/db';
import type { CourseStore } from '../../src/server/services/publishing';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../../src/server/services/seed';
import { LocalDiskBlobStore } from '../../src/server/storage/local-disk';
import type { ApiErrorBody, LoginResponse } from '../../src/shared/protocol';
import type { Backend } from './backends';

/**
 * Hashing at OWASP strength costs ~10–50 ms per password here; the suite creates hundreds. The
 * rules do not depend on the cost (test/server/auth/password.test.ts checks the real one).
 */
export const TEST_PASSWORD_COST = { memoryKiB: 256, iterations: 1, parallelism: 1 };
/** The suite tries hundreds of wrong passwords; the floor has its own test (test/server/auth/login-timing.test.ts). */
export const TEST_FAILED_CHECK_FLOOR_MS = 0;

/**
 * A hash as Lentera stored them before Argon2id (`scrypt$N$r$p$salt$hash`, NFC password), made
 * here with node:crypto rather than by the code under test, as an account created back then.
 */
export function legacyScryptHash(password: string, N = 2 ** 10): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, 32, { N, r: 8, p: 1 });
  return ['scrypt', N, 8, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** A migrated server on one backend, with the demo accounts seeded explicitly and its own temporary data folder. */
export interface TestServer extends CourseStore {
  db: Db;
  app: Hono;
  /** Temporary folder; the app serves `<dir>/dist` as its static PWA. */
  dir: string;
  staticDir: string;
  close(): Promise<void>;
}

export async function startTestServer(backend: Backend): Promise<TestServer> {
  configurePasswordHashing({ cost: TEST_PASSWORD_COST, failedCheckFloorMs: TEST_FAILED_CHECK_FLOOR_MS });
  const db = await backend.openMigrated();
  await seedDemoAccounts(db);
  const dir = await mkdtemp(join(tmpdir(), 'lentera-server-test-'));
  const blobs = new LocalDiskBlobStore(join(dir, 'files'));
  const staticDir = join(dir, 'dist');
  const app = createApp({ db, blobs, config: { staticDir, tokenTtlDays: 30 } });
  return {
    db,
    blobs,
    app,
    dir,
    staticDir,
    close: async () => {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Dates every account and every publication so far back to `at` (2020 by default), as on a
 * server in use for years. The server takes no learner record dated before the learner's account
 * or the course version's first publication (`src/server/services/earliest-time.ts`): tests
 * that date what a learner did in past months, accounts and courses made a moment ago, call
 * this once those exist.
 */
export async function inUseSince(db: Queryable, at = '2020-01-01T00:00:00Z'): Promise<void> {
  await db.query('UPDATE users SET created_at = least(created_at, $1)', [at]);
  await db.query('UPDATE publish_events SET at = least(at, $1)', [at]);
}

export type DemoRole = keyof typeof DEMO_ACCOUNTS;

export async function login(app: Hono, role: DemoRole): Promise<LoginResponse> {
  const { nip, password } = DEMO_ACCOUNTS[role];
  const response = await postJson(app, '/api/auth/login', { nip, password });
  if (response.status !== 200) throw new Error(`demo ${role} login failed with ${response.status}`);
  return (await response.json()) as LoginResponse;
}

/** Each of the demo accounts signed in one after the other, by role name (callers may add other people). */
export async function loginAll(app: Hono, roles: readonly DemoRole[]): Promise<Map<string, LoginResponse>> {
  const sessions = new Map<string, LoginResponse>();
  for (const role of roles) sessions.set(role, await login(app, role));
  return sessions;
}

export function postJson(app: Hono, path: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

export async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as ApiErrorBody).error.code;
}
