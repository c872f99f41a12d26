import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configurePasswordHashing } from '../../src/server/auth/password';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { buildBundle } from '../fixtures/bundles';
import { backends } from './backends';
import { login, postJson, startTestServer, TEST_PASSWORD_COST, type TestServer } from './harness';
import { learnerRecords, pushOk } from './sync-kit';

/**
 * Issue 15.5: logins never compete with sync for the same threads. A burst of logins (seconds
 * of hashing queued on the one hashing thread) is in flight while a phone pushes: the push must
 * be answered long before the logins are.
 */
const SLOW_LOGIN_COST = { memoryKiB: 65536, iterations: 8, parallelism: 1 };
describe.each(backends)('a sync push while many logins are hashing, on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    configurePasswordHashing({ cost: TEST_PASSWORD_COST, threads: 1 });
    await server.close();
  });

  it('is stored and answered while the logins still wait for their hashes', async () => {
    const bundle = buildBundle({ id: 'sync-during-logins' });
    await publishBundle(server, bundle.zip);
    // Signed in before the cost goes up: the learner's own hash was made at the test cost.
    const { token, user } = await login(server.app, 'learner');
    // ~0.25 s a hash on a quiet core, several times OWASP's, so ten queued logins outlast any push.
    configurePasswordHashing({ cost: SLOW_LOGIN_COST, threads: 1 });

    // Unknown NIPs: each login does the full work of a check (the decoy hash) and fails.
    let loginsAnswered = 0;
    const logins = Array.from({ length: 10 }, (_, index) =>
      postJson(server.app, '/api/auth/login', {
        nip: `199207212019032${String(100 + index)}`,
        password: 'bukan-sandi-siapa-pun',
      }).then((response) => {
        loginsAnswered += 1;
        return response.status;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const records = learnerRecords(user, bundle);
    const statuses = await pushOk(server.app, token, { statements: [records.experienced('pengantar')] });
    expect(Object.values(statuses)).toEqual(['stored']);
    // Ten such hashes on one thread take seconds; the push did not queue behind them.
    expect(loginsAnswered).toBe(0);

    expect(await Promise.all(logins)).toEqual(Array.from({ length: 10 }, () => 401));
  }, 120_000);
});
