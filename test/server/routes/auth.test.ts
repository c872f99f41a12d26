import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAdmin, type AuthEnv } from '../../../src/server/auth/middleware';
import { createSessionTokens } from '../../../src/server/auth/tokens';
import { ApiError, apiError } from '../../../src/server/http/api-error';
import { loadTokenSecret } from '../../../src/server/services/settings';
import { DEMO_ACCOUNTS } from '../../../src/server/services/seed';
import { createUser } from '../../../src/server/services/users';
import { isValidNip } from '../../../src/shared/nip';
import { isValidNumberForStatus } from '../../../src/shared/roster';
import type { ApiErrorBody, User } from '../../../src/shared/protocol';
import { backends } from '../backends';
import { configurePasswordHashing } from '../../../src/server/auth/password';
import { bearer, errorCode, login, postJson, startTestServer, TEST_PASSWORD_COST, type TestServer } from '../harness';
import { SETUP_TIMEOUT_MS } from '../sync-kit';

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(backends)('auth on $name', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  it('every demo account has a valid number for its status (the PPPK one a NI PPPK)', () => {
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const status = 'status' in account ? account.status : 'PNS';
      expect(isValidNumberForStatus(account.nip, status), account.name).toBe(true);
    }
    expect(isValidNip(DEMO_ACCOUNTS.pppk.nip)).toBe(false);
  });

  it('a PPPK signs in with their NI PPPK, and the atasan learns at login how many report to them', async () => {
    expect((await login(server.app, 'pppk')).user.status).toBe('PPPK');
    expect((await login(server.app, 'atasan')).user.directReports).toBe(2);
  });

  it("a hash made at an older, lower cost is replaced at today's cost at the next successful login", async () => {
    configurePasswordHashing({ cost: { ...TEST_PASSWORD_COST, memoryKiB: TEST_PASSWORD_COST.memoryKiB / 2 } });
    const old = await createUser(server.db, {
      nip: '197001012000031001',
      name: 'Pegawai Lama',
      role: 'learner',
      unit: 'Sekretariat',
      password: 'sandi-sejak-2000',
    });
    configurePasswordHashing({ cost: TEST_PASSWORD_COST });
    const hashOf = async () =>
      (await server.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [old.id]))[0]
        ?.password_hash;
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=128,/);
    const wrong = await postJson(server.app, '/api/auth/login', { nip: old.nip, password: 'salah-sandi' });
    expect(wrong.status).toBe(401);
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=128,/);
    const right = await postJson(server.app, '/api/auth/login', { nip: old.nip, password: 'sandi-sejak-2000' });
    expect(right.status).toBe(200);
    expect(await hashOf()).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${TEST_PASSWORD_COST.memoryKiB},`));
    expect((await postJson(server.app, '/api/auth/login', { nip: old.nip, password: 'sandi-sejak-2000' })).status).toBe(
      200,
    );
  });

  it('a NIP typed with the spaces printed on documents is the same NIP', async () => {
    const spaced = DEMO_ACCOUNTS.learner.nip.replace(/^(\d{8})(\d{6})(\d)(\d{3})$/, '$1 $2 $3 $4');
    const response = await postJson(server.app, '/api/auth/login', {
      nip: spaced,
      password: DEMO_ACCOUNTS.learner.password,
    });
    expect(response.status).toBe(200);
  });

  it('a right NIP and password get a token valid for the configured 30 days and the public user', async () => {
    const before = Date.now();
    const { token, expiresAt, user } = await login(server.app, 'learner');
    expect(token.split('.')).toHaveLength(3);
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(30 * DAY_MS - 60_000);
    expect(Date.parse(expiresAt) - before).toBeLessThan(30 * DAY_MS + 60_000);
    expect(user).toEqual({
      id: expect.any(String),
      nip: DEMO_ACCOUNTS.learner.nip,
      name: 'Siti Rahmawati',
      role: 'learner',
      unit: DEMO_ACCOUNTS.learner.unit,
      opd: DEMO_ACCOUNTS.learner.opd,
      status: 'PNS',
      jabatan: DEMO_ACCOUNTS.learner.jabatan,
      jenisJabatan: 'Pelaksana',
      golongan: 'III/a',
      atasanNip: DEMO_ACCOUNTS.atasan.nip,
      directReports: 0,
      mustChangePassword: false,
    });
  });

  it('a wrong password and an unknown NIP get the same 401 invalid_credentials answer', async () => {
    const wrongPassword = await postJson(server.app, '/api/auth/login', {
      nip: DEMO_ACCOUNTS.learner.nip,
      password: 'salah',
    });
    const unknownNip = await postJson(server.app, '/api/auth/login', { nip: '199001012015011001', password: 'salah' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownNip.status).toBe(401);
    const bodies = [(await wrongPassword.json()) as ApiErrorBody, (await unknownNip.json()) as ApiErrorBody];
    expect(bodies[0]?.error.code).toBe('invalid_credentials');
    expect(bodies[0]).toEqual(bodies[1]);
  });

  it('a malformed NIP is refused with 400 invalid_nip before any password check', async () => {
    const response = await postJson(server.app, '/api/auth/login', { nip: '12345', password: 'x' });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_nip');
  });

  it('a body that is not JSON is 400 bad_request, not 500', async () => {
    const response = await server.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"nip":',
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('bad_request');
  });

  it('a login a page on another site could send (no CORS preflight) is 415 and counts against nobody', async () => {
    const { nip, password } = DEMO_ACCOUNTS.otherOpd;
    const send = (contentType: string | null, body: string | FormData) =>
      server.app.request('/api/auth/login', {
        method: 'POST',
        headers: contentType === null ? {} : { 'content-type': contentType },
        body,
      });
    const form = new FormData();
    form.set('nip', nip);
    form.set('password', password);
    const crossSite = [
      send('text/plain', JSON.stringify({ nip, password })),
      send('text/plain;charset=UTF-8', JSON.stringify({ nip, password })),
      send('application/x-www-form-urlencoded', new URLSearchParams({ nip, password }).toString()),
      send(null, form),
      send(null, JSON.stringify({ nip, password })),
      send('application/merge-patch+json', JSON.stringify({ nip, password })),
      send('application/jsonp', JSON.stringify({ nip, password })),
    ];
    for (const response of await Promise.all(crossSite))
      expect([response.status, await errorCode(response)]).toEqual([415, 'unsupported_content_type']);

    // Ten wrong passwords sent that way would have held the NIP back; they were never read.
    for (let failure = 0; failure < 10; failure++)
      expect((await send('text/plain', JSON.stringify({ nip, password: 'salah' }))).status).toBe(415);
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON ;charset=UTF-8',
    ])
      expect((await send(contentType, JSON.stringify({ nip, password }))).status).toBe(200);
  });

  it('a body of the wrong shape is 400 bad_request with the zod issues in details', async () => {
    const response = await postJson(server.app, '/api/auth/login', { nip: DEMO_ACCOUNTS.learner.nip });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ApiErrorBody;
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details).toEqual([expect.objectContaining({ path: ['password'] })]);
  });

  it('a body over 64 KiB is 413 payload_too_large', async () => {
    const response = await postJson(server.app, '/api/auth/login', {
      nip: DEMO_ACCOUNTS.learner.nip,
      password: 'x'.repeat(70_000),
    });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
  });

  it('GET /api/me answers the signed-in user', async () => {
    const { token, user } = await login(server.app, 'admin');
    const response = await server.app.request('/api/me', { headers: bearer(token) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: User }).user).toEqual(user);
  });

  it.each([
    ['no Authorization header', {}],
    ['a malformed token', bearer('not-a-jwt')],
    ['a scheme other than Bearer', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('%s is 401 unauthorized', async (_case, headers) => {
    const response = await server.app.request('/api/me', { headers });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('unauthorized');
  });

  it('an expired token is 401 session_expired', async () => {
    const { user } = await login(server.app, 'learner');
    const tokens = createSessionTokens({ db: server.db, loadSecret: () => loadTokenSecret(server.db), ttlDays: 30 });
    const { token } = await tokens.issue(user.id, { now: new Date(Date.now() - 31 * DAY_MS) });
    const response = await server.app.request('/api/me', { headers: bearer(token) });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_expired');
  });

  it('an expired token signed with another secret is 401 unauthorized, not session_expired', async () => {
    const { user } = await login(server.app, 'learner');
    const forged = await sign(
      { sub: user.id, sid: crypto.randomUUID(), exp: Math.floor(Date.now() / 1000) - 60 },
      'not-the-secret',
      'HS256',
    );
    const response = await server.app.request('/api/me', { headers: bearer(forged) });
    expect(await errorCode(response)).toBe('unauthorized');
  });

  it('a token signed with the real secret but naming no session (older, or invented) is refused', async () => {
    const { user } = await login(server.app, 'learner');
    const secret = await loadTokenSecret(server.db);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const withoutSession = await sign({ sub: user.id, role: 'learner', exp }, secret, 'HS256');
    expect(await errorCode(await server.app.request('/api/me', { headers: bearer(withoutSession) }))).toBe(
      'unauthorized',
    );
    const inventedSession = await sign({ sub: user.id, sid: crypto.randomUUID(), exp }, secret, 'HS256');
    const response = await server.app.request('/api/me', { headers: bearer(inventedSession) });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_expired');
  });

  it("a session's token cannot be used for another account by changing its subject", async () => {
    const { token } = await login(server.app, 'learner');
    const admin = await login(server.app, 'admin');
    const secret = await loadTokenSecret(server.db);
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { sid: string; exp: number };
    const swapped = await sign({ sub: admin.user.id, sid: claims.sid, exp: claims.exp }, secret, 'HS256');
    expect((await server.app.request('/api/admin/attempts', { headers: bearer(swapped) })).status).toBe(401);
  });

  describe('requireAdmin', () => {
    // The middleware on its own, on a throwaway app with the real tokens and database.
    const adminApp = () => {
      const tokens = createSessionTokens({ db: server.db, loadSecret: () => loadTokenSecret(server.db), ttlDays: 30 });
      return new Hono<AuthEnv>()
        .get('/admin-only', requireAdmin(tokens), (c) => c.text(c.var.session.role))
        .onError((error, c) =>
          error instanceof ApiError ? apiError(c, error.status, error.code, error.message) : c.text('bug', 500),
        );
    };

    it.each(['learner', 'atasan', 'opdAdmin'] as const)('the %s is 403 forbidden', async (account) => {
      const { token } = await login(server.app, account);
      const response = await adminApp().request('/admin-only', { headers: bearer(token) });
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
    });

    it('an admin passes', async () => {
      const { token } = await login(server.app, 'admin');
      const response = await adminApp().request('/admin-only', { headers: bearer(token) });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('admin');
    });

    it('an admin demoted after signing in is refused at once, though the token is still valid', async () => {
      const demoted = await createUser(server.db, {
        nip: '197811052006042003',
        name: 'Admin Lama',
        role: 'admin',
        unit: 'BKPSDM',
        password: 'sandi-lama-123',
      });
      const { token } = await postJson(server.app, '/api/auth/login', {
        nip: demoted.nip,
        password: 'sandi-lama-123',
      }).then((response) => response.json() as Promise<{ token: string }>);
      expect((await adminApp().request('/admin-only', { headers: bearer(token) })).status).toBe(200);

      await server.db.query(`UPDATE users SET role = 'learner' WHERE id = $1`, [demoted.id]);
      const response = await adminApp().request('/admin-only', { headers: bearer(token) });
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
      // Nor can it read a learner's progress any more.
      const { user: learner } = await login(server.app, 'learner');
      expect((await server.app.request(`/api/users/${learner.id}/progress`, { headers: bearer(token) })).status).toBe(
        403,
      );
    });

    it('no token is 401 unauthorized, not 403', async () => {
      const response = await adminApp().request('/admin-only');
      expect(response.status).toBe(401);
    });
  });
});
