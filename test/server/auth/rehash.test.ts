import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePasswordHashing, needsRehash } from '../../../src/server/auth/password';
import { createUser } from '../../../src/server/services/users';
import { backends } from '../backends';
import { postJson, startTestServer, TEST_PASSWORD_COST, type TestServer } from '../harness';
import { SETUP_TIMEOUT_MS } from '../sync-kit';

/** Issue 9.6: a hash made at an older, weaker cost is replaced at the next successful login, transparently. */
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
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, N: TEST_PASSWORD_COST.N / 4 } });
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
    expect(fresh).toMatch(new RegExp(`^scrypt\\$${TEST_PASSWORD_COST.N}\\$`));
    expect((await postJson(server.app, '/api/auth/login', { nip, password: 'sandi-lama-123' })).status).toBe(200);
  });
});
