import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PasswordHashPool } from '../../../src/server/auth/hash-pool';
import {
  configurePasswordHashing,
  HashQueueFullError,
  hashPassword,
  needsRehash,
} from '../../../src/server/auth/password';
import { createUser } from '../../../src/server/services/users';
import { backends } from '../backends';
import { legacyScryptHash, postJson, startTestServer, TEST_PASSWORD_COST, type TestServer } from '../harness';
import { SETUP_TIMEOUT_MS } from '../sync-kit';

/**
 * Issues 9.6 and 15.5: a hash made at an older, weaker cost, or with scrypt before Argon2id, is
 * replaced at the next successful login, transparently.
 */
describe.each(backends)('re-hash at login on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    configurePasswordHashing({ cost: TEST_PASSWORD_COST });
    await server?.close();
  });

  const storedHash = async (nip: string) =>
    (await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE nip = $1', [nip]))[0]
      ?.password_hash ?? '';

  it('an old-cost hash logs in and is then stored at the current cost; a wrong password changes nothing', async () => {
    const nip = '199104042018051004';
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, memoryKiB: TEST_PASSWORD_COST.memoryKiB / 4 } });
    await createUser(server.db, { nip, name: 'Lama', role: 'learner', unit: 'Bappeda', password: 'sandi-lama-123' });
    configurePasswordHashing({ cost: TEST_PASSWORD_COST });
    const old = await storedHash(nip);
    expect(needsRehash(old)).toBe(true);

    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'salah-sekali' })).status).toBe(401);
    expect(await storedHash(nip)).toBe(old);

    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-lama-123' })).status).toBe(200);
    const fresh = await storedHash(nip);
    expect(fresh).not.toBe(old);
    expect(needsRehash(fresh)).toBe(false);
    expect(fresh).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${TEST_PASSWORD_COST.memoryKiB},`));
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-lama-123' })).status).toBe(200);
  });

  it('a scrypt-era account logs in, then is stored as Argon2id; a wrong password changes nothing', async () => {
    const nip = '198802022015031002';
    await createUser(server.db, { nip, name: 'Sejak Scrypt', role: 'learner', unit: 'Bappeda', password: 'x' });
    const legacy = legacyScryptHash('sandi-dari-dulu-1');
    await server.db.query('UPDATE users SET password_hash = $2 WHERE nip = $1', [nip, legacy]);
    configurePasswordHashing({ cost: { memoryKiB: 384, iterations: 2, parallelism: 1 } });

    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-dari-dulu-2' })).status).toBe(401);
    expect(await storedHash(nip)).toBe(legacy);

    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-dari-dulu-1' })).status).toBe(200);
    const upgraded = await storedHash(nip);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=384,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(needsRehash(upgraded)).toBe(false);
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-dari-dulu-1' })).status).toBe(200);
    expect(await storedHash(nip)).toBe(upgraded);
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-dari-dulu-2' })).status).toBe(401);
  });

  const scryptAccount = async (nip: string, password: string) => {
    await createUser(server.db, { nip, name: 'Sejak Scrypt', role: 'learner', unit: 'Bappeda', password: 'x' });
    const legacy = legacyScryptHash(password);
    await server.db.query('UPDATE users SET password_hash = $2 WHERE nip = $1', [nip, legacy]);
    return legacy;
  };
  /** The next new hash (the upgrade's) goes through `instead`; checking and everything else run as usual. */
  const nextNewHash = (
    instead: (this: PasswordHashPool, ...args: Parameters<PasswordHashPool['argon2idHash']>) => Promise<string>,
  ) => vi.spyOn(PasswordHashPool.prototype, 'argon2idHash').mockImplementationOnce(instead);

  it.each([
    ['the hashing queue is full', new HashQueueFullError()],
    ['the hashing worker fails', new Error('password hashing worker exited with code 1')],
  ])('a right password gets in when the upgrade fails (%s); the old hash stays', async (_, failure) => {
    const nip = failure instanceof HashQueueFullError ? '198903032016032003' : '198904042016032004';
    const legacy = await scryptAccount(nip, 'sandi-antre-123');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const upgrade = nextNewHash(() => Promise.reject(failure));
    try {
      expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-antre-123' })).status).toBe(200);
      expect(upgrade).toHaveBeenCalledTimes(1);
    } finally {
      upgrade.mockRestore();
      logged.mockRestore();
    }
    expect(await storedHash(nip)).toBe(legacy);

    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-antre-123' })).status).toBe(200);
    expect(await storedHash(nip)).toMatch(/^\$argon2id\$/);
  });

  it('a password changed between the check and the upgrade survives: only the checked hash is replaced', async () => {
    const nip = '198905052016032005';
    await scryptAccount(nip, 'sandi-lama-123');
    const changed = await hashPassword('sandi-baru-456');
    const realHash = PasswordHashPool.prototype.argon2idHash;
    const upgrade = nextNewHash(async function (...args) {
      // The person changes their password on another phone while this login's upgrade is hashed.
      await server.db.query('UPDATE users SET password_hash = $2 WHERE nip = $1', [nip, changed]);
      return realHash.apply(this, args);
    });
    try {
      expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-lama-123' })).status).toBe(200);
      expect(upgrade).toHaveBeenCalledTimes(1);
    } finally {
      upgrade.mockRestore();
    }
    expect(await storedHash(nip)).toBe(changed);
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-lama-123' })).status).toBe(401);
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-baru-456' })).status).toBe(200);
  });
});
