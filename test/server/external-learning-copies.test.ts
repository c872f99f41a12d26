import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/services/users';
import type { LoginResponse, SyncPushResponse } from '../../src/shared/protocol';
import type { AdminExternalRecord, LearnerRecordResponse } from '../../src/shared/protocol/record';
import { backends } from './backends';
import { bearer, errorCode, inUseSince, loginAll, postJson, startTestServer, type TestServer } from './harness';
import { getJson, push, SETUP_TIMEOUT_MS } from './sync-kit';

const fields = {
  jenisDiklatId: 3,
  kind: 'pelatihan' as const,
  name: 'Pelatihan Manajemen ASN',
  organiser: 'LAN RI',
  startDate: '2026-04-06',
  endDate: '2026-04-08',
  claimedJp: 20,
  certificateNumber: 'ABC/123',
};
const id = (n: number) => `0193a1b2-0000-7000-8000-0000000dc${String(n).padStart(3, '0')}`;

/**
 * One certificate of learning done elsewhere counts once (security review: Rudi sent the same
 * certificate twice under two ids and Maya approved both, 40 JP and two SIASN rows). The
 * learner is Siti (Disdukcapil), Maya her OPD admin; Rina admins another OPD.
 */
describe.each(backends)('copies of one external certificate, on $name', (backend) => {
  let server: TestServer;
  let sessions: Map<string, LoginResponse>;

  beforeAll(async () => {
    server = await startTestServer(backend);
    await createUser(server.db, {
      nip: '199001012015011301',
      name: 'Rina Operator',
      role: 'admin_opd',
      unit: 'Sekretariat',
      opd: 'Dinas Pendidikan',
      password: 'rina-operator',
    });
    sessions = await loginAll(server.app, ['admin', 'opdAdmin', 'learner']);
    sessions.set(
      'rina',
      (await (
        await postJson(server.app, '/api/auth/login', { nip: '199001012015011301', password: 'rina-operator' })
      ).json()) as LoginResponse,
    );
    await inUseSince(server.db);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (who: string) => sessions.get(who)?.token ?? '';
  const post = (who: string, path: string, body: unknown) =>
    server.app.request(path, {
      method: 'POST',
      headers: { ...bearer(token(who)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const submit = (n: number, changed: Partial<typeof fields> = {}) =>
    post('learner', '/api/me/external-learning', { id: id(n), fields: { ...fields, ...changed }, file: null });
  const viaChannel = async (n: number, changed: Partial<typeof fields> = {}) =>
    (
      (await (
        await push(server.app, token('learner'), {
          records: [
            {
              id: id(n),
              kind: 'external_learning',
              body: { ...fields, ...changed, file: null, writtenAt: new Date().toISOString() },
            },
          ],
        })
      ).json()) as SyncPushResponse
    ).results;
  const decide = (who: string, n: number, body: unknown) =>
    post(who, `/api/admin/external-learning/${id(n)}/decision`, body);
  const record = () => getJson<LearnerRecordResponse>(server.app, token('learner'), '/api/me/record');
  const externalJp = async () =>
    (await record()).entries.filter((entry) => entry.kind === 'external').reduce((sum, entry) => sum + entry.jp, 0);
  const listed = async (who: string) =>
    (await getJson<{ records: AdminExternalRecord[] }>(server.app, token(who), '/api/admin/external-learning')).records;

  it('the same certificate sent again under another id is refused by either way in, however retyped', async () => {
    expect((await submit(1)).status).toBe(201);
    for (const [n, certificateNumber] of [
      [2, 'ABC/123'],
      [3, 'abc-123'],
      [4, ' ABC 123 '],
    ] as const) {
      const again = await submit(n, { certificateNumber, claimedJp: 19 });
      expect(again.status, certificateNumber).toBe(409);
      expect(await errorCode(again)).toBe('duplicate_certificate_number');
    }
    expect(await viaChannel(5, { certificateNumber: 'abc.123' })).toMatchObject([
      { status: 'rejected', code: 'duplicate_certificate_number' },
    ]);
    // Approved, it still refuses copies: the learner's record counts its 20 JP once.
    expect((await decide('opdAdmin', 1, { approve: true, jp: 20 })).status).toBe(200);
    expect((await submit(6)).status).toBe(409);
    expect(await viaChannel(7)).toMatchObject([{ status: 'rejected', code: 'duplicate_certificate_number' }]);
    expect((await record()).external.map((decision) => decision.id)).toEqual([id(1)]);
    expect(await externalJp()).toBe(20);
    // Another number is another certificate.
    expect((await submit(8, { certificateNumber: 'ABC/124' })).status).toBe(201);
  });

  it('a refused record does not block sending the certificate again', async () => {
    expect((await submit(10, { certificateNumber: 'REF/1' })).status).toBe(201);
    expect((await decide('opdAdmin', 10, { approve: false, reason: 'Foto sertifikat tidak terbaca' })).status).toBe(
      200,
    );
    expect(await viaChannel(11, { certificateNumber: 'REF/1' })).toMatchObject([{ status: 'stored' }]);
  });

  it('without a number: the same training, organiser and days is a copy; other days are another training', async () => {
    const noNumber = { certificateNumber: '', name: 'Webinar Tanpa Nomor', organiser: 'Kominfo' };
    expect((await submit(20, noNumber)).status).toBe(201);
    const copy = await submit(21, { ...noNumber, name: 'webinar  tanpa nomor', organiser: 'KOMINFO' });
    expect(copy.status).toBe(409);
    expect(await errorCode(copy)).toBe('duplicate_certificate_number');
    expect((await submit(22, { ...noNumber, startDate: '2026-05-06', endDate: '2026-05-06' })).status).toBe(201);
    // A record with a number is not a copy of one without.
    expect((await submit(23, { ...noNumber, certificateNumber: 'KOM/1' })).status).toBe(201);
  });

  it('copies stored before they were refused: marked, only one approved, by the admins who manage her', async () => {
    // Two copies as the review found them: stored under other numbers, then given the same one.
    expect((await submit(30, { certificateNumber: 'OLD/1' })).status).toBe(201);
    expect((await submit(31, { certificateNumber: 'OLD/2' })).status).toBe(201);
    expect((await submit(32, { certificateNumber: 'OLD/3' })).status).toBe(201);
    await server.db.query(`UPDATE external_learning SET certificate_number = 'old-9' WHERE id IN ($1, $2, $3)`, [
      id(30),
      id(31),
      id(32),
    ]);
    const marked = (records: AdminExternalRecord[]) =>
      records.filter((entry) => entry.alreadySubmitted).map((entry) => entry.id);
    expect(marked(await listed('opdAdmin'))).toEqual([id(30), id(31), id(32)]);
    expect(marked(await listed('admin'))).toEqual([id(30), id(31), id(32)]);
    // Another OPD's admin sees none of them and decides none; the learner decides none.
    expect((await listed('rina')).map((entry) => entry.id)).toEqual([]);
    expect((await decide('rina', 30, { approve: true, jp: 20 })).status).toBe(404);
    expect((await decide('learner', 30, { approve: true, jp: 20 })).status).toBe(403);

    // Two admins approving two copies at the same moment: one wins, the other is told why.
    const answers = await Promise.all([
      decide('opdAdmin', 30, { approve: true, jp: 20 }),
      decide('admin', 31, { approve: true, jp: 20 }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const lost = answers.find((answer) => answer.status === 409);
    expect(await errorCode(lost ?? new Response())).toBe('duplicate_certificate_number');
    const third = await decide('opdAdmin', 32, { approve: true, jp: 20 });
    expect(third.status).toBe(409);
    expect(await errorCode(third)).toBe('duplicate_certificate_number');
    // The copy can still be refused, and the learner's JP count the certificate once.
    expect((await decide('opdAdmin', 32, { approve: false, reason: 'Sudah diajukan' })).status).toBe(200);
    expect(await externalJp()).toBe(40);
  });
});
