import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePasswordHashing } from '../../../src/server/auth/password';
import { createUser } from '../../../src/server/services/users';
import { backends } from '../backends';
import { legacyScryptHash, postJson, startTestServer, TEST_FAILED_CHECK_FLOOR_MS, type TestServer } from '../harness';
import { SETUP_TIMEOUT_MS } from '../sync-kit';

/**
 * A wrong password on an account that still holds its old scrypt hash costs a scrypt check
 * (0.1–0.5 s), an unknown NIP a ~10 ms decoy: without a floor the time told which NIPs have
 * accounts. Lower bounds only, so a busy machine cannot make these fail.
 */
describe.each(backends)('a failed login answers no earlier than the floor on $name', (backend) => {
  const FLOOR_MS = 2000;
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await createUser(server.db, {
      nip: '198705052014031005',
      name: 'Baru',
      role: 'learner',
      unit: 'Bappeda',
      password: 'sandi-argon-123',
    });
    await createUser(server.db, {
      nip: '198606062013031006',
      name: 'Lama',
      role: 'learner',
      unit: 'Bappeda',
      password: 'x',
    });
    await server.db.query('UPDATE users SET password_hash = $2 WHERE nip = $1', [
      '198606062013031006',
      legacyScryptHash('sandi-scrypt-123'),
    ]);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    configurePasswordHashing({ failedCheckFloorMs: TEST_FAILED_CHECK_FLOOR_MS });
    await server?.close();
  });

  const timedLogin = async (nip: string, password: string) => {
    const started = performance.now();
    const { status } = await postJson(server.app, '/api/auth/login', { nip, password });
    return { status, elapsedMs: performance.now() - started };
  };

  it.each([
    ['an unknown NIP', '199001012019031001'],
    ['an Argon2id account', '198705052014031005'],
    ['an account still on scrypt', '198606062013031006'],
  ])(
    'a wrong password on %s',
    async (_, nip) => {
      configurePasswordHashing({ failedCheckFloorMs: FLOOR_MS });
      const { status, elapsedMs } = await timedLogin(nip, 'tebakan-salah');
      expect(status).toBe(401);
      expect(elapsedMs).toBeGreaterThanOrEqual(FLOOR_MS);
    },
    60_000,
  );

  it('a right password is not held back by the floor', async () => {
    // A floor no login comes near: if success waited for it, this would take a minute.
    configurePasswordHashing({ failedCheckFloorMs: 60_000 });
    const { status, elapsedMs } = await timedLogin('198705052014031005', 'sandi-argon-123');
    expect(status).toBe(200);
    expect(elapsedMs).toBeLessThan(60_000);
  }, 120_000);
});
