import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../src/server/services/seed';
import { insertUser } from '../../../src/server/services/users';
import type { LoginResponse } from '../../../src/shared/protocol';
import type {
  AccountEventsPage,
  InitialPasswordsResponse,
  IssuedPassword,
  OpdCount,
  PersonDetail,
  PersonInput,
  TeamResponse,
} from '../../../src/shared/protocol/people';
import type { RosterImportResult } from '../../../src/shared/protocol/roster-import';
import { backends } from '../backends';
import { bearer, errorCode, login, postJson, startTestServer, type TestServer } from '../harness';
import { getJson, SETUP_TIMEOUT_MS } from '../sync-kit';

/**
 * Whoever holds the NIP someone names as atasan sees that person's team view. An OPD admin
 * (Maya, Disdukcapil) must not be able to obtain that view over people of another OPD (Andi,
 * Dinas Kesehatan) by giving one of their learners such a NIP, or by learning the password of
 * the account that holds it.
 */
const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';
const DINKES = 'Dinas Kesehatan';
const UNHELD = '197001011995031001';

describe.each(backends)('atasan NIPs and OPD admins on $name', (backend) => {
  let server: TestServer;
  let admin: LoginResponse;
  let maya: LoginResponse;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await login(server.app, 'admin');
    maya = await login(server.app, 'opdAdmin');
    for (const role of ['atasan', 'learner', 'pppk', 'otherOpd'] as const) {
      const [row] = await server.db.query<{ id: string }>('SELECT id FROM users WHERE nip = $1', [
        DEMO_ACCOUNTS[role].nip,
      ]);
      ids.set(role, row?.id ?? '');
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const send = (token: string, method: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method,
      headers: { ...bearer(token), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const id = (role: string): string => ids.get(role) ?? '';
  /** The person's roster entry as the form sends it back, with `changes`. */
  const edited = async (personId: string, changes: Partial<PersonInput>): Promise<PersonInput> => {
    const { person } = await getJson<PersonDetail>(server.app, admin.token, `/api/admin/people/${personId}`);
    const { nip, name, status, jabatan, jenisJabatan, golongan, unit, opd, atasanNip, role } = person;
    return { nip, name, status, jabatan, jenisJabatan, golongan, unit, opd, atasanNip, role, ...changes };
  };
  const atasanOf = async (nip: string) =>
    (await server.db.query<{ atasan_nip: string | null }>('SELECT atasan_nip FROM users WHERE nip = $1', [nip]))[0]
      ?.atasan_nip;
  const newLearner = (nip: string, overrides: Partial<PersonInput> = {}): PersonInput => ({
    nip,
    name: 'Pegawai Baru',
    status: 'PNS',
    jabatan: '',
    jenisJabatan: null,
    golongan: null,
    unit: 'Sekretariat',
    opd: DISDUKCAPIL,
    atasanNip: null,
    role: 'learner',
    ...overrides,
  });

  it('an atasan NIP no account holds is refused on the people form, so nobody can claim it later', async () => {
    const andi = await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { atasanNip: UNHELD })),
    });
    expect(andi.status).toBe(400);
    expect(await errorCode(andi)).toBe('unknown_atasan');
    expect(await atasanOf(DEMO_ACCOUNTS.otherOpd.nip)).toBeNull();
    const created = await send(
      maya.token,
      'POST',
      '/api/admin/people',
      newLearner('199101012015031011', { atasanNip: UNHELD }),
    );
    expect(await errorCode(created)).toBe('unknown_atasan');
  });

  it("an OPD admin cannot give a learner a NIP another OPD's people name as atasan; the BKPSDM can", async () => {
    // A reference to a NIP nobody holds, as data from before the rule above may still have.
    await server.db.query('UPDATE users SET atasan_nip = $2 WHERE nip = $1', [DEMO_ACCOUNTS.otherOpd.nip, UNHELD]);
    // Such a reference does not block the rest of the entry: the BKPSDM can still fix a name.
    const renamed = await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { name: 'Andi Pratama' })),
    });
    expect(renamed.status).toBe(200);
    const claim = await send(maya.token, 'POST', '/api/admin/people', newLearner(UNHELD));
    expect(claim.status).toBe(403);
    expect(await errorCode(claim)).toBe('atasan_of_other_opd');

    const siti = await send(maya.token, 'PUT', `/api/admin/people/${id('learner')}`, {
      ...(await edited(id('learner'), { nip: UNHELD })),
    });
    expect(siti.status).toBe(403);
    expect(await errorCode(siti)).toBe('atasan_of_other_opd');

    const imported = await server.app.request('/api/admin/roster', {
      method: 'POST',
      headers: { ...bearer(maya.token), 'content-type': 'text/csv' },
      body: `NIP;Nama;Status;Unit Kerja;OPD\r\n${UNHELD};Pegawai Impor;PNS;Sekretariat;${DISDUKCAPIL}\r\n`,
    });
    const result = (await imported.json()) as RosterImportResult;
    expect(result.rejected.map(({ row, code }) => [row, code])).toEqual([[2, 'atasan_of_other_opd']]);
    expect(result.created).toBe(0);
    expect((await server.db.query('SELECT 1 FROM users WHERE nip = $1', [UNHELD])).length).toBe(0);

    // The BKPSDM decides who leads whom across OPDs.
    expect(
      (await send(admin.token, 'POST', '/api/admin/people', newLearner(UNHELD, { name: 'Atasan Sah' }))).status,
    ).toBe(201);
  });

  it("only the BKPSDM resets, or changes the NIP of, the atasan of another OPD's people", async () => {
    const andi = await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { atasanNip: DEMO_ACCOUNTS.atasan.nip })),
    });
    expect(andi.status).toBe(200);

    const reset = await send(maya.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`);
    expect(reset.status).toBe(403);
    expect(await errorCode(reset)).toBe('atasan_of_other_opd');
    const hendra = await login(server.app, 'atasan');
    const team = await getJson<TeamResponse>(server.app, hendra.token, '/api/team');
    expect(team.members.map((member) => member.name).sort()).toEqual([
      'Andi Pratama',
      'Rudi Hartono',
      'Siti Rahmawati',
    ]);

    const renip = await send(maya.token, 'PUT', `/api/admin/people/${id('atasan')}`, {
      ...(await edited(id('atasan'), { nip: '197806152003121099' })),
    });
    expect(await errorCode(renip)).toBe('atasan_of_other_opd');
    // The rest of the entry is still Maya's to keep up to date, and her other learners' passwords.
    const jabatan = await send(maya.token, 'PUT', `/api/admin/people/${id('atasan')}`, {
      ...(await edited(id('atasan'), { jabatan: 'Kepala Bidang Pelayanan' })),
    });
    expect(jabatan.status).toBe(200);
    expect((await send(maya.token, 'POST', `/api/admin/people/${id('pppk')}/reset-password`)).status).toBe(200);
    expect((await send(admin.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`)).status).toBe(200);
  });

  it('nor the atasan of an administrator of her OPD, herself included: she would review her own records', async () => {
    // Andi back without an atasan: Hendra now leads learners of Maya's OPD only.
    await server.db.query('UPDATE users SET atasan_nip = NULL WHERE nip = $1', [DEMO_ACCOUNTS.otherOpd.nip]);
    const before = await send(maya.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`);
    expect(before.status).toBe(200);
    const { oneTimePassword } = (await before.json()) as IssuedPassword;
    const ownAtasan = await send(admin.token, 'PUT', `/api/admin/people/${maya.user.id}`, {
      ...(await edited(maya.user.id, { atasanNip: DEMO_ACCOUNTS.atasan.nip })),
    });
    expect(ownAtasan.status).toBe(200);
    const reset = await send(maya.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`);
    expect(reset.status).toBe(403);
    expect(await errorCode(reset)).toBe('atasan_of_other_opd');
    // Nor does the one-time password she obtained just before keep working.
    const signedIn = await postJson(server.app, '/api/auth/login', {
      nip: DEMO_ACCOUNTS.atasan.nip,
      password: oneTimePassword,
    });
    expect(signedIn.status).toBe(401);
    await server.db.query('UPDATE users SET atasan_nip = NULL WHERE id = $1', [maya.user.id]);
    expect((await send(admin.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`)).status).toBe(200);
  });

  it("an OPD admin's list of initial passwords leaves out the atasan of another OPD's people", async () => {
    const budi = await insertUser(
      server.db,
      newLearner('198202022008011002', { name: 'Budi Tanpa Sandi' }),
      'learner',
      { passwordHash: null, mustChangePassword: false },
    );
    await insertUser(server.db, newLearner('199303032018031003', { name: 'Citra Tanpa Sandi' }), 'learner', {
      passwordHash: null,
      mustChangePassword: false,
    });
    const andi = await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { atasanNip: budi.nip })),
    });
    expect(andi.status).toBe(200);

    // The people screen's "waiting for a password" card counts what each would be issued, in her OPD only.
    const waiting = async (token: string) =>
      (await getJson<{ opds: OpdCount[] }>(server.app, token, '/api/admin/people/opds')).opds
        .filter((entry) => entry.waitingPasswords > 0)
        .map(({ opd, waitingPasswords }) => ({ opd, waitingPasswords }));
    expect(await waiting(maya.token)).toEqual([{ opd: DISDUKCAPIL, waitingPasswords: 1 }]);
    expect(await waiting(admin.token)).toEqual([{ opd: DISDUKCAPIL, waitingPasswords: 2 }]);

    const mayas = (await (
      await send(maya.token, 'POST', '/api/admin/people/initial-passwords', { opd: DISDUKCAPIL })
    ).json()) as InitialPasswordsResponse;
    expect(mayas).toMatchObject({ remaining: 0, passwords: [{ name: 'Citra Tanpa Sandi' }] });
    expect(mayas.passwords).toHaveLength(1);
    const bkpsdm = (await (
      await send(admin.token, 'POST', '/api/admin/people/initial-passwords', { opd: DISDUKCAPIL })
    ).json()) as InitialPasswordsResponse;
    expect(bkpsdm.passwords.map((entry) => entry.name)).toEqual(['Budi Tanpa Sandi']);
    expect(await waiting(admin.token)).toEqual([]);
  });

  it('a new NIP takes the reports along, so no one is left naming a NIP nobody holds', async () => {
    const oldNip = DEMO_ACCOUNTS.atasan.nip;
    const newNip = '197806152003121099';
    await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { atasanNip: oldNip })),
    });
    // Naming the NIP the account gives up as its own atasan would leave it unheld.
    const self = await send(admin.token, 'PUT', `/api/admin/people/${id('atasan')}`, {
      ...(await edited(id('atasan'), { nip: newNip, atasanNip: oldNip })),
    });
    expect(await errorCode(self)).toBe('unknown_atasan');
    expect(await atasanOf(DEMO_ACCOUNTS.learner.nip)).toBe(oldNip);

    const renip = await send(admin.token, 'PUT', `/api/admin/people/${id('atasan')}`, {
      ...(await edited(id('atasan'), { nip: newNip })),
    });
    expect(renip.status).toBe(200);
    for (const role of ['learner', 'pppk', 'otherOpd'] as const)
      expect(await atasanOf(DEMO_ACCOUNTS[role].nip), role).toBe(newNip);
    expect((await server.db.query('SELECT 1 FROM users WHERE atasan_nip = $1', [oldNip])).length).toBe(0);
    const { events } = await getJson<AccountEventsPage>(
      server.app,
      admin.token,
      `/api/admin/account-events?userId=${id('atasan')}`,
    );
    expect(events[0]?.details).toEqual({ nip: newNip, reportsMoved: 3 });
    // The BKPSDM's password list and resets still work for the moved atasan.
    const issued = (await (
      await send(admin.token, 'POST', `/api/admin/people/${id('atasan')}/reset-password`)
    ).json()) as IssuedPassword;
    expect(issued.person.nip).toBe(newNip);
  });

  /** A first login, as the phone sends it. */
  const signIn = (nip: string, password: string) => postJson(server.app, '/api/auth/login', { nip, password });
  const created = async (token: string, input: PersonInput): Promise<IssuedPassword> => {
    const response = await send(token, 'POST', '/api/admin/people', input);
    expect(response.status).toBe(201);
    return (await response.json()) as IssuedPassword;
  };
  const lastEvent = async (token: string, personId: string) =>
    (await getJson<AccountEventsPage>(server.app, token, `/api/admin/account-events?userId=${personId}`)).events[0];

  it("an OPD admin's unused one-time password stops working once the account leads people beyond her OPD", async () => {
    const budi = await created(maya.token, newLearner('198504052010011001', { name: 'Budi Calon Atasan' }));
    const dewi = await created(maya.token, newLearner('198604062011012002', { name: 'Dewi Atasan Dalam OPD' }));
    // Budi has signed in with it but not yet replaced it: his phone waits at the forced change.
    const waiting = (await (await signIn(budi.person.nip, budi.oneTimePassword)).json()) as LoginResponse;

    // The BKPSDM names Budi atasan of Andi (Dinas Kesehatan): Maya may no longer reset him, nor keep his password.
    const andi = await send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
      ...(await edited(id('otherOpd'), { atasanNip: budi.person.nip })),
    });
    expect(andi.status).toBe(200);
    const refused = await signIn(budi.person.nip, budi.oneTimePassword);
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toBe('invalid_credentials');
    const change = await send(waiting.token, 'POST', '/api/auth/password', {
      currentPassword: budi.oneTimePassword,
      newPassword: 'kata-sandi-pilihan-maya',
    });
    expect(change.status).toBe(401);
    const { person } = await getJson<PersonDetail>(server.app, maya.token, `/api/admin/people/${budi.person.id}`);
    expect(person).toMatchObject({ hasPassword: false, mustChangePassword: false });
    // Maya's log says why her printed password stopped working, and who can issue another.
    expect(await lastEvent(maya.token, budi.person.id)).toMatchObject({
      action: 'withdraw_one_time_password',
      actor: { id: admin.user.id },
      details: { issuedByOpd: DISDUKCAPIL, sessionsEnded: 1 },
    });
    expect((await send(maya.token, 'POST', `/api/admin/people/${budi.person.id}/reset-password`)).status).toBe(403);
    const fresh = (await (
      await send(admin.token, 'POST', `/api/admin/people/${budi.person.id}/reset-password`)
    ).json()) as IssuedPassword;
    expect((await signIn(budi.person.nip, fresh.oneTimePassword)).status).toBe(200);

    // Leading a learner of her own OPD leaves Maya's password as it was.
    await created(maya.token, newLearner('198705072012011003', { name: 'Eko Staf', atasanNip: dewi.person.nip }));
    expect((await signIn(dewi.person.nip, dewi.oneTimePassword)).status).toBe(200);
    await server.db.query('UPDATE users SET atasan_nip = NULL WHERE nip = $1', [DEMO_ACCOUNTS.otherOpd.nip]);
  });

  it("the BKPSDM's own one-time password stays valid when it names that account atasan beyond the OPD", async () => {
    const fajar = await created(maya.token, newLearner('198806082013011004', { name: 'Fajar Calon Atasan' }));
    const issued = (await (
      await send(admin.token, 'POST', `/api/admin/people/${fajar.person.id}/reset-password`)
    ).json()) as IssuedPassword;
    await created(
      admin.token,
      newLearner('199001012015032005', { name: 'Perawat Baru', opd: DINKES, atasanNip: fajar.person.nip }),
    );
    expect((await signIn(fajar.person.nip, issued.oneTimePassword)).status).toBe(200);
  });

  it('a roster import that names the atasan or moves a report to another OPD withdraws it too', async () => {
    const gita = await created(maya.token, newLearner('198907092014012006', { name: 'Gita Calon Atasan' }));
    const hana = await created(maya.token, newLearner('199002102015012007', { name: 'Hana Calon Atasan' }));
    const ivan = '199103112016011008';
    await created(maya.token, newLearner(ivan, { name: 'Ivan Staf', atasanNip: hana.person.nip }));
    // Maya's own import naming Gita atasan of her learner changes nothing for the password.
    const header = 'NIP;Nama;Status;Unit Kerja;OPD;NIP Atasan';
    const own = await server.app.request('/api/admin/roster', {
      method: 'POST',
      headers: { ...bearer(maya.token), 'content-type': 'text/csv' },
      body: `${header}\r\n199204122017012009;Juli Staf;PNS;Sekretariat;${DISDUKCAPIL};${gita.person.nip}\r\n`,
    });
    expect(((await own.json()) as RosterImportResult).created).toBe(1);
    expect((await signIn(gita.person.nip, gita.oneTimePassword)).status).toBe(200);
    await server.db.query('UPDATE users SET password_hash = NULL WHERE nip = $1', [gita.person.nip]);
    const again = (await (
      await send(maya.token, 'POST', `/api/admin/people/${gita.person.id}/reset-password`)
    ).json()) as IssuedPassword;

    const imported = await server.app.request('/api/admin/roster', {
      method: 'POST',
      headers: { ...bearer(admin.token), 'content-type': 'text/csv' },
      body:
        `${header}\r\n199305132018012010;Kartika Perawat;PNS;Puskesmas;${DINKES};${gita.person.nip}\r\n` +
        `${ivan};Ivan Staf;PNS;Puskesmas;${DINKES};${hana.person.nip}\r\n`,
    });
    const result = (await imported.json()) as RosterImportResult;
    expect(result).toMatchObject({ created: 1, updated: 1, rejected: [] });
    for (const [nip, password] of [
      [gita.person.nip, again.oneTimePassword],
      [hana.person.nip, hana.oneTimePassword],
    ] as const)
      expect((await signIn(nip, password)).status, nip).toBe(401);
    expect(await lastEvent(maya.token, hana.person.id)).toMatchObject({ action: 'withdraw_one_time_password' });
  });

  // Two admins at the same moment on PostgreSQL (PGlite runs one transaction at a time): Maya's
  // reset waits on the account's row (held here) while the BKPSDM names that account atasan of
  // Andi. Whichever goes first, the other must see it: no password Maya knows is left working.
  it.runIf(backend.name === 'PostgreSQL')(
    "a reset at the same moment as the BKPSDM's naming leaves no password Maya knows",
    async () => {
      const lina = await created(admin.token, newLearner('199406142019012011', { name: 'Lina Calon Atasan' }));
      /** Backends waiting on `pid`, directly or behind one that does. */
      const waitingOn = async (pid: number) =>
        (
          await server.db.query<{ count: number }>(
            `SELECT count(*)::int AS count FROM pg_stat_activity a WHERE EXISTS (
               SELECT 1 FROM unnest(pg_blocking_pids(a.pid)) AS b (pid)
               WHERE b.pid = $1 OR $1 = ANY (pg_blocking_pids(b.pid)))`,
            [pid],
          )
        )[0]?.count ?? 0;
      const until = async (ready: () => Promise<boolean>) => {
        for (let tries = 0; tries < 200 && !(await ready()); tries++)
          await new Promise((resolve) => setTimeout(resolve, 25));
      };
      let namingEnded = false;
      const { resetting, naming } = await server.db.transaction(async (tx) => {
        const [holder] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        const pid = holder?.pid ?? 0;
        await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [lina.person.id]);
        const resetting = send(maya.token, 'POST', `/api/admin/people/${lina.person.id}/reset-password`);
        await until(async () => (await waitingOn(pid)) > 0);
        const naming = Promise.resolve(
          send(admin.token, 'PUT', `/api/admin/people/${id('otherOpd')}`, {
            ...(await edited(id('otherOpd'), { atasanNip: lina.person.nip })),
          }),
        ).finally(() => (namingEnded = true));
        // The naming ends (nothing holds it back) or waits behind Maya's reset.
        await until(async () => namingEnded || (await waitingOn(pid)) > 1);
        // Not the promises themselves: this transaction must end, releasing the row, before they can.
        return { resetting, naming };
      });
      expect((await naming).status).toBe(200);
      const reset = await resetting;
      if (reset.status === 200) {
        const { oneTimePassword } = (await reset.json()) as IssuedPassword;
        expect((await signIn(lina.person.nip, oneTimePassword)).status).toBe(401);
      } else expect(await errorCode(reset)).toBe('atasan_of_other_opd');
      await server.db.query('UPDATE users SET atasan_nip = NULL WHERE nip = $1', [DEMO_ACCOUNTS.otherOpd.nip]);
    },
  );
});
