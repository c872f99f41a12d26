import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { uuidv7 } from '../../../src/shared/id';
import { readSheet } from 'read-excel-file/node';
import {
  akpkApi,
  type AkpkPeriod,
  type AkpkPeriodList,
  type AkpkSummary,
  type AkpkTopics,
  type AkpkValidationList,
  type CompetencyImport,
} from '../../../src/shared/protocol/akpk';
import { XLSX_TYPE } from '../../../src/server/http/tabular';
import { PLAN_HEADER } from '../../../src/server/services/akpk-plan';
import type { ApiErrorBody, LoginResponse } from '../../../src/shared/protocol';
import { cycleApi, type CycleState } from '../../../src/shared/protocol/cycle';
import type { LearnerRecord } from '../../../src/shared/records';
import { backends } from '../backends';
import { bearer, loginAll, startTestServer, type TestServer } from '../harness';
import { getJson, pushOk, SETUP_TIMEOUT_MS } from '../sync-kit';

const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';

describe.each(backends)('AKPK needs survey on $name', (backend) => {
  let server: TestServer;
  let periodId: string;
  let sessions: Map<string, LoginResponse>;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer(backend);
    sessions = await loginAll(server.app, ['learner', 'pppk', 'otherOpd', 'atasan', 'admin', 'opdAdmin']);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (role: string) => sessions.get(role)?.token ?? '';
  const userId = (role: string) => sessions.get(role)?.user.id ?? '';
  const request = (role: string, path: string, body?: unknown) =>
    server.app.request(path, {
      method: 'POST',
      headers: { ...bearer(token(role)), 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  const item = (competencyId: string, selfLevel: number, requiredLevel: number, priority: number) => ({
    competencyId,
    selfLevel,
    requiredLevel,
    priority,
    method: 'e-learning' as const,
    note: '',
  });
  const response = (items: ReturnType<typeof item>[]): LearnerRecord => ({
    id: uuidv7(),
    kind: 'akpk_response',
    body: { periodId, items, writtenAt: new Date().toISOString() },
  });
  const review = (
    learner: string,
    items: { competencyId: string; selfLevel: number; priority: number }[],
  ): LearnerRecord => ({
    id: uuidv7(),
    kind: 'akpk_review',
    body: {
      periodId,
      learnerId: userId(learner),
      items,
      approved: true,
      note: '',
      writtenAt: new Date().toISOString(),
    },
  });
  const statuses = async (role: string, ...records: LearnerRecord[]) =>
    Object.values(await pushOk(server.app, token(role), { records }));

  it('the BKPSDM opens a period; each person gets built-in and own technical competencies, levels set', async () => {
    expect((await request('opdAdmin', akpkApi.periods, {})).status).toBe(403);
    const bad = await request('admin', akpkApi.periods, {
      year: 2027,
      startsOn: '2027-02-01',
      endsOn: '2027-01-01',
      competencies: [],
    });
    expect(bad.status).toBe(400);
    const technical = { name: 'Arsip', type: 'teknis', jabatan: null, opd: null, requiredLevel: null };
    const repeated = await request('admin', akpkApi.periods, {
      year: 2027,
      startsOn: '2027-01-01',
      endsOn: '2027-01-31',
      competencies: [
        { ...technical, code: 'etika' },
        { ...technical, code: 'etika', type: 'topik' },
      ],
    });
    expect(repeated.status).toBe(400);
    const opened = await request('admin', akpkApi.periods, {
      year: Number(today.slice(0, 4)),
      startsOn: today,
      endsOn: today,
      competencies: [
        {
          code: 'T1',
          // Pasted from a web page: invisible characters, stripped, so the jabatan still matches Siti's.
          name: '\u202ePelayanan\u200b adminduk',
          type: 'teknis',
          jabatan: 'Pengadministrasi Kependudukan\u200f',
          opd: null,
          requiredLevel: 3,
        },
        {
          code: 'T2',
          name: 'Asuhan keperawatan',
          type: 'teknis',
          jabatan: null,
          opd: 'Dinas Kesehatan',
          requiredLevel: null,
        },
      ],
    });
    expect(opened.status).toBe(201);
    periodId = ((await opened.json()) as { id: string }).id;
    const { period } = await getJson<{ period: AkpkPeriod | null }>(server.app, token('learner'), akpkApi.current);
    const codes = period?.competencies.map((competency) => competency.code);
    expect(codes).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'SK1', 'T1']);
    // Siti is Pelaksana: managerial standard level 1; T1 states its own level.
    expect(period?.competencies.find((competency) => competency.code === 'M1')?.requiredLevel).toBe(1);
    expect(period?.competencies.find((competency) => competency.code === 'T1')?.requiredLevel).toBe(3);
    expect(period?.competencies.find((competency) => competency.code === 'T1')?.name).toBe('Pelayanan adminduk');
    const andi = await getJson<{ period: AkpkPeriod | null }>(server.app, token('otherOpd'), akpkApi.current);
    expect(andi.period?.competencies.map((competency) => competency.code)).toContain('T2');
  });

  it('sums needs per OPD × competency as computed by hand, with the atasan’s adjustments, scoped', async () => {
    expect(await statuses('learner', response([item('M1', 1, 3, 3), item('T1', 2, 3, 2)]))).toEqual(['stored']);
    expect(await statuses('pppk', response([item('M1', 1, 2, 2)]))).toEqual(['stored']);
    // The atasan's phone gets both direct reports' answers to review (and nobody else's).
    const before = await getJson<CycleState>(server.app, token('atasan'), cycleApi.state);
    expect(before.surveyReviewsDue.map((due) => due.name).sort()).toEqual(['Rudi Hartono', 'Siti Rahmawati']);
    expect(before.surveyReviewsDue.find((due) => due.name === 'Siti Rahmawati')?.items[0]).toMatchObject({
      competencyId: 'M1',
      name: 'Integritas',
      selfLevel: 1,
    });
    expect((await getJson<CycleState>(server.app, token('learner'), cycleApi.state)).surveyReviewsDue).toEqual([]);
    // The atasan raises Siti's own M1 level from 1 to 2: her gap becomes 1.
    expect(await statuses('atasan', review('learner', [{ competencyId: 'M1', selfLevel: 2, priority: 3 }]))).toEqual([
      'stored',
    ]);
    const after = await getJson<CycleState>(server.app, token('atasan'), cycleApi.state);
    expect(after.surveyReviewsDue.map((due) => due.name)).toEqual(['Rudi Hartono']);
    // Only the atasan of record reviews: not a peer, not for someone else's report.
    expect(await statuses('pppk', review('learner', []))).toEqual(['rejected']);
    expect(await statuses('atasan', review('otherOpd', []))).toEqual(['rejected']);
    expect(await statuses('learner', response([item('ZZ', 1, 3, 3)]))).toEqual(['rejected']);

    const summary = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId));
    const m1 = summary.rows.find((row) => row.opd === DISDUKCAPIL && row.competency === 'M1');
    expect(m1).toEqual({
      opd: DISDUKCAPIL,
      competency: 'M1',
      name: 'Integritas',
      respondents: 2,
      withGap: 2, // Siti 3 − 2 = 1, Rudi 2 − 1 = 1
      meanGap: 1,
      priorityScore: 5, // 1 × 3 + 1 × 2
      nips: ['199011232022211003', '199207212019032001'].sort(),
    });
    expect(summary.top.map((row) => [row.competency, row.priorityScore])).toEqual([
      ['M1', 5],
      ['T1', 2],
    ]);
    expect(summary.responseRates.find((rate) => rate.opd === DISDUKCAPIL)).toEqual({
      opd: DISDUKCAPIL,
      active: 4,
      answered: 2,
      approved: 1,
    });
    expect(summary.notAnswered.map((person) => person.name)).toContain('Andi Pratama');

    const opd = await getJson<AkpkSummary>(server.app, token('opdAdmin'), akpkApi.summary(periodId));
    expect(new Set(opd.rows.map((row) => row.opd))).toEqual(new Set([DISDUKCAPIL]));
    expect(opd.notAnswered.map((person) => person.name)).not.toContain('Andi Pratama');
    const learner = await server.app.request(akpkApi.summary(periodId), { headers: bearer(token('learner')) });
    expect(learner.status).toBe(403);
  });

  it('an admin validates the answers of someone without an atasan, within their audience only', async () => {
    expect(await statuses('otherOpd', response([item('T2', 1, 2, 1)]))).toEqual(['stored']);
    expect((await request('opdAdmin', akpkApi.validate(periodId, userId('otherOpd')))).status).toBe(404);
    expect((await request('admin', akpkApi.validate(periodId, userId('learner')))).status).toBe(404);
    expect((await request('admin', akpkApi.validate(periodId, userId('otherOpd')))).status).toBe(204);
    const summary = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId));
    expect(summary.responseRates.find((rate) => rate.opd === 'Dinas Kesehatan')).toMatchObject({
      answered: 1,
      approved: 1,
    });
    const reviews = await server.db.query<{ via: string; reviewer_id: string }>(
      'SELECT via, reviewer_id FROM akpk_reviews WHERE learner_id = $1',
      [userId('otherOpd')],
    );
    expect(reviews).toEqual([{ via: 'admin', reviewer_id: userId('admin') }]);
  });

  const upload = (role: string, csv: string | Uint8Array<ArrayBuffer>, type = 'text/csv') =>
    server.app.request(akpkApi.competencies, {
      method: 'POST',
      headers: { ...bearer(token(role)), 'content-type': type },
      body: csv,
    });

  /**
   * Uploads a competency file as the admin. Both files below hold the same two good technical
   * competencies (the first for `firstOpd`), then their bad rows: answers the per-row errors.
   */
  const readTwoCompetencies = async (file: string | Uint8Array<ArrayBuffer>, type: string, firstOpd: string | null) => {
    const response = await upload('admin', file, type);
    expect(response.status).toBe(200);
    const read = (await response.json()) as CompetencyImport;
    expect(read.competencies).toEqual([
      {
        code: 'T-ADM.1',
        name: 'Pelayanan adminduk',
        type: 'teknis',
        jabatan: 'Pengadministrasi Kependudukan',
        opd: firstOpd,
        requiredLevel: 3,
      },
      {
        code: 'T-ADM.2',
        name: 'Arsip, dokumen dan data',
        type: 'teknis',
        jabatan: null,
        opd: null,
        requiredLevel: null,
      },
    ]);
    return read.errors;
  };

  it('reads technical competencies from a CSV (BOM, `,`, loose headers), an Indonesian error per bad row', async () => {
    const csv =
      '\uFEFFDaftar kompetensi teknis 2026\r\n' +
      'KODE, Nama Kompetensi ,Jabatan,Level Standar\r\n' +
      'T-ADM.1,Pelayanan adminduk,Pengadministrasi Kependudukan,3\r\n' +
      'T-ADM.2,"Arsip, dokumen dan data",,\r\n' +
      'M1,Integritas lagi,,2\r\n' +
      'T-ADM.1,Ganda,,2\r\n' +
      'bad code!,Kode salah,,2\r\n' +
      'T-ADM.3,,,2\r\n' +
      'T-ADM.4,Level salah,,7\r\n' +
      '\r\n';
    const errors = await readTwoCompetencies(csv, 'text/csv', null);
    expect(errors.map((error) => error.row)).toEqual([5, 6, 7, 8, 9]);
    expect(errors[0]?.message).toMatch(/^Baris 5: kode M1 dipakai kompetensi manajerial/);
    expect(errors[1]?.message).toMatch(/sudah dipakai di baris 3/);
    expect(errors[4]?.message).toMatch(/level_standar "7" harus bilangan bulat 1–5/);
    // The screen words each reason from its code and values, in the reader's language.
    expect(errors.map(({ code, value, otherRow, limit }) => ({ code, value, otherRow, limit }))).toEqual([
      { code: 'built_in_code', value: 'M1' },
      { code: 'duplicate_code', value: 'T-ADM.1', otherRow: 3 },
      { code: 'invalid_code', value: 'bad code!' },
      { code: 'missing_name' },
      { code: 'invalid_level', value: '7', limit: 5 },
    ]);
    // A file without the header row, an empty one, and a spreadsheet saved as something else.
    expect(((await (await upload('admin', 'a;b;c\r\n1;2;3')).json()) as CompetencyImport).errors).toEqual([
      {
        row: 0,
        code: 'no_header',
        message: expect.stringMatching(/Baris judul kolom tidak ditemukan/) as unknown as string,
      },
    ]);
    expect(((await (await upload('admin', '')).json()) as CompetencyImport).errors[0]?.message).toBe('Berkas kosong.');
    const binary = await upload('admin', new Uint8Array([1, 0, 2]));
    expect(binary.status).toBe(422);
    expect(((await binary.json()) as ApiErrorBody).error).toMatchObject({
      message: expect.stringMatching(/bukan CSV maupun XLSX/),
      details: { code: 'unreadable', reason: 'not_a_table' },
    });
    // Only the BKPSDM opens periods, so only it imports their competencies.
    expect((await upload('opdAdmin', csv)).status).toBe(403);
    expect((await upload('learner', csv)).status).toBe(403);
  });

  it('reads the same competencies from an XLSX (title row, numbers as cells), same per-row errors', async () => {
    const sheet = [
      ['Daftar kompetensi teknis 2026', null, null, null, null],
      ['Kode Kompetensi', 'Nama Kompetensi', 'Jabatan Sasaran', 'Perangkat Daerah', 'Level Standar'],
      ['T-ADM.1', 'Pelayanan adminduk', 'Pengadministrasi Kependudukan', DISDUKCAPIL, 3],
      [null, null, null, null, null],
      ['T-ADM.2', 'Arsip, dokumen dan data', null, null, null],
      ['M1', 'Integritas lagi', null, null, 2],
      ['T-ADM.4', 'Level salah', null, null, 7],
    ];
    const xlsx = new Uint8Array(await writeExcelFile(sheet).toBuffer());
    const errors = await readTwoCompetencies(xlsx, XLSX_TYPE, DISDUKCAPIL);
    // Rows as the spreadsheet numbers them: the blank row 4 still counts.
    expect(errors.map((error) => error.row)).toEqual([6, 7]);
    expect(errors[0]?.message).toMatch(/^Baris 6: kode M1 dipakai kompetensi manajerial/);
    expect(errors[1]?.message).toMatch(/^Baris 7: level_standar "7" harus bilangan bulat 1–5/);
    // The type is not what tells XLSX from CSV: a browser that says text/csv for it is read the same.
    await readTwoCompetencies(xlsx, 'text/csv', DISDUKCAPIL);
  });

  it('refuses a broken, bomb or non-workbook XLSX whole with a 422 and an Indonesian reason, never a 500', async () => {
    const hostile: Uint8Array<ArrayBuffer>[] = [
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      zipSync({ 'hello.txt': new TextEncoder().encode('bukan buku kerja') }),
      // A zip bomb: 100 MB of zeros in about 100 KB, under the upload cap.
      zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(100 * 1024 * 1024) }, { level: 9 }),
    ];
    for (const body of hostile) {
      const response = await upload('admin', body, XLSX_TYPE);
      expect(response.status).toBe(422);
      const { error } = (await response.json()) as ApiErrorBody;
      expect(error.code).toBe('invalid_competency_file');
      expect(error.message).toMatch(/^Berkas XLSX rusak atau tidak dapat dibaca/);
    }
    // A workbook without the header row reads like such a CSV: refused whole.
    const headless = new Uint8Array(
      await writeExcelFile([
        ['a', 'b'],
        ['1', '2'],
      ]).toBuffer(),
    );
    expect(((await (await upload('admin', headless, XLSX_TYPE)).json()) as CompetencyImport).errors).toEqual([
      {
        row: 0,
        code: 'no_header',
        message: expect.stringMatching(/Baris judul kolom tidak ditemukan/) as unknown as string,
      },
    ]);
    const wrongType = await upload('admin', 'kode;nama', 'application/json');
    expect(wrongType.status).toBe(415);
  });

  it('narrows the summary to one OPD, never beyond the OPD admin’s own, and lists periods to admins only', async () => {
    const health = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId, 'Dinas Kesehatan'));
    expect(health.rows).toEqual([
      {
        opd: 'Dinas Kesehatan',
        competency: 'T2',
        name: 'Asuhan keperawatan',
        respondents: 1,
        withGap: 1,
        meanGap: 1,
        priorityScore: 1, // gap 2 − 1 = 1, priority 1
        nips: ['199305182020121005'],
      },
    ]);
    expect(health.responseRates.map((rate) => rate.opd)).toEqual(['Dinas Kesehatan']);
    // An OPD admin asking for another OPD gets nobody from it.
    const leak = await getJson<AkpkSummary>(
      server.app,
      token('opdAdmin'),
      akpkApi.summary(periodId, 'Dinas Kesehatan'),
    );
    expect(leak).toEqual({ rows: [], top: [], responseRates: [], notAnswered: [] });
    const list = await getJson<AkpkPeriodList>(server.app, token('opdAdmin'), akpkApi.periods);
    expect(list.periods.map((period) => period.id)).toContain(periodId);
    const learner = await server.app.request(akpkApi.periods, { headers: bearer(token('learner')) });
    expect(learner.status).toBe(403);
  });

  it('lists the people an admin validates (no atasan), with who validated and when, scoped', async () => {
    const all = await getJson<AkpkValidationList>(server.app, token('admin'), akpkApi.validations(periodId));
    expect(all.people.map((person) => person.name)).toEqual(['Andi Pratama']);
    expect(all.people[0]).toMatchObject({
      validated: true,
      items: [{ competencyId: 'T2', name: 'Asuhan keperawatan', selfLevel: 1, requiredLevel: 2, priority: 1 }],
      validations: [{ by: 'Admin BKPSDM Demo', via: 'admin' }],
    });
    // Siti and Rudi have an atasan: not the admin's to validate. The OPD admin does not see Andi.
    const opd = await getJson<AkpkValidationList>(server.app, token('opdAdmin'), akpkApi.validations(periodId));
    expect(opd.people).toEqual([]);
    const learner = await server.app.request(akpkApi.validations(periodId), { headers: bearer(token('learner')) });
    expect(learner.status).toBe(403);
  });

  it('exports the Rencana Pengembangan Kompetensi: Pasal 207(3) columns, the courses meeting each need', async () => {
    const publish = async (id: string, competency: string, title: string, description: string) => {
      await server.db.query('INSERT INTO courses (id) VALUES ($1)', [id]);
      await server.db.query('INSERT INTO course_versions (course_id, version, manifest, size) VALUES ($1, $2, $3, 1)', [
        id,
        '1.0.0',
        JSON.stringify({ id, competency, title: { id: title, en: title }, description: { id: description, en: '' } }),
      ]);
      await server.db.query("UPDATE courses SET published_version = '1.0.0' WHERE id = $1", [id]);
    };
    await publish('integritas-asn', 'manajerial', 'Membangun Integritas ASN', 'Menolak gratifikasi');
    await publish('etika', 'sosial-kultural', 'Etika dan Integritas', 'Nilai BerAKHLAK');
    await publish('adminduk', 'teknis', 'Pelayanan Administrasi Kependudukan', 'KTP-el dan KK');
    const topics = await getJson<AkpkTopics>(server.app, token('admin'), akpkApi.topics);
    expect(topics.topics.map((topic) => [topic.code, topic.type])).toContainEqual(['adminduk', 'topik']);
    for (const role of ['learner', 'atasan', 'opdAdmin'])
      expect((await server.app.request(akpkApi.topics, { headers: bearer(token(role)) })).status).toBe(403);

    const sheet = async (role: string, opd?: string) => {
      const response = await server.app.request(akpkApi.plan(periodId, opd), { headers: bearer(token(role)) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
      return (await readSheet<string>(Buffer.from(await response.arrayBuffer()))).map((row) =>
        row.map((cell) => (cell === null ? '' : String(cell))),
      );
    };
    const rows = await sheet('admin');
    expect(rows[0]).toEqual([...PLAN_HEADER]);
    const column = (name: (typeof PLAN_HEADER)[number]) => PLAN_HEADER.indexOf(name);
    // Highest priority score first: Disdukcapil M1 (5), T1 (2), Dinas Kesehatan T2 (1).
    expect(
      rows.slice(1).map((row) => [row[column('OPD')], row[column('Kode Kompetensi')], row[column('Skor Prioritas')]]),
    ).toEqual([
      [DISDUKCAPIL, 'M1', '5'],
      [DISDUKCAPIL, 'T1', '2'],
      ['Dinas Kesehatan', 'T2', '1'],
    ]);
    const m1 = rows[1] ?? [];
    expect(m1[column('Jumlah PNS Sasaran')]).toBe('2');
    expect(m1[column('NIP PNS Sasaran')]).toBe('199011232022211003, 199207212019032001');
    expect(m1[column('Jenis dan Jalur Pengembangan')]).toBe('Pelatihan — nonklasikal (e-learning)');
    expect(m1[column('Pelatihan Katalog yang Sesuai')]).toBe('Membangun Integritas ASN (integritas-asn)');
    expect(m1[column('Anggaran')]).toBe('');
    expect(rows[2]?.[column('Pelatihan Katalog yang Sesuai')]).toBe('Pelayanan Administrasi Kependudukan (adminduk)');
    expect(rows[3]?.[column('Kesesuaian dengan Standar Kurikulum')]).toBe('Belum ada kurikulum di katalog');
    // The OPD admin's plan holds their OPD only, even when asking for another.
    expect((await sheet('opdAdmin')).slice(1).map((row) => row[column('OPD')])).toEqual([DISDUKCAPIL, DISDUKCAPIL]);
    expect((await sheet('opdAdmin', 'Dinas Kesehatan')).length).toBe(1);
    const learner = await server.app.request(akpkApi.plan(periodId), { headers: bearer(token('learner')) });
    expect(learner.status).toBe(403);
  });

  it('keeps the required level the admin sets for a built-in competency, without adding it twice', async () => {
    const opened = await request('admin', akpkApi.periods, {
      year: 2027,
      startsOn: '2027-01-01',
      endsOn: '2027-01-31',
      competencies: [
        { code: 'M1', name: 'Integritas', type: 'manajerial', jabatan: null, opd: null, requiredLevel: 4 },
      ],
    });
    const { id } = (await opened.json()) as { id: string };
    const { periods } = await getJson<AkpkPeriodList>(server.app, token('admin'), akpkApi.periods);
    const competencies = periods.find((period) => period.id === id)?.competencies ?? [];
    expect(competencies.filter((competency) => competency.code === 'M1')).toEqual([
      { code: 'M1', name: 'Integritas', type: 'manajerial', jabatan: null, opd: null, requiredLevel: 4 },
    ]);
    expect(competencies.find((competency) => competency.code === 'M2')?.requiredLevel).toBeNull();
  });

  it('an admin’s validation may adjust level and priority like an atasan’s review; each is kept', async () => {
    const andi = userId('otherOpd');
    expect(
      (
        await request('admin', akpkApi.validate(periodId, andi), {
          items: [{ competencyId: 'ZZ', selfLevel: 2, priority: 1 }],
        })
      ).status,
    ).toBe(400);
    // Andi's own level 1 against the required 2 becomes 2 after validation: no gap left.
    expect(
      (
        await request('admin', akpkApi.validate(periodId, andi), {
          items: [{ competencyId: 'T2', selfLevel: 2, priority: 3 }],
          note: 'Sudah bersertifikat',
        })
      ).status,
    ).toBe(204);
    const health = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId, 'Dinas Kesehatan'));
    expect(health.rows[0]).toMatchObject({ competency: 'T2', withGap: 0, meanGap: 0, priorityScore: 0, nips: [] });
    const { people } = await getJson<AkpkValidationList>(server.app, token('admin'), akpkApi.validations(periodId));
    expect(people[0]?.validations.map((entry) => entry.by)).toEqual(['Admin BKPSDM Demo', 'Admin BKPSDM Demo']);
  });
});
