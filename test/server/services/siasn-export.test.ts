import { unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { SIASN_COLUMNS, withUniqueFileNames, type SiasnEntry } from '../../../src/server/services/siasn-export';
import { bytesToBase64 } from '../../../src/shared/bundle/signature';
import type { SyncPushResponse, User } from '../../../src/shared/protocol';
import type { LearnerRecordResponse } from '../../../src/shared/protocol/record';
import { buildBundle, FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, inUseSince, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, push, pushOk, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

const PDF = new TextEncoder().encode('%PDF-1.4\n% sertifikat webinar\n%%EOF\n');
/** Siti's external record's file, named by the record: the number she typed names nothing. */
const EXTERNAL_FILE = '199207212019032001_eksternal-0193a1b2-0000-7000-8000-00000000e001.pdf';
const fields = {
  jenisDiklatId: 3,
  kind: 'webinar' as const,
  name: 'Webinar Pelayanan Publik Digital',
  organiser: 'LAN RI',
  startDate: '2026-03-10',
  endDate: '2026-03-11',
  claimedJp: 4,
  certificateNumber: 'LAN/2026/123',
};

describe.each(backends)('external learning and the SIASN export on $name', (backend) => {
  let server: TestServer;
  let learner: User;
  let token: string;
  let adminToken: string;
  const externalId = '0193a1b2-0000-7000-8000-00000000e001';

  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ token, user: learner } = await login(server.app, 'learner'));
    adminToken = (await login(server.app, 'admin')).token;
    const bundle = buildBundle({ id: 'etika-siasn' });
    await publishBundle(server, bundle.zip);
    await inUseSince(server.db);
    const records = learnerRecords(learner, bundle);
    await pushOk(server.app, token, {
      statements: [
        records.experienced('pengantar', new Date('2026-05-01T02:00:00Z')),
        records.experienced('nilai-dasar', new Date('2026-05-02T02:00:00Z')),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: new Date('2026-05-03T02:00:00Z') }),
      ],
    });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const submit = (body: unknown, userToken = token) =>
    server.app.request('/api/me/external-learning', {
      method: 'POST',
      headers: { ...bearer(userToken), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const decide = (id: string, body: unknown, userToken = adminToken) =>
    server.app.request(`/api/admin/external-learning/${id}/decision`, {
      method: 'POST',
      headers: { ...bearer(userToken), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const record = () => getJson<LearnerRecordResponse>(server.app, token, '/api/me/record');

  it('a learner records learning done elsewhere once by id; other content under that id is a conflict', async () => {
    const submission = { id: externalId, fields, file: { type: 'application/pdf', base64: bytesToBase64(PDF) } };
    expect((await submit(submission)).status).toBe(201);
    const again = await submit(submission);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect((await submit({ ...submission, fields: { ...fields, claimedJp: 40 } })).status).toBe(409);
    // A file that is not what it claims, dates in the wrong order, an impossible date: refused with a reason.
    const other = '0193a1b2-0000-7000-8000-00000000e002';
    const fake = await submit({
      id: other,
      fields,
      file: { type: 'application/pdf', base64: bytesToBase64(new Uint8Array([0x4d, 0x5a])) },
    });
    expect(fake.status).toBe(400);
    expect((await submit({ id: other, fields: { ...fields, endDate: '2026-03-01' }, file: null })).status).toBe(400);
    expect((await submit({ id: other, fields: { ...fields, endDate: '2026-02-30' }, file: null })).status).toBe(400);
    expect(await errorCode(await submit({ id: other, fields: { ...fields, name: 'x'.repeat(301) }, file: null }))).toBe(
      'bad_request',
    );
    // Pending: not in the ledger.
    const mine = await record();
    expect(mine.external).toEqual([{ id: externalId, status: 'pending', approvedJp: null, refusalReason: null }]);
    expect(mine.entries.filter((entry) => entry.kind === 'external')).toEqual([]);
  });

  it('an admin approves with fewer JP; only then it counts, marked external; a learner cannot decide', async () => {
    expect((await decide(externalId, { approve: true, jp: 3 }, token)).status).toBe(403);
    expect((await decide(externalId, { approve: true, jp: 9 })).status).toBe(400); // more than claimed
    const file = await server.app.request(`/api/admin/external-learning/${externalId}/file`, {
      headers: bearer(adminToken),
    });
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect((await decide(externalId, { approve: true, jp: 3 })).status).toBe(200);
    expect((await decide(externalId, { approve: false, reason: 'Terlambat' })).status).toBe(409);
    const mine = await record();
    expect(mine.entries.find((entry) => entry.kind === 'external')).toMatchObject({
      id: externalId,
      jp: 3,
      year: 2026,
      completedAt: '2026-03-11',
    });
  });

  it('a refused record says why and never counts', async () => {
    const id = '0193a1b2-0000-7000-8000-00000000e003';
    expect(
      (
        await submit({
          id,
          fields: { ...fields, name: 'Coaching Klinik', certificateNumber: 'LAN/2026/124' },
          file: null,
        })
      ).status,
    ).toBe(201);
    expect((await decide(id, { approve: false, reason: 'Sertifikat tidak terbaca' })).status).toBe(200);
    const mine = await record();
    expect(mine.external.find((entry) => entry.id === id)).toMatchObject({
      status: 'refused',
      refusalReason: 'Sertifikat tidak terbaca',
    });
    expect(mine.entries.some((entry) => entry.id === id)).toBe(false);
  });

  it('another learner neither lists nor decides the record', async () => {
    const other = await signInNewLearner(server, '199001012015011077', 'Orang Lain');
    await inUseSince(server.db);
    expect((await server.app.request('/api/admin/external-learning', { headers: bearer(other.token) })).status).toBe(
      403,
    );
    expect((await decide(externalId, { approve: true, jp: 1 }, other.token)).status).toBe(403);
    const listed = await getJson<{ records: { id: string; nip: string }[] }>(
      server.app,
      adminToken,
      '/api/admin/external-learning?status=approved',
    );
    expect(listed.records.map((entry) => [entry.id, entry.nip])).toEqual([[externalId, '199207212019032001']]);
  });

  it('SIASN CSV: columns in order, dd-mm-yyyy dates, external row marked; re-export marks exported rows', async () => {
    const response = await server.app.request('/api/admin/exports/siasn?year=2026&format=csv', {
      headers: bearer(adminToken),
    });
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, course, external, ...rest] = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(rest).toEqual([]);
    expect(header?.split(';')).toEqual([...SIASN_COLUMNS, 'keterangan', 'sudahDiekspor']);
    const [certificate] = (await record()).certificates;
    const number = certificate?.payload.nomor ?? '';
    expect(course?.split(';')).toEqual([
      '199207212019032001',
      'Siti Rahmawati',
      '16',
      'T',
      certificate?.payload.pelatihan,
      'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
      '2',
      '01-05-2026',
      '03-05-2026',
      '2026',
      number,
      '',
      '',
      '',
      `199207212019032001_${number.replaceAll('/', '-')}.pdf`,
      '',
      '',
    ]);
    expect(external?.split(';')).toEqual([
      '199207212019032001',
      'Siti Rahmawati',
      '3',
      '',
      'Webinar Pelayanan Publik Digital',
      'LAN RI',
      '3',
      '10-03-2026',
      '11-03-2026',
      '2026',
      'LAN/2026/123',
      '',
      '',
      '',
      EXTERNAL_FILE,
      'Eksternal',
      '',
    ]);
    const second = await server.app.request('/api/admin/exports/siasn?year=2026&format=csv', {
      headers: bearer(adminToken),
    });
    const lines = (await second.text()).trimEnd().split('\r\n');
    expect(lines[1]?.split(';').at(-1)).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    expect(lines[2]?.split(';').at(-1)).toMatch(/^\d{2}-\d{2}-\d{4}$/);
    // Another year has nothing.
    const empty = await server.app.request('/api/admin/exports/siasn?year=2025', { headers: bearer(adminToken) });
    expect((await empty.text()).trimEnd().split('\r\n')).toHaveLength(1);
    expect((await server.app.request('/api/admin/exports/siasn?year=2026', { headers: bearer(token) })).status).toBe(
      403,
    );
    expect((await server.app.request('/api/admin/exports/siasn', { headers: bearer(adminToken) })).status).toBe(400);
  });

  it('SIASN ZIP holds the CSV, each certificate PDF and the external file, named by the rows; XLSX too', async () => {
    const response = await server.app.request('/api/admin/exports/siasn?year=2026&format=zip', {
      headers: bearer(adminToken),
    });
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const names = Object.keys(files).sort();
    const [certificate] = (await record()).certificates;
    const pdfName = `199207212019032001_${(certificate?.payload.nomor ?? '').replaceAll('/', '-')}.pdf`;
    expect(names).toEqual([EXTERNAL_FILE, pdfName, 'siasn-kursus-2026.csv'].sort());
    expect(new TextDecoder().decode(files[pdfName]?.slice(0, 5))).toBe('%PDF-');
    expect(files[EXTERNAL_FILE]).toEqual(PDF);

    const xlsx = await server.app.request('/api/admin/exports/siasn?year=2026&format=xlsx', {
      headers: bearer(adminToken),
    });
    const sheet = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const text = Object.entries(sheet)
      .filter(([name]) => name.endsWith('.xml'))
      .map(([, content]) => new TextDecoder().decode(content))
      .join('');
    expect(text).toContain('nomorSertipikat');
    expect(text).toContain('199207212019032001');
  });

  it('per-course settings change the SIASN columns and the next certificate numbers', async () => {
    const put = (body: unknown, userToken = adminToken) =>
      server.app.request('/api/admin/courses/etika-siasn/record-settings', {
        method: 'PUT',
        headers: { ...bearer(userToken), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const settings = {
      kodeKursus: 'ETK',
      jenisDiklatId: 3,
      jenisKursusSertipikat: 'T',
      jenisKursus: '',
      lokasiId: 'L1',
    };
    expect((await put(settings, token)).status).toBe(403);
    expect((await put({ ...settings, kodeKursus: '../x' })).status).toBe(400);
    expect((await put(settings)).status).toBe(200);
    const csv = await (
      await server.app.request('/api/admin/exports/siasn?year=2026&courseId=etika-siasn', {
        headers: bearer(adminToken),
      })
    ).text();
    const [, row] = csv.trimEnd().split('\r\n');
    expect(row?.split(';')[2]).toBe('3');
    expect(row?.split(';')[12]).toBe('L1');
  });

  it("an OPD admin reads, opens, decides and exports only their OPD's learning done elsewhere", async () => {
    // Andi is of Dinas Kesehatan; Maya administers Disdukcapil, Siti's OPD.
    const andi = await login(server.app, 'otherOpd');
    const maya = (await login(server.app, 'opdAdmin')).token;
    const andiRecord = '0193a1b2-0000-7000-8000-00000000e0a1';
    const pdf = { type: 'application/pdf', base64: bytesToBase64(PDF) };
    expect((await submit({ id: andiRecord, fields, file: pdf }, andi.token)).status).toBe(201);

    const seen = async (status: string) =>
      (
        await getJson<{ records: { id: string }[] }>(server.app, maya, `/api/admin/external-learning?status=${status}`)
      ).records.map((entry) => entry.id);
    expect(await seen('approved')).toContain(externalId);
    expect(await seen('pending')).not.toContain(andiRecord);
    const file = await server.app.request(`/api/admin/external-learning/${andiRecord}/file`, {
      headers: bearer(maya),
    });
    expect(file.status).toBe(404);
    expect((await decide(andiRecord, { approve: true, jp: 1 }, maya)).status).toBe(404);
    // The BKPSDM admin still sees it pending: the OPD admin's attempt changed nothing.
    const bkpsdm = await getJson<{ records: { id: string }[] }>(
      server.app,
      adminToken,
      '/api/admin/external-learning?status=pending',
    );
    expect(bkpsdm.records.map((entry) => entry.id)).toContain(andiRecord);
    expect((await decide(andiRecord, { approve: true, jp: 2 })).status).toBe(200);

    const exported = await server.app.request('/api/admin/exports/siasn?year=2026&format=csv', {
      headers: bearer(maya),
    });
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    expect(csv).toContain('199207212019032001');
    expect(csv).not.toContain(andi.user.nip);
  });

  it("an OPD admin's export in every format leaves out another OPD's course certificates and files", async () => {
    // Andi (Dinas Kesehatan) completes the course too: a certificate row beside his external one.
    const andi = await login(server.app, 'otherOpd');
    const records = learnerRecords(andi.user, buildBundle({ id: 'etika-siasn' }));
    await pushOk(server.app, andi.token, {
      statements: [
        records.experienced('pengantar', new Date('2026-06-01T02:00:00Z')),
        records.experienced('nilai-dasar', new Date('2026-06-02T02:00:00Z')),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: new Date('2026-06-03T02:00:00Z') }),
      ],
    });
    const exported = async (userToken: string, format: string) => {
      const response = await server.app.request(`/api/admin/exports/siasn?year=2026&format=${format}`, {
        headers: bearer(userToken),
      });
      expect(response.status).toBe(200);
      return new Uint8Array(await response.arrayBuffer());
    };
    const csvRows = (bytes: Uint8Array) =>
      new TextDecoder()
        .decode(bytes)
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((row) => row.split(';'));
    // The BKPSDM's export holds Andi's certificate row: the OPD admin's must not.
    const everyone = csvRows(await exported(adminToken, 'csv'));
    expect(
      everyone.filter(([nip, , , , , , , , , , , , , , , keterangan]) => nip === andi.user.nip && keterangan === ''),
    ).toHaveLength(1);
    const maya = (await login(server.app, 'opdAdmin')).token;
    const nips = (rows: string[][]) => new Set(rows.map(([nip]) => nip));
    expect(nips(csvRows(await exported(maya, 'csv')))).toEqual(new Set(['199207212019032001']));
    const sheet = await readSheet<string>(Buffer.from(await exported(maya, 'xlsx')));
    expect(new Set(sheet.slice(1).map(([nip]) => String(nip)))).toEqual(new Set(['199207212019032001']));
    const zip = unzipSync(await exported(maya, 'zip'));
    const files = Object.keys(zip).filter((name) => !name.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((name) => !name.startsWith('199207212019032001_'))).toEqual([]);
    const [inner] = Object.keys(zip).filter((name) => name.endsWith('.csv'));
    expect(nips(csvRows(zip[inner ?? ''] ?? new Uint8Array()))).toEqual(new Set(['199207212019032001']));
  });

  it("a learner's file never takes the name of Lentera's PDF; nor is a Lentera number learned elsewhere", async () => {
    const [certificate] = (await record()).certificates;
    const number = certificate?.payload.nomor ?? '';
    expect(number).toMatch(/\//);
    const forged = new TextEncoder().encode('%PDF-1.4\n% sertifikat palsu\n%%EOF\n');
    const claim = (id: string, certificateNumber: string) => ({
      id,
      fields: { ...fields, name: 'Etika Birokrasi (dari tempat lain)', certificateNumber },
      file: { type: 'application/pdf', base64: bytesToBase64(forged) },
    });
    // Refused when sent, by either way in, however the number is retyped.
    for (const [index, typed] of [number, number.toLowerCase(), ` ${number.replaceAll('/', '-')} `].entries()) {
      const refused = await submit(claim(`0193a1b2-0000-7000-8000-00000000f00${index}`, typed));
      expect(refused.status, typed).toBe(409);
      expect(await errorCode(refused)).toBe('lentera_certificate_number');
    }
    const viaChannel = await push(server.app, token, {
      records: [
        {
          id: '0193a1b2-0000-7000-8000-00000000f010',
          kind: 'external_learning',
          body: { ...claim('', number).fields, file: null, writtenAt: new Date().toISOString() },
        },
      ],
    });
    expect(((await viaChannel.json()) as SyncPushResponse).results).toMatchObject([
      { status: 'rejected', code: 'lentera_certificate_number' },
    ]);

    // One stored before the refusal existed: never approved…
    const old = '0193a1b2-0000-7000-8000-00000000f020';
    expect((await submit(claim(old, 'LAN/2026/999'))).status).toBe(201);
    await server.db.query('UPDATE external_learning SET certificate_number = $2 WHERE id = $1', [old, number]);
    const approve = await decide(old, { approve: true, jp: 1 });
    expect(approve.status).toBe(409);
    expect(await errorCode(approve)).toBe('lentera_certificate_number');
    // …and, approved before this release, its file still has a name of its own in the ZIP.
    await server.db.query(`UPDATE external_learning SET status = 'approved', approved_jp = 1 WHERE id = $1`, [old]);
    const response = await server.app.request('/api/admin/exports/siasn?year=2026&format=zip', {
      headers: bearer(adminToken),
    });
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const official = `199207212019032001_${number.replaceAll('/', '-')}.pdf`;
    const own = `199207212019032001_eksternal-${old}.pdf`;
    expect(new TextDecoder().decode(files[official]?.slice(0, 5))).toBe('%PDF-');
    expect(files[official]).not.toEqual(forged);
    expect(files[own]).toEqual(forged);
    const csv = new TextDecoder().decode(files['siasn-kursus-2026.csv']).trimEnd().split('\r\n');
    const fileOf = (predicate: (row: string[]) => boolean) =>
      csv
        .map((row) => row.split(';'))
        .filter(predicate)
        .map((row) => row[14]);
    expect(fileOf((row) => row[10] === number && row[15] === '')).toEqual([official]);
    expect(fileOf((row) => row[10] === number && row[15] === 'Eksternal')).toEqual([own]);
  });
});

describe('SIASN file names', () => {
  const entry = (fileSertifikat: string): SiasnEntry =>
    ({ row: { fileSertifikat }, certificate: null, externalFile: null, source: { kind: 'external', id: '' } }) as never;
  it('colliding names, also in another case, get a suffix in order; the first keeps its name; none are lost', () => {
    const names = withUniqueFileNames(
      ['1_A-B.pdf', '1_a-b.pdf', '1_A-B.pdf', '1_A-B-2.pdf', '', '', '1_X.jpg'].map(entry),
    ).map((named) => named.row.fileSertifikat);
    expect(names).toEqual(['1_A-B.pdf', '1_a-b-2.pdf', '1_A-B-3.pdf', '1_A-B-2-2.pdf', '', '', '1_X.jpg']);
  });
});
