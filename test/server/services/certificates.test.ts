import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { openPostgresDb } from '../../../src/server/db/postgres';
import { saveCycleSettings } from '../../../src/server/services/action-plans';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import {
  readVerificationInput,
  verifyCertificateSignature,
  certificateQrText,
  type CertificateVerification,
} from '../../../src/shared/certificate';
import { uuidv7 } from '../../../src/shared/id';
import type { User } from '../../../src/shared/protocol';
import { DEFAULT_CYCLE_SETTINGS } from '../../../src/shared/protocol/cycle';
import type { PersonDetail } from '../../../src/shared/protocol/people';
import type { CompliancePeoplePage, LearnerRecordResponse } from '../../../src/shared/protocol/record';
import type { CourseReportsResponse } from '../../../src/shared/protocol/reports';
import { buildBundle, FIXTURE_ANSWERS, type BuiltBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, inUseSince, login, postJson, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, push, pushOk, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

/** Valid NIPs (born 1 Jan 1990, appointed Jan 2015, male) numbered 001–099. */
const nipOf = (index: number) => `199001012015011${String(index).padStart(3, '0')}`;

describe.each(backends)('certificates and the JP ledger on $name', (backend) => {
  let server: TestServer;
  let learner: User;
  let token: string;
  let adminToken: string;
  let publicKey: string;
  let bundle: BuiltBundle;

  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ token, user: learner, signingKey: publicKey } = await login(server.app, 'learner'));
    adminToken = (await login(server.app, 'admin')).token;
    bundle = buildBundle({ id: 'etika-dasar' });
    await publishBundle(server, bundle.zip);
    await inUseSince(server.db);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  /** Every lesson studied and the post-test passed, the last at `at`. */
  async function complete(user: Pick<User, 'id'>, userToken: string, at: Date, app = server.app): Promise<void> {
    const records = learnerRecords(user, bundle);
    const before = new Date(at.getTime() - 3_600_000);
    await pushOk(app, userToken, {
      statements: [
        records.experienced('pengantar', before),
        records.experienced('nilai-dasar', before),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
      ],
    });
  }
  const recordOf = (userToken: string) => getJson<LearnerRecordResponse>(server.app, userToken, '/api/me/record');

  it('a completion at 2024-12-31T17:30Z counts for 2025 (WIB), once per course, with a 2025 number', async () => {
    await complete(learner, token, new Date('2024-12-31T17:30:00Z'));
    // Passing again later credits nothing new.
    await complete(learner, token, new Date('2025-03-01T08:00:00Z'));
    const record = await recordOf(token);
    expect(record.timeZone).toBe('Asia/Jakarta');
    expect(record.target).toBe(20);
    expect(record.entries).toEqual([
      {
        kind: 'course',
        id: 'etika-dasar',
        title: bundle.manifest.title.id,
        jp: 2,
        completedAt: '2024-12-31T17:30:00.000Z',
        year: 2025,
        certificateCode: record.certificates[0]?.code,
      },
    ]);
    expect(record.certificates).toHaveLength(1);
    const [certificate] = record.certificates;
    expect(certificate?.payload).toMatchObject({
      nomor: 'BKPSDM/ETIKA-DASAR/2025/00001',
      nama: 'Siti Rahmawati',
      nip: '199207212019032001',
      golongan: 'III/a',
      jabatan: 'Pengadministrasi Kependudukan',
      jp: 2,
      mulai: '2024-12-31',
      selesai: '2025-01-01',
      nilai: 100,
    });
  });

  it('a certificate verifies with the public key alone, and a change to any field fails', async () => {
    const [certificate] = (await recordOf(token)).certificates;
    if (certificate === undefined) throw new Error('no certificate');
    expect(await verifyCertificateSignature(certificate, publicKey)).toBe(true);
    const fields = Object.keys(certificate.payload) as (keyof typeof certificate.payload)[];
    for (const field of fields) {
      const value = certificate.payload[field];
      const changed =
        typeof value === 'number'
          ? value + 1
          : typeof value === 'string'
            ? `${value}x`
            : value === null
              ? 'IV/e'
              : { ...value, nama: `${value.nama}x` };
      const tampered = { ...certificate, payload: { ...certificate.payload, [field]: changed } };
      expect(await verifyCertificateSignature(tampered, publicKey), field).toBe(false);
    }
    // The signer's block too, field by field.
    const signer = certificate.payload.penandatangan;
    for (const field of Object.keys(signer) as (keyof typeof signer)[]) {
      const tampered = {
        ...certificate,
        payload: { ...certificate.payload, penandatangan: { ...signer, [field]: `${signer[field]}x` } },
      };
      expect(await verifyCertificateSignature(tampered, publicKey), `penandatangan.${field}`).toBe(false);
    }
    expect(await verifyCertificateSignature({ ...certificate, signature: 'A'.repeat(88) }, publicKey)).toBe(false);
    // The QR carries it all: read back from the printed text, it still verifies offline.
    const scanned = readVerificationInput(certificateQrText('https://lentera.example.go.id', certificate));
    expect(scanned?.code).toBe(certificate.code);
    expect(scanned?.signed && (await verifyCertificateSignature(scanned.signed, publicKey))).toBe(true);
  });

  it('public verification says valid, then revoked once an admin revokes it; unknown codes are unknown', async () => {
    const [certificate] = (await recordOf(token)).certificates;
    if (certificate === undefined) throw new Error('no certificate');
    const verify = async (code: string) =>
      (await (await server.app.request(`/api/certificates/${code}`)).json()) as CertificateVerification;
    expect(await verify(certificate.code)).toMatchObject({
      status: 'valid',
      certificate: { nama: 'Siti Rahmawati', nipMasked: '••••••••••••••2001', jp: 2 },
    });
    expect((await verify('ZZZZZZZZZZ')).status).toBe('unknown');
    expect((await verify('<script>')).status).toBe('unknown');

    // A learner cannot revoke; an admin must give a reason.
    const revoke = (userToken: string, body: unknown) =>
      server.app.request(`/api/admin/certificates/${certificate.code}/revoke`, {
        method: 'POST',
        headers: { ...bearer(userToken), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await revoke(token, { reason: 'Saya mau' })).status).toBe(403);
    expect((await revoke(adminToken, {})).status).toBe(400);
    const siti = async (userToken: string) =>
      (
        await getJson<CompliancePeoplePage>(
          server.app,
          userToken,
          `/api/admin/jp-compliance/people?year=2025&opd=${encodeURIComponent(learner.opd)}`,
        )
      ).people.find((person) => person.id === learner.id)?.jp;
    const courseEntry = async () => (await recordOf(token)).entries.find((entry) => entry.id === certificate.courseId);
    // The admin's person view and the course report credit the course's JP from the same records.
    const personCourseJp = async () =>
      (await getJson<PersonDetail>(server.app, adminToken, `/api/admin/people/${learner.id}`)).courses.find(
        (course) => course.courseId === certificate.courseId,
      )?.jp;
    const reportedJp = async () =>
      (await getJson<CourseReportsResponse>(server.app, adminToken, '/api/admin/reports/courses')).courses.find(
        (course) => course.courseId === certificate.courseId,
      )?.jpCredited;
    expect(await siti(adminToken)).toBe(2);
    expect(await courseEntry()).toMatchObject({ jp: 2, certificateCode: certificate.code });
    expect(await personCourseJp()).toBe(2);
    const reportedBefore = await reportedJp();
    expect((await revoke(adminToken, { reason: 'Diterbitkan atas data yang keliru' })).status).toBe(200);
    // Revoked, its course's JP count nowhere: the learner's record lists it at 0 JP, marked (so
    // the phone does not count its own copy of the completion as waiting), and the BKPSDM's and
    // the OPD admin's compliance no longer count it; the phone still holds the certificate, revoked.
    expect(await courseEntry()).toMatchObject({ jp: 0, certificateCode: null, revoked: true });
    expect(await siti(adminToken)).toBe(0);
    expect(await siti((await login(server.app, 'opdAdmin')).token)).toBe(0);
    expect(await personCourseJp()).toBe(0);
    expect(await reportedJp()).toBe((reportedBefore ?? 0) - 2);
    expect((await recordOf(token)).certificates.find((held) => held.code === certificate.code)?.revokedAt).toEqual(
      expect.any(String),
    );
    expect(await verify(certificate.code)).toMatchObject({
      status: 'revoked',
      revokedReason: 'Diterbitkan atas data yang keliru',
    });
    const events = await server.db.query<{ action: string; reason: string }>(
      'SELECT action, reason FROM certificate_events WHERE code = $1',
      [certificate.code],
    );
    expect(events).toEqual([{ action: 'revoke', reason: 'Diterbitkan atas data yang keliru' }]);

    const html = await (await server.app.request(`/verifikasi/${certificate.code.toLowerCase()}`)).text();
    expect(html).toContain('DICABUT');
    expect(html).not.toContain('<script');
  });

  it('the public page escapes what it prints and works without scripts', async () => {
    const response = await server.app.request('/verifikasi/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('TIDAK DIKENAL');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script|style=/i);
    const redirect = await server.app.request('/verifikasi?kode=abcde-fghjk');
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/verifikasi/ABCDEFGHJK');
  });

  it('the PDF is for its holder and their administrators; nobody else learns it exists', async () => {
    const [certificate] = (await recordOf(token)).certificates;
    if (certificate === undefined) throw new Error('no certificate');
    const pdf = await server.app.request(`/api/certificates/${certificate.code}/pdf`, { headers: bearer(token) });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const admin = await server.app.request(`/api/certificates/${certificate.code}/pdf`, {
      headers: bearer(adminToken),
    });
    expect(admin.status).toBe(200);
    const stranger = await signInNewLearner(server, nipOf(90), 'Orang Lain');
    const refused = await server.app.request(`/api/certificates/${certificate.code}/pdf`, {
      headers: bearer(stranger.token),
    });
    expect(refused.status).toBe(404);
    expect((await server.app.request(`/api/certificates/${certificate.code}/pdf`)).status).toBe(401);
  });

  it('two servers on one database completing at once never issue the same number', async () => {
    // On PostgreSQL the second server has its own connection pool, as a second process would.
    const url = process.env.TEST_DATABASE_URL;
    const [schema] = await server.db.query<{ name: string }>('SELECT current_schema() AS name');
    const secondDb =
      backend.name === 'PostgreSQL' && url !== undefined && schema !== undefined
        ? await openPostgresDb(url, schema.name)
        : server.db;
    const second = createApp({
      db: secondDb,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30 },
    });
    const learners = await Promise.all(
      Array.from({ length: 12 }, (_, index) => signInNewLearner(server, nipOf(index + 1), `Peserta ${index + 1}`)),
    );
    await Promise.all(
      learners.map(({ user, token: userToken }, index) =>
        complete(user, userToken, new Date('2025-02-01T03:00:00Z'), index % 2 === 0 ? server.app : second),
      ),
    );
    const rows = await server.db.query<{ number: string; seq: number }>(
      'SELECT number, seq FROM certificates WHERE year = 2025 ORDER BY seq',
    );
    // Whatever earlier tests issued, the twelve continue the year's sequence with no gap and no repeat.
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: rows.length }, (_, index) => index + 1));
    expect(new Set(rows.map((row) => row.number)).size).toBe(rows.length);
    if (secondDb !== server.db) await secondDb.close();
  }, 120_000);

  it('with the evaluation setting, the certificate waits for the course evaluation', async () => {
    const strict = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, records: { requireEvaluation: true } },
    });
    const person = await signInNewLearner(server, nipOf(50), 'Peserta Evaluasi');
    await complete(person.user, person.token, new Date('2025-05-01T03:00:00Z'), strict);
    expect((await recordOf(person.token)).certificates).toEqual([]);
    expect((await recordOf(person.token)).entries).toHaveLength(1); // the JP count all the same
    const feedback = learnerRecords(person.user, bundle).feedback(
      { relevance: 5, difficulty: 3, clarity: 4, usefulness: 5 },
      'Bermanfaat',
    );
    await pushOk(strict, person.token, { statements: feedback });
    expect((await recordOf(person.token)).certificates).toHaveLength(1);
  }, 60_000);

  it('with the action-plan setting, JP and certificate wait for the plan or the setting turned off', async () => {
    await saveCycleSettings(server.db, { checkpoints: [30, 90], actionPlanRequired: true });
    try {
      const person = await signInNewLearner(server, nipOf(60), 'Peserta Rencana');
      await complete(person.user, person.token, new Date('2025-06-01T03:00:00Z'));
      const before = await recordOf(person.token);
      expect(before.entries.map((entry) => [entry.id, entry.jp, entry.year])).toEqual([['etika-dasar', 2, 2025]]);
      expect(before.certificates).toEqual([]);
      // A plan for another course releases nothing.
      const plan = (courseId: string) => ({
        id: uuidv7(),
        kind: 'action_plan' as const,
        body: {
          courseId,
          actions: [{ id: 'a1', what: 'Menerapkan', indicator: 'Ada bukti', targetDate: '2025-07-01', support: '' }],
          // Written now: a phone's clock may run at most a day ahead of the server's.
          writtenAt: new Date().toISOString(),
        },
      });
      const stray = await push(server.app, person.token, { records: [plan('kursus-lain')] });
      expect(stray.status).toBe(200);
      expect((await recordOf(person.token)).certificates).toEqual([]);
      // The plan arrives with a later sync, and nothing else: the certificate is issued then.
      await pushOk(server.app, person.token, { records: [plan('etika-dasar')] });
      const after = await recordOf(person.token);
      expect(after.certificates.map((certificate) => certificate.payload.kursusId)).toEqual(['etika-dasar']);
      expect(after.entries[0]?.certificateCode).toBe(after.certificates[0]?.code);

      // Another learner's certificate waits too; the admin turning the setting off issues it at once.
      const other = await signInNewLearner(server, nipOf(61), 'Peserta Tanpa Rencana');
      await complete(other.user, other.token, new Date('2025-06-03T03:00:00Z'));
      expect((await recordOf(other.token)).certificates).toEqual([]);
      const turnedOff = await server.app.request('/api/admin/cycle/settings', {
        method: 'PUT',
        headers: { ...bearer(adminToken), 'content-type': 'application/json' },
        body: JSON.stringify({ checkpoints: [30, 90], actionPlanRequired: false }),
      });
      expect(turnedOff.status).toBe(200);
      expect((await recordOf(other.token)).certificates.map((certificate) => certificate.payload.nama)).toEqual([
        'Peserta Tanpa Rencana',
      ]);
    } finally {
      await saveCycleSettings(server.db, DEFAULT_CYCLE_SETTINGS);
    }
  }, 60_000);

  it('an admin accepting a completion held for review issues its certificate at once', async () => {
    const person = await signInNewLearner(server, nipOf(70), 'Peserta Cepat');
    const records = learnerRecords(person.user, bundle);
    const at = new Date('2025-07-01T03:00:00Z');
    // Studied in seconds: the completion waits for an admin, and so does its certificate.
    await pushOk(server.app, person.token, {
      statements: [
        records.experienced('pengantar', at, 5_000),
        records.experienced('nilai-dasar', at, 5_000),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
      ],
    });
    expect(await recordOf(person.token)).toMatchObject({ entries: [], certificates: [] });
    const accepted = await server.app.request(`/api/admin/completion-reviews/${person.user.id}/etika-dasar/accept`, {
      method: 'POST',
      headers: bearer(adminToken),
    });
    expect(accepted.status).toBe(204);
    const record = await recordOf(person.token);
    expect(record.entries).toHaveLength(1);
    expect(record.certificates.map((certificate) => certificate.payload.nama)).toEqual(['Peserta Cepat']);
  }, 60_000);

  it('a signed-out request for a record is refused', async () => {
    expect((await server.app.request('/api/me/record')).status).toBe(401);
    expect((await postJson(server.app, '/api/certificates/ABCDEFGHJK', {})).status).toBe(404);
  });
});
