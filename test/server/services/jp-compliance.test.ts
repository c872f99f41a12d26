import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../src/server/services/users';
import type { PersonDetail, TeamResponse } from '../../../src/shared/protocol/people';
import type { CompliancePeoplePage, ComplianceReport } from '../../../src/shared/protocol/record';
import { unzipSync } from 'fflate';
import { backends } from '../backends';
import { bearer, login, postJson, startTestServer, type TestServer } from '../harness';
import { getJson, SETUP_TIMEOUT_MS } from '../sync-kit';

const nipOf = (index: number) => `198001012005011${String(index).padStart(3, '0')}`;
const OPD_A = 'Dinas Uji Satu';
const OPD_B = 'Dinas Uji Dua';
const ATASAN = nipOf(99);

describe.each(backends)('Pemenuhan 20 JP on $name', (backend) => {
  let server: TestServer;
  let adminToken: string;
  let opdAdminToken: string;
  let atasanToken: string;
  let learnerToken: string;

  async function person(index: number, opd: string, jp: number[], extra: Record<string, unknown> = {}) {
    const user = await createUser(server.db, {
      nip: nipOf(index),
      name: `Pegawai ${String(index).padStart(2, '0')}`,
      role: 'learner',
      unit: opd,
      opd,
      password: `sandi-rahasia-${index}`,
      ...extra,
    });
    // Completions as the server records them; 2026-12-31T17:30Z is 2027 in WIB.
    for (const [course, value] of jp.entries())
      await server.db.query(
        `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp) VALUES ($1, $2, '1.0.0',
           $3, $4)`,
        [user.id, `kursus-${course}`, course === 0 ? '2026-06-01T03:00:00Z' : '2026-12-31T17:30:00Z', value],
      );
    return user;
  }

  beforeAll(async () => {
    server = await startTestServer(backend);
    adminToken = (await login(server.app, 'admin')).token;
    learnerToken = (await login(server.app, 'learner')).token;
    await person(99, OPD_A, [], { jabatan: 'Kepala Bidang', jenisJabatan: 'Administrator' });
    // OPD A: 20 in 2026 (reached); 12 in 2026 + 8 that count for 2027; 0 JP; a PPPK and a
    // deactivated PNS (not counted).
    await person(1, OPD_A, [20], { atasanNip: ATASAN, jenisJabatan: 'Pelaksana' });
    await person(2, OPD_A, [12, 8], { atasanNip: ATASAN, jenisJabatan: 'Pelaksana' });
    await person(3, OPD_A, [], { status: 'CPNS', jenisJabatan: 'Fungsional' });
    await person(4, OPD_A, [30], {
      status: 'PPPK',
      nip: '199011232022211004',
      atasanNip: ATASAN,
      jenisJabatan: 'Fungsional',
    });
    const gone = await person(5, OPD_A, [25], { jenisJabatan: 'Pelaksana' });
    await server.db.query('UPDATE users SET aktif = false WHERE id = $1', [gone.id]);
    // OPD B: one with 24. The OPD's operator below has no jenis jabatan.
    await person(6, OPD_B, [24], { jenisJabatan: 'Pelaksana' });
    await createUser(server.db, {
      nip: nipOf(50),
      name: 'Operator Dinkes',
      role: 'admin_opd',
      unit: OPD_A,
      opd: OPD_A,
      password: 'operator-dinkes-rahasia',
    });
    opdAdminToken = (
      (await (
        await postJson(server.app, '/api/auth/login', { nip: nipOf(50), password: 'operator-dinkes-rahasia' })
      ).json()) as { token: string }
    ).token;
    atasanToken = (
      (await (await postJson(server.app, '/api/auth/login', { nip: ATASAN, password: 'sandi-rahasia-99' })).json()) as {
        token: string;
      }
    ).token;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  it('per OPD: active PNS/CPNS, reached, share with two decimals, average and zero JP, for the WIB year', async () => {
    const report = await getJson<ComplianceReport>(server.app, adminToken, '/api/admin/jp-compliance?year=2026');
    const dinkes = report.rows.find((row) => row.group === OPD_A);
    // Pegawai 99 (0), 01 (20), 02 (12 in 2026), 03 (0) and the OPD's operator (a PNS, 0):
    // the PPPK and the deactivated one are not counted.
    expect(dinkes).toEqual({ group: OPD_A, people: 5, reached: 1, share: 20, averageJp: 6.4, zeroJp: 3 });
    expect(report.rows.find((row) => row.group === OPD_B)).toMatchObject({ people: 1, reached: 1, share: 100 });
    expect(report.target).toBe(20);

    const next = await getJson<ComplianceReport>(server.app, adminToken, '/api/admin/jp-compliance?year=2027');
    expect(next.rows.find((row) => row.group === OPD_A)).toMatchObject({ reached: 0, averageJp: 1.6, zeroJp: 4 });
  });

  it('drills down to people by name, optionally only those below the target', async () => {
    const page = await getJson<CompliancePeoplePage>(
      server.app,
      adminToken,
      `/api/admin/jp-compliance/people?year=2026&opd=${encodeURIComponent(OPD_A)}&below=true`,
    );
    expect(page.people.map((entry) => [entry.nip, entry.jp, entry.reached])).toEqual([
      [nipOf(50), 0, false],
      [nipOf(2), 12, false],
      [nipOf(3), 0, false],
      [nipOf(99), 0, false],
    ]);
  });

  it('an OPD admin sees their OPD only; an atasan their direct reports; a learner nothing', async () => {
    const opd = await getJson<ComplianceReport>(server.app, opdAdminToken, '/api/admin/jp-compliance?year=2026');
    expect(opd.rows.map((row) => row.group)).toEqual([OPD_A]);
    const people = await getJson<CompliancePeoplePage>(
      server.app,
      opdAdminToken,
      `/api/admin/jp-compliance/people?year=2026&opd=${encodeURIComponent(OPD_B)}`,
    );
    expect(people.people).toEqual([]);

    const team = await getJson<ComplianceReport>(server.app, atasanToken, '/api/team/jp-compliance?year=2026');
    expect(team.total).toMatchObject({ people: 2, reached: 1 });
    const teamPeople = await getJson<CompliancePeoplePage>(
      server.app,
      atasanToken,
      '/api/team/jp-compliance/people?year=2026',
    );
    expect(teamPeople.people.map((entry) => entry.nip)).toEqual([nipOf(1), nipOf(2)]);

    const noTeam = await getJson<ComplianceReport>(server.app, learnerToken, '/api/team/jp-compliance?year=2026');
    expect(noTeam.rows).toEqual([]);
    expect((await server.app.request('/api/admin/jp-compliance', { headers: bearer(learnerToken) })).status).toBe(403);
    expect(
      (await server.app.request('/api/admin/jp-compliance?year=abc', { headers: bearer(adminToken) })).status,
    ).toBe(400);
  });

  it("Tim saya lists each direct report's JP for the WIB year against their target, and nobody else", async () => {
    const members = async (token: string, year: number) =>
      (await getJson<TeamResponse>(server.app, token, `/api/team?year=${year}`)).members.map((member) => [
        member.nip,
        member.yearJp,
        member.yearTarget,
      ]);
    // Direct reports only (not Pegawai 03, 05, 06); the PPPK has no target unless the admin sets one.
    expect(await members(atasanToken, 2026)).toEqual([
      [nipOf(1), 20, 20],
      [nipOf(2), 12, 20],
      ['199011232022211004', 30, null],
    ]);
    // The 8 JP completed at 2026-12-31T17:30Z count for 2027 in WIB.
    expect(await members(atasanToken, 2027)).toEqual([
      [nipOf(1), 0, 20],
      [nipOf(2), 8, 20],
      ['199011232022211004', 0, null],
    ]);
    expect(await members(learnerToken, 2026)).toEqual([]);
    expect((await server.app.request('/api/team?year=1999', { headers: bearer(atasanToken) })).status).toBe(400);
  });

  it('exports the people as CSV (;, BOM, NIP as text) and as XLSX', async () => {
    const csv = await server.app.request('/api/admin/jp-compliance/export?year=2026&format=csv', {
      headers: bearer(opdAdminToken),
    });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('NIP;Nama;Status;Jabatan;Jenis Jabatan;Unit Kerja;OPD;JP 2026;Target JP;Tercapai');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(`${nipOf(1)};Pegawai 01;PNS;;Pelaksana;${OPD_A};${OPD_A};20;20;Ya`);
    expect(text).not.toContain(OPD_B);

    const xlsx = await server.app.request('/api/admin/jp-compliance/export?year=2026&format=xlsx', {
      headers: bearer(adminToken),
    });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    const shared = new TextDecoder().decode(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    expect(sheet + shared).toContain(nipOf(1));

    // The BKPSDM's CSV follows the report's OPD order (people by name within one OPD).
    const everyone = await server.app.request('/api/admin/jp-compliance/export?year=2026&format=csv', {
      headers: bearer(adminToken),
    });
    const rows = (await everyone.text()).trimEnd().split('\r\n').slice(1);
    const opds = rows.map((line) => line.split(';')[6]!);
    expect(opds).toEqual([...opds].sort());
    // "Dinas Uji Dua" (Pegawai 06) before "Dinas Uji Satu" (Pegawai 01), though 01 sorts first by name.
    expect(rows.findIndex((line) => line.startsWith(nipOf(6)))).toBeLessThan(
      rows.findIndex((line) => line.startsWith(nipOf(1))),
    );
  });

  describe('grouped by jenis jabatan', () => {
    const report = (token: string, path: string) =>
      getJson<ComplianceReport>(server.app, token, `${path}?year=2026&groupBy=jenis_jabatan`);
    const people = async (token: string, path: string, query: string) =>
      (await getJson<CompliancePeoplePage>(server.app, token, `${path}?year=2026&${query}`)).people.map(
        (entry) => entry.nip,
      );

    it('gives the same figures per jenis jabatan, top of the hierarchy first, the unfilled last', async () => {
      // The OPD admin's view holds only this file's people (the demo accounts live in other OPDs).
      const opd = await report(opdAdminToken, '/api/admin/jp-compliance');
      expect(opd.groupBy).toBe('jenis_jabatan');
      expect(opd.rows).toEqual([
        { group: 'Administrator', people: 1, reached: 0, share: 0, averageJp: 0, zeroJp: 1 },
        // Pegawai 01 (20) and 02 (12): the deactivated Pelaksana is not counted.
        { group: 'Pelaksana', people: 2, reached: 1, share: 50, averageJp: 16, zeroJp: 0 },
        // The PPPK Fungsional is not counted.
        { group: 'Fungsional', people: 1, reached: 0, share: 0, averageJp: 0, zeroJp: 1 },
        // The OPD's operator, who has no jenis jabatan.
        { group: null, people: 1, reached: 0, share: 0, averageJp: 0, zeroJp: 1 },
      ]);
      expect(opd.total).toEqual({ group: '', people: 5, reached: 1, share: 20, averageJp: 6.4, zeroJp: 3 });

      // BKPSDM-wide: the same people, only cut the other way; the default grouping is still OPD.
      const all = await report(adminToken, '/api/admin/jp-compliance');
      const byOpd = await getJson<ComplianceReport>(server.app, adminToken, '/api/admin/jp-compliance?year=2026');
      expect(byOpd.groupBy).toBe('opd');
      expect(all.total).toEqual(byOpd.total);
      expect(all.rows.map((row) => row.group).at(-1)).toBe(null);
    });

    it('drills down to the people of one jenis jabatan, or of none', async () => {
      const path = '/api/admin/jp-compliance/people';
      const pelaksana = await getJson<CompliancePeoplePage>(
        server.app,
        adminToken,
        `${path}?year=2026&jenisJabatan=Pelaksana`,
      );
      expect(pelaksana.people.every((entry) => entry.jenisJabatan === 'Pelaksana')).toBe(true);
      expect(pelaksana.people.map((entry) => entry.nip)).toEqual(
        expect.arrayContaining([nipOf(1), nipOf(2), nipOf(6)]),
      );
      expect(pelaksana.people.map((entry) => entry.nip)).not.toContain(nipOf(5));
      const all = await report(adminToken, '/api/admin/jp-compliance');
      expect(pelaksana.people).toHaveLength(all.rows.find((row) => row.group === 'Pelaksana')!.people);

      const unset = await getJson<CompliancePeoplePage>(server.app, adminToken, `${path}?year=2026&jenisJabatan=none`);
      expect(unset.people.map((entry) => entry.nip)).toContain(nipOf(50));
      expect(unset.people.every((entry) => entry.jenisJabatan === null)).toBe(true);

      // Filters compose: one OPD's Pelaksana, only those below the target.
      expect(await people(adminToken, path, `opd=${encodeURIComponent(OPD_B)}&jenisJabatan=Pelaksana`)).toEqual([
        nipOf(6),
      ]);
      expect(
        await people(adminToken, path, `opd=${encodeURIComponent(OPD_A)}&jenisJabatan=Pelaksana&below=true`),
      ).toEqual([nipOf(2)]);
    });

    it('keeps the scoping: an OPD admin their OPD in every group, an atasan reports, a learner nothing', async () => {
      const opd = await report(opdAdminToken, '/api/admin/jp-compliance');
      expect(opd.total.people).toBe(5);
      expect(await people(opdAdminToken, '/api/admin/jp-compliance/people', 'jenisJabatan=Pelaksana')).toEqual([
        nipOf(1),
        nipOf(2),
      ]);

      const team = await report(atasanToken, '/api/team/jp-compliance');
      expect(team.rows).toEqual([{ group: 'Pelaksana', people: 2, reached: 1, share: 50, averageJp: 16, zeroJp: 0 }]);
      expect(await people(atasanToken, '/api/team/jp-compliance/people', 'jenisJabatan=Pelaksana')).toEqual([
        nipOf(1),
        nipOf(2),
      ]);
      expect(await people(atasanToken, '/api/team/jp-compliance/people', 'jenisJabatan=Administrator')).toEqual([]);

      expect((await report(learnerToken, '/api/team/jp-compliance')).rows).toEqual([]);
      for (const path of [
        '/api/admin/jp-compliance?groupBy=jenis_jabatan',
        '/api/admin/jp-compliance/people?jenisJabatan=Pelaksana',
        '/api/admin/jp-compliance/export?groupBy=jenis_jabatan',
      ])
        expect((await server.app.request(path, { headers: bearer(learnerToken) })).status).toBe(403);
    });

    it('refuses an unknown grouping or jenis jabatan with a 400', async () => {
      for (const query of ['groupBy=golongan', 'groupBy=', 'jenisJabatan=Menteri', "groupBy=opd'--"]) {
        const response = await server.app.request(`/api/admin/jp-compliance/people?${query}`, {
          headers: bearer(adminToken),
        });
        expect(response.status, query).toBe(400);
      }
    });

    it("exports in the grouping's order, with the jenis jabatan column, scoped to the OPD", async () => {
      const csv = await server.app.request(
        '/api/admin/jp-compliance/export?year=2026&groupBy=jenis_jabatan&format=csv',
        {
          headers: bearer(opdAdminToken),
        },
      );
      expect(csv.status).toBe(200);
      const lines = (await csv.text()).trimEnd().split('\r\n');
      expect(lines.slice(1).map((line) => line.split(';').slice(0, 5).join(';'))).toEqual([
        `${nipOf(99)};Pegawai 99;PNS;Kepala Bidang;Administrator`,
        `${nipOf(1)};Pegawai 01;PNS;;Pelaksana`,
        `${nipOf(2)};Pegawai 02;PNS;;Pelaksana`,
        `${nipOf(3)};Pegawai 03;CPNS;;Fungsional`,
        `${nipOf(50)};Operator Dinkes;PNS;;`,
      ]);
      const one = await server.app.request(
        '/api/admin/jp-compliance/export?year=2026&groupBy=jenis_jabatan&jenisJabatan=Pelaksana&format=csv',
        { headers: bearer(opdAdminToken) },
      );
      expect(
        (await one.text())
          .trimEnd()
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(';')[0]),
      ).toEqual([nipOf(1), nipOf(2)]);
    });
  });

  // Last: it adds learning done elsewhere (in 2025, so the figures above are untouched).
  it("counts approved learning elsewhere in the all-years total as in the year's, never a pending one", async () => {
    const [pegawai02] = await server.db.query<{ id: string }>('SELECT id FROM users WHERE nip = $1', [nipOf(2)]);
    const external = (id: string, status: string, approvedJp: number | null) =>
      server.db.query(
        `INSERT INTO external_learning (id, user_id, body_hash, jenis_diklat_id, kind, name, organiser, start_date,
           end_date, claimed_jp, status, approved_jp) VALUES ($1, $2, 'x', 1, 'webinar', 'Webinar SPBE', 'Kominfo',
           '2025-03-01', '2025-03-02', 5, $3, $4)`,
        [id, pegawai02!.id, status, approvedJp],
      );
    await external('6f1c2a4e-0000-4000-8000-000000000001', 'approved', 5);
    await external('6f1c2a4e-0000-4000-8000-000000000002', 'pending', null);
    const member = (await getJson<TeamResponse>(server.app, atasanToken, '/api/team?year=2025')).members.find(
      (entry) => entry.nip === nipOf(2),
    );
    // 12 + 8 JP of courses and the 5 approved: "JP 2025: 5 dari 20 · 25 JP sepanjang masa".
    expect([member?.yearJp, member?.jpTotal]).toEqual([5, 25]);
    const detail = await getJson<PersonDetail>(server.app, adminToken, `/api/admin/people/${pegawai02!.id}`);
    expect(detail.jpTotal).toBe(25);
  });
});
