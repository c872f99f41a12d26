import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { publishBundle } from '../../src/server/services/bundle-dir';
import type { ApiErrorBody, LoginResponse, User } from '../../src/shared/protocol';
import type { IssuedPassword, PersonDetail } from '../../src/shared/protocol/people';
import type { CourseReportsResponse } from '../../src/shared/protocol/reports';
import { buildBundle, FIXTURE_ANSWERS } from '../fixtures/bundles';
import { backends } from './backends';
import { bearer, errorCode, login, postJson, startTestServer, type TestServer } from './harness';
import { getJson, learnerRecords, push, pushOk, SETUP_TIMEOUT_MS, signInNewLearner } from './sync-kit';

/** Every route a learner's phone calls with its token: after revocation, each must answer 401. */
function learnerRoutes(userId: string): [string, string][] {
  return [
    ['GET', '/api/me'],
    ['GET', '/api/courses'],
    ['GET', '/api/courses/sesi'],
    ['GET', '/api/courses/sesi/bundle'],
    ['GET', '/api/sync/progress'],
    ['GET', `/api/users/${userId}/progress`],
    ['GET', '/api/team'],
    ['POST', '/api/sync'],
    ['POST', '/api/auth/password'],
    ['POST', '/api/auth/logout'],
  ];
}

describe.each(backends)('server-side sessions on $name', (backend) => {
  let server: TestServer;
  let admin: LoginResponse;
  const bundle = buildBundle({ id: 'sesi' });

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    admin = await login(server.app, 'admin');
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const call = (app: TestServer['app'], method: string, path: string, token: string) =>
    app.request(path, {
      method,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ statements: [], progress: [] }) } : {}),
    });

  /** The status of every learner route for a token. */
  async function sweep(token: string, userId: string, app = server.app): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    for (const [method, path] of learnerRoutes(userId)) {
      statuses[`${method} ${path}`] = (await call(app, method, path, token)).status;
    }
    return statuses;
  }
  /** Every route answers `status`, but logout: a token already ended is logged out, so 204, not an error. */
  const all = (userId: string, status: number) =>
    Object.fromEntries(
      learnerRoutes(userId).map(([method, path]) => [
        `${method} ${path}`,
        path === '/api/auth/logout' && status === 401 ? 204 : status,
      ]),
    );

  it("logout ends the session it is called with, on every route at once; the account's others go on", async () => {
    const phone = await login(server.app, 'learner');
    const laptop = await login(server.app, 'learner');
    const out = await call(server.app, 'POST', '/api/auth/logout', phone.token);
    // Sent again (the phone was offline, or reloaded before the answer came): already done, quietly.
    expect((await call(server.app, 'POST', '/api/auth/logout', phone.token)).status).toBe(204);
    expect((await server.app.request('/api/auth/logout', { method: 'POST' })).status).toBe(401);
    expect(out.status).toBe(204);

    expect(await sweep(phone.token, phone.user.id)).toEqual(all(phone.user.id, 401));
    expect(await errorCode(await call(server.app, 'GET', '/api/me', phone.token))).toBe('session_expired');
    expect((await call(server.app, 'GET', '/api/sync/progress', laptop.token)).status).toBe(200);
  });

  it('a second server on the same database refuses a token the first logged out (nothing kept in memory)', async () => {
    const other = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30 },
    });
    const { token } = await login(server.app, 'learner');
    expect((await call(other, 'GET', '/api/me', token)).status).toBe(200);
    await call(server.app, 'POST', '/api/auth/logout', token);
    expect((await call(other, 'GET', '/api/me', token)).status).toBe(401);
    expect((await call(other, 'POST', '/api/sync', token)).status).toBe(401);
  });

  it("a deactivated account's tokens get 401 on every route, sync too; no login; its records count", async () => {
    const rini = await signInNewLearner(server, '199404142019032004', 'Rini Anggraini');
    const records = learnerRecords(rini.user, bundle);
    await pushOk(server.app, rini.token, {
      statements: [
        records.experienced('pengantar'),
        records.experienced('nilai-dasar'),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right),
      ],
    });
    const second = await postJson(server.app, '/api/auth/login', {
      nip: rini.user.nip,
      password: 'sandi-199404142019032004',
    });
    const secondToken = ((await second.json()) as LoginResponse).token;

    const response = await call(server.app, 'POST', `/api/admin/people/${rini.user.id}/deactivate`, admin.token);
    expect(response.status).toBe(200);
    for (const token of [rini.token, secondToken])
      expect(await sweep(token, rini.user.id)).toEqual(all(rini.user.id, 401));
    // A queued record from the phone is not accepted either.
    expect((await push(server.app, rini.token, { statements: [records.experienced('pengantar')] })).status).toBe(401);

    const again = await postJson(server.app, '/api/auth/login', {
      nip: rini.user.nip,
      password: 'sandi-199404142019032004',
    });
    expect(again.status).toBe(403);
    expect(await errorCode(again)).toBe('account_inactive');
    // A wrong password for a deactivated account says nothing about the account.
    const wrong = await postJson(server.app, '/api/auth/login', { nip: rini.user.nip, password: 'bukan-sandinya' });
    expect(await errorCode(wrong)).toBe('invalid_credentials');

    const { courses } = await getJson<CourseReportsResponse>(server.app, admin.token, '/api/admin/reports/courses');
    expect(courses.find((course) => course.courseId === 'sesi')?.completed).toBeGreaterThanOrEqual(1);

    const detail = await getJson<PersonDetail>(server.app, admin.token, `/api/admin/people/${rini.user.id}`);
    expect(detail.person.aktif).toBe(false);
    expect(detail.sessions.map((session) => session.endedBecause)).toEqual(['deactivated', 'deactivated']);
    expect(detail.jpTotal).toBe(bundle.manifest.jp);

    await call(server.app, 'POST', `/api/admin/people/${rini.user.id}/activate`, admin.token);
    const back = await postJson(server.app, '/api/auth/login', {
      nip: rini.user.nip,
      password: 'sandi-199404142019032004',
    });
    expect(back.status).toBe(200);
  });

  it("a deleted account's tokens answer 401 on every route at once", async () => {
    const gone = await signInNewLearner(server, '198909092015031006', 'Bayu Saputra');
    await server.db.query('DELETE FROM users WHERE id = $1', [gone.user.id]);
    expect(await sweep(gone.token, gone.user.id)).toEqual(all(gone.user.id, 401));
  });

  it('an admin ends all sessions of an account (a lost phone); the person signs in again and syncs', async () => {
    const dedi = await signInNewLearner(server, '199001012015031007', 'Dedi Kurniawan');
    const other = (
      (await (
        await postJson(server.app, '/api/auth/login', { nip: dedi.user.nip, password: 'sandi-199001012015031007' })
      ).json()) as LoginResponse
    ).token;
    const ended = await call(server.app, 'POST', `/api/admin/people/${dedi.user.id}/end-sessions`, admin.token);
    expect(await ended.json()).toEqual({ ended: 2 });
    for (const token of [dedi.token, other]) expect(await sweep(token, dedi.user.id)).toEqual(all(dedi.user.id, 401));

    const fresh = (await (
      await postJson(server.app, '/api/auth/login', { nip: dedi.user.nip, password: 'sandi-199001012015031007' })
    ).json()) as LoginResponse;
    const records = learnerRecords(fresh.user, bundle);
    expect(
      Object.values(await pushOk(server.app, fresh.token, { statements: [records.experienced('pengantar')] })),
    ).toEqual(['stored']);
    const detail = await getJson<PersonDetail>(server.app, admin.token, `/api/admin/people/${dedi.user.id}`);
    expect(detail.sessions.map((session) => session.endedBecause)).toEqual([null, 'ended_by_admin', 'ended_by_admin']);
  });

  it('a reset password ends every session; the one-time password only lets the person choose a new one', async () => {
    const eka = await signInNewLearner(server, '199202022016032008', 'Eka Putri');
    const reset = await call(server.app, 'POST', `/api/admin/people/${eka.user.id}/reset-password`, admin.token);
    const { oneTimePassword } = (await reset.json()) as IssuedPassword;
    expect(await sweep(eka.token, eka.user.id)).toEqual(all(eka.user.id, 401));
    expect(
      (await postJson(server.app, '/api/auth/login', { nip: eka.user.nip, password: 'sandi-199202022016032008' }))
        .status,
    ).toBe(401);

    const first = (await (
      await postJson(server.app, '/api/auth/login', { nip: eka.user.nip, password: oneTimePassword })
    ).json()) as LoginResponse;
    expect(first.user.mustChangePassword).toBe(true);
    for (const [method, path] of learnerRoutes(eka.user.id)) {
      if (path === '/api/auth/logout' || path === '/api/auth/password') continue;
      const expected = path === '/api/me' ? 200 : 403;
      expect((await call(server.app, method, path, first.token)).status, `${method} ${path}`).toBe(expected);
    }
    expect(await errorCode(await call(server.app, 'POST', '/api/sync', first.token))).toBe('password_change_required');

    const change = (currentPassword: string, newPassword: string) =>
      server.app.request('/api/auth/password', {
        method: 'POST',
        headers: { ...bearer(first.token), 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword, newPassword }),
      });
    for (const weak of ['pendek', '12345678', `x${eka.user.nip}`, 'Password']) {
      const refused = await change(oneTimePassword, weak);
      expect(refused.status, weak).toBe(400);
      expect(await errorCode(refused)).toBe('weak_password');
    }
    expect(await errorCode(await change('salah-sekali', 'sandi-baru-eka-2026'))).toBe('invalid_credentials');
    // The admin who printed the one-time password knows it: it cannot become the person's own, in any spelling.
    for (const same of [oneTimePassword, oneTimePassword.toLowerCase(), oneTimePassword.replace(/-/g, ' ')]) {
      const refused = await change(oneTimePassword, same);
      expect(refused.status, same).toBe(400);
      expect(((await refused.json()) as ApiErrorBody).error).toMatchObject({
        code: 'weak_password',
        details: { problem: 'same_as_current' },
      });
    }
    const changed = await change(oneTimePassword.toLowerCase(), 'sandi-baru-eka-2026');
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as { user: User }).user.mustChangePassword).toBe(false);
    expect((await call(server.app, 'GET', '/api/courses', first.token)).status).toBe(200);
    expect(
      (await postJson(server.app, '/api/auth/login', { nip: eka.user.nip, password: oneTimePassword })).status,
    ).toBe(401);
    expect(
      (await postJson(server.app, '/api/auth/login', { nip: eka.user.nip, password: 'sandi-baru-eka-2026' })).status,
    ).toBe(200);
  });

  it("changing one's own password ends the other sessions and keeps this one", async () => {
    const fajar = await signInNewLearner(server, '199303032017031009', 'Fajar Nugroho');
    const other = (
      (await (
        await postJson(server.app, '/api/auth/login', { nip: fajar.user.nip, password: 'sandi-199303032017031009' })
      ).json()) as LoginResponse
    ).token;
    const changed = await server.app.request('/api/auth/password', {
      method: 'POST',
      headers: { ...bearer(fajar.token), 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: 'sandi-199303032017031009', newPassword: 'fajar-belajar-terus' }),
    });
    expect(changed.status).toBe(200);
    expect((await call(server.app, 'GET', '/api/me', fajar.token)).status).toBe(200);
    expect((await call(server.app, 'GET', '/api/me', other)).status).toBe(401);
  });
});
