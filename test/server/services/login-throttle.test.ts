import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { api } from '../../../src/shared/protocol';
import { deviceHash, isKnownDevice, MAX_DEVICES_PER_ACCOUNT } from '../../../src/server/services/login-devices';
import {
  ADDRESS_POLICY,
  decideAttempt,
  NIP_POLICY,
  waitAfter,
  type ThrottleState,
} from '../../../src/server/services/login-throttle';
import { endAllSessions } from '../../../src/server/services/people';
import { DEMO_ACCOUNTS } from '../../../src/server/services/seed';
import { findUserByNip } from '../../../src/server/services/users';
import { backends } from '../backends';
import { bearer, errorCode, startTestServer, type TestServer } from '../harness';
import { SETUP_TIMEOUT_MS } from '../sync-kit';

describe('the throttle rule', () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 6, 1) + seconds * 1000);

  it('grows the wait from the fifth failure on, doubling up to a cap of 15 minutes', () => {
    expect([1, 4, 5, 6, 7, 8, 14, 15, 40].map((failures) => waitAfter(failures, NIP_POLICY))).toEqual([
      0, 0, 1, 2, 4, 8, 512, 900, 900,
    ]);
    expect(waitAfter(29, ADDRESS_POLICY)).toBe(0);
    expect(waitAfter(30, ADDRESS_POLICY)).toBe(1);
  });

  it('refuses an attempt while the key waits, saying how long; allows it once the wait is over', () => {
    const state: ThrottleState = { failures: 6, lastFailureAt: at(0), blockedUntil: at(2) };
    expect(decideAttempt(state, at(0.5), NIP_POLICY)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(decideAttempt(state, at(2), NIP_POLICY)).toMatchObject({ allowed: true, next: { failures: 7 } });
  });

  it('bounds guessing: a key allows 109 attempts a day to a guesser who retries the moment each wait ends', () => {
    let state: ThrottleState | null = null;
    let now = at(0);
    let attempts = 0;
    while (now < at(24 * 3600)) {
      const decision = decideAttempt(state, now, NIP_POLICY);
      if (!decision.allowed) throw new Error('retried before the wait ended');
      attempts++;
      state = decision.next;
      now = state.blockedUntil ?? now;
    }
    expect(attempts).toBe(109);
  });

  it('forgets failures a day old: nobody stays throttled because of last week', () => {
    const state: ThrottleState = { failures: 40, lastFailureAt: at(0), blockedUntil: at(900) };
    expect(decideAttempt(state, at(24 * 3600), NIP_POLICY)).toEqual({
      allowed: true,
      next: { failures: 1, lastFailureAt: at(24 * 3600), blockedUntil: null },
    });
  });
});

describe.each(backends)('login throttling on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  /** A login as if from `address` (the socket's peer), optionally through headers. */
  const attempt = (
    nip: string,
    password: string,
    address: string,
    headers: Record<string, string> = {},
    app = server.app,
    deviceKey?: string,
  ) =>
    app.request(
      '/api/auth/login',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ nip, password, deviceKey }),
      },
      { incoming: { socket: { remoteAddress: address } } },
    );
  const { nip, password } = DEMO_ACCOUNTS.learner;
  /** A login from the phone or browser holding `deviceKey`, as the app sends it. */
  const fromDevice = (deviceKey: string, nip: string, password: string, address: string) =>
    attempt(nip, password, address, {}, server.app, deviceKey);
  /** Lets the wait of a key run out now instead of sleeping through it. */
  const endWait = (key: string) =>
    server.db.query("UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE key = $1", [key]);

  it('after five wrong passwords for a NIP the next try is 429 + Retry-After, even right, from elsewhere', async () => {
    for (let failure = 1; failure <= 5; failure++) {
      expect((await attempt(nip, 'salah', '10.0.0.1')).status).toBe(401);
    }
    const refused = await attempt(nip, password, '10.0.0.1');
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('too_many_attempts');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Right or wrong, the answer is the same while waiting: the throttle is no oracle.
    expect((await attempt(nip, 'salah', '10.0.0.1')).status).toBe(429);
    expect((await attempt(nip, password, '192.0.2.7')).status).toBe(429);

    // Never a permanent lock: once the wait is over the person signs in, and their count starts afresh.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await attempt(nip, password, '192.0.2.7')).status).toBe(200);
    expect((await attempt(nip, 'salah', '10.0.0.1')).status).toBe(401);
    expect((await attempt(nip, password, '10.0.0.1')).status).toBe(200);
  });

  it('each further failure doubles the wait up to the cap; waiting it out earns one try, not five', async () => {
    const target = DEMO_ACCOUNTS.otherOpd.nip;
    for (let failure = 1; failure <= 5; failure++) await attempt(target, 'salah', '10.0.0.2');
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      await endWait(`nip:${target}`);
      expect((await attempt(target, 'salah', '10.0.0.2')).status).toBe(401);
      waits.push(Number((await attempt(target, 'salah', '10.0.0.2')).headers.get('retry-after')));
    }
    expect(waits).toEqual([2, 4, 8, 16]);

    await server.db.query('UPDATE login_throttle SET failures = 60 WHERE key = $1', [`nip:${target}`]);
    await endWait(`nip:${target}`);
    expect((await attempt(target, 'salah', '10.0.0.2')).status).toBe(401);
    expect(Number((await attempt(target, 'salah', '10.0.0.2')).headers.get('retry-after'))).toBe(900);
    await endWait(`nip:${target}`);
    expect((await attempt(target, DEMO_ACCOUNTS.otherOpd.password, '10.0.0.2')).status).toBe(200);
  });

  it('one address guessing many NIPs is throttled as an address; another address is not', async () => {
    const unknownNip = (index: number) => `19900101201501${1 + (index % 2)}${String(index + 1).padStart(3, '0')}`;
    for (let index = 0; index < ADDRESS_POLICY.free; index++) {
      expect((await attempt(unknownNip(index), 'tebakan', '198.51.100.9')).status).toBe(401);
    }
    const refused = await attempt(DEMO_ACCOUNTS.pppk.nip, DEMO_ACCOUNTS.pppk.password, '198.51.100.9');
    expect(refused.status).toBe(429);
    expect((await attempt(DEMO_ACCOUNTS.pppk.nip, DEMO_ACCOUNTS.pppk.password, '198.51.100.10')).status).toBe(200);
  });

  it('X-Forwarded-For is ignored unless a trusted proxy is set; then it tells clients behind it apart', async () => {
    const nips = Array.from(
      { length: ADDRESS_POLICY.free },
      (_, index) => `19910202201601${1 + (index % 2)}${String(index + 1).padStart(3, '0')}`,
    );
    for (const [index, guess] of nips.entries()) {
      await attempt(guess, 'tebakan', '203.0.113.1', { 'x-forwarded-for': `10.9.9.${index}` });
    }
    const spoofed = await attempt(DEMO_ACCOUNTS.atasan.nip, DEMO_ACCOUNTS.atasan.password, '203.0.113.1', {
      'x-forwarded-for': '10.9.9.250',
    });
    expect(spoofed.status).toBe(429);

    const behindProxy = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, trustedProxyHops: 1 },
    });
    for (const guess of nips) {
      await attempt(guess, 'tebakan', '10.0.0.254', { 'x-forwarded-for': '198.18.0.1' }, behindProxy);
    }
    const sameClient = await attempt(
      DEMO_ACCOUNTS.atasan.nip,
      DEMO_ACCOUNTS.atasan.password,
      '10.0.0.254',
      {
        'x-forwarded-for': '198.18.0.1',
      },
      behindProxy,
    );
    expect(sameClient.status).toBe(429);
    // A client cannot escape by writing its own X-Forwarded-For: the proxy appends the real address last.
    const otherClient = await attempt(
      DEMO_ACCOUNTS.atasan.nip,
      DEMO_ACCOUNTS.atasan.password,
      '10.0.0.254',
      {
        'x-forwarded-for': '198.18.0.1, 198.18.0.2',
      },
      behindProxy,
    );
    expect(otherClient.status).toBe(200);
  });

  it('parallel guesses cannot slip past the count: of 20 at once for a NIP, 5 are checked', async () => {
    const target = DEMO_ACCOUNTS.opdAdmin.nip;
    // Half of them with device keys of their own making: a key the account never signed in with counts as none.
    const startedAt = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        fromDevice(
          index % 2 === 0 ? crypto.randomUUID() : (undefined as unknown as string),
          target,
          `tebakan-${index}`,
          `192.0.2.${100 + index}`,
        ),
      ),
    );
    const elapsedSeconds = (performance.now() - startedAt) / 1000;
    const checked = responses.filter((response) => response.status === 401).length;
    expect(responses.filter((response) => response.status === 429)).toHaveLength(20 - checked);
    // A loaded machine may take longer than the waits after the fifth failure (1 s, then 2 …):
    // a guess that arrives after one ran out is rightly checked. None slips past it.
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(5 + Math.floor(Math.log2(1 + elapsedSeconds)));
  });

  it('a person signs in from their own phone while a guesser keeps their NIP waiting from elsewhere', async () => {
    const { nip: victim, password: right } = DEMO_ACCOUNTS.admin;
    const phone = crypto.randomUUID();
    expect((await fromDevice(phone, victim, right, '10.1.0.1')).status).toBe(200);

    // The guesser, from many addresses, with and without device keys of their own making, failing
    // again the moment each wait ends (addresses of their own: the spoofing test above has already
    // made 203.0.113.1 wait).
    const guess = (index: number) =>
      fromDevice(
        index % 2 === 0 ? crypto.randomUUID() : (undefined as unknown as string),
        victim,
        `tebakan-${index}`,
        `198.19.0.${index}`,
      );
    for (let index = 0; index < NIP_POLICY.free; index++) expect((await guess(index)).status).toBe(401);
    for (let round = 0; round < 3; round++) {
      await endWait(`nip:${victim}`);
      expect((await guess(10 + round)).status).toBe(401);
      expect((await guess(20 + round)).status).toBe(429);
    }
    // Still held for anyone without the phone, even with the right password: the guesses stay bounded.
    expect((await attempt(victim, right, '198.19.0.99')).status).toBe(429);
    expect((await fromDevice(crypto.randomUUID(), victim, right, '10.1.0.1')).status).toBe(429);

    // The person's own phone gets in, from their usual network or another.
    expect((await fromDevice(phone, victim, right, '10.1.0.1')).status).toBe(200);
    const session = await fromDevice(phone, victim, right, '198.18.5.5');
    expect(session.status).toBe(200);
    const { token } = (await session.json()) as { token: string };
    // …and can change their password: others' failed logins do not hold that back either.
    const changed = await server.app.request(api.password, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: right, newPassword: 'sandi-baru-admin-2027' }),
    });
    expect(changed.status).toBe(200);
    expect((await fromDevice(phone, victim, 'sandi-baru-admin-2027', '10.1.0.1')).status).toBe(200);

    // An admin ending every session (a lost phone) makes the phone unknown again: held like anyone.
    const user = await findUserByNip(server.db, victim);
    if (user === null) throw new Error('the demo admin is missing');
    await endAllSessions(server.db, { userId: null, role: 'admin', opd: '' }, user.id);
    expect((await fromDevice(phone, victim, 'sandi-baru-admin-2027', '10.1.0.1')).status).toBe(429);
  });

  it("a known phone's own failures hold it back as the NIP's would, and only it", async () => {
    const { nip, password: right } = DEMO_ACCOUNTS.pppk;
    const phone = crypto.randomUUID();
    expect((await fromDevice(phone, nip, right, '10.3.0.1')).status).toBe(200);
    for (let failure = 1; failure <= NIP_POLICY.free; failure++)
      expect((await fromDevice(phone, nip, 'salah', '10.3.0.1')).status).toBe(401);
    const held = await fromDevice(phone, nip, right, '10.3.0.1');
    expect([held.status, await errorCode(held)]).toEqual([429, 'too_many_attempts']);
    expect((await attempt(nip, right, '10.3.0.2')).status).toBe(200);
  });

  it(`remembers an account's last ${MAX_DEVICES_PER_ACCOUNT} devices, and only a hash of each key`, async () => {
    const { nip, password: right } = DEMO_ACCOUNTS.atasan;
    const keys = Array.from({ length: MAX_DEVICES_PER_ACCOUNT + 1 }, () => crypto.randomUUID());
    for (const key of keys) expect((await fromDevice(key, nip, right, '10.4.0.1')).status).toBe(200);
    const known = await Promise.all(keys.map((key) => isKnownDevice(server.db, nip, deviceHash(key))));
    expect(known).toEqual([false, ...keys.slice(1).map(() => true)]);
    const stored = await server.db.query<{ key_hash: string }>('SELECT key_hash FROM login_devices');
    expect(stored.some((row) => keys.some((key) => row.key_hash.includes(key)))).toBe(false);
  });

  it('a device key that is not a random value of 32 to 64 characters is refused, not stored', async () => {
    const { nip, password: right } = DEMO_ACCOUNTS.atasan;
    for (const bad of ['kunci', 'x'.repeat(65), 'a'.repeat(31), `${crypto.randomUUID()}\u0000`]) {
      const response = await fromDevice(bad, nip, right, '10.5.0.1');
      expect([bad, response.status, await errorCode(response)]).toEqual([bad, 400, 'bad_request']);
    }
  });
});
