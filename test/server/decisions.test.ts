import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { createUser } from '../../src/server/services/users';
import type { AdminAttemptsPage, CompletionReviewsPage, LoginResponse } from '../../src/shared/protocol';
import { akpkApi, type AkpkValidationList } from '../../src/shared/protocol/akpk';
import type { AdminExternalRecord, LearnerRecordResponse } from '../../src/shared/protocol/record';
import { buildBundle, FIXTURE_ANSWERS } from '../fixtures/bundles';
import { backends } from './backends';
import { bearer, errorCode, inUseSince, loginAll, postJson, startTestServer, type TestServer } from './harness';
import { getJson, learnerRecords, openSurveyToday, pushOk, SETUP_TIMEOUT_MS, surveyAnswer } from './sync-kit';

const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';
const COURSE = 'keputusan';

/**
 * Nobody decides on their own record, and an OPD admin decides for the learners of their OPD
 * only: the administrators' own records go to the BKPSDM (`assertMayDecide`). Maya (OPD admin of
 * Disdukcapil, no atasan) and Dewi (a second OPD admin there) against the BKPSDM's Admin Demo and
 * a second BKPSDM admin, Bayu; Siti is a learner of Disdukcapil.
 */
describe.each(backends)('decisions on a record are never its holder’s, on $name', (backend) => {
  let server: TestServer;
  let sessions: Map<string, LoginResponse>;
  const bundle = buildBundle({ id: COURSE });

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    await createUser(server.db, {
      nip: '199001012015011201',
      name: 'Dewi Operator',
      role: 'admin_opd',
      unit: 'Sekretariat',
      opd: DISDUKCAPIL,
      password: 'dewi-operator',
    });
    await createUser(server.db, {
      nip: '199001012015011202',
      name: 'Bayu BKPSDM',
      role: 'admin',
      unit: 'BKPSDM',
      opd: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
      password: 'bayu-bkpsdm',
    });
    sessions = await loginAll(server.app, ['admin', 'opdAdmin', 'learner']);
    for (const [name, nip, password] of [
      ['dewi', '199001012015011201', 'dewi-operator'],
      ['bayu', '199001012015011202', 'bayu-bkpsdm'],
    ] as const)
      sessions.set(
        name,
        (await (await postJson(server.app, '/api/auth/login', { nip, password })).json()) as LoginResponse,
      );
    await inUseSince(server.db);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (who: string) => sessions.get(who)?.token ?? '';
  const userId = (who: string) => sessions.get(who)?.user.id ?? '';
  const post = (who: string, path: string, body: unknown = {}) =>
    server.app.request(path, {
      method: 'POST',
      headers: { ...bearer(token(who)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const yearJp = async (who: string) =>
    (await getJson<LearnerRecordResponse>(server.app, token(who), '/api/me/record')).entries.reduce(
      (sum, entry) => sum + entry.jp,
      0,
    );
  const pendingExternal = async (who: string) =>
    (
      await getJson<{ records: AdminExternalRecord[] }>(
        server.app,
        token(who),
        '/api/admin/external-learning?status=pending',
      )
    ).records.map((record) => record.userName);

  const externalClaim = (id: string) => ({
    id,
    fields: {
      jenisDiklatId: 3,
      kind: 'webinar',
      name: 'Pelatihan yang diklaim sendiri',
      organiser: 'LAN RI',
      startDate: '2026-03-10',
      endDate: '2026-03-11',
      claimedJp: 200,
      // One number per record: the same certificate twice is refused as a copy.
      certificateNumber: `LAN/2026/${id.slice(-3)}`,
    },
    file: null,
  });

  it('learning done elsewhere: an OPD admin approves neither their own claim nor a fellow admin’s', async () => {
    const maya = '0193a1b2-0000-7000-8000-0000000de001';
    const bkpsdm = '0193a1b2-0000-7000-8000-0000000de002';
    const siti = '0193a1b2-0000-7000-8000-0000000de003';
    expect((await post('opdAdmin', '/api/me/external-learning', externalClaim(maya))).status).toBe(201);
    expect((await post('admin', '/api/me/external-learning', externalClaim(bkpsdm))).status).toBe(201);
    expect((await post('learner', '/api/me/external-learning', externalClaim(siti))).status).toBe(201);
    const decide = (who: string, id: string) =>
      post(who, `/api/admin/external-learning/${id}/decision`, { approve: true, jp: 200 });

    // Neither Maya herself nor Dewi, the other admin of her OPD, may approve Maya's 200 JP.
    const own = await decide('opdAdmin', maya);
    expect(own.status).toBe(403);
    expect(await errorCode(own)).toBe('forbidden');
    // A fellow administrator is not among those an OPD admin manages: not found, as for another OPD.
    expect((await decide('dewi', maya)).status).toBe(404);
    expect(await yearJp('opdAdmin')).toBe(0);
    // Their pending lists do not offer it; the BKPSDM's does, and not the BKPSDM admin's own.
    expect(await pendingExternal('opdAdmin')).toEqual(['Siti Rahmawati']);
    expect(await pendingExternal('dewi')).toEqual(['Siti Rahmawati']);
    expect((await pendingExternal('admin')).sort()).toEqual(['Maya Sari', 'Siti Rahmawati']);
    expect((await decide('admin', bkpsdm)).status).toBe(403);
    expect(await pendingExternal('bayu')).toContain('Admin BKPSDM Demo');

    // The rightful deciders still decide.
    expect((await decide('opdAdmin', siti)).status).toBe(200);
    expect((await decide('admin', maya)).status).toBe(200);
    expect((await decide('bayu', bkpsdm)).status).toBe(200);
    expect(await yearJp('opdAdmin')).toBe(200);
  });

  it('learning done elsewhere: two decisions at once, one wins and the other is told it came second', async () => {
    const id = '0193a1b2-0000-7000-8000-0000000de004';
    expect((await post('learner', '/api/me/external-learning', externalClaim(id))).status).toBe(201);
    const path = `/api/admin/external-learning/${id}/decision`;
    // Maya approves while the BKPSDM refuses: both read it pending, only one may decide it.
    const answers = await Promise.all([
      post('opdAdmin', path, { approve: true, jp: 12 }),
      post('admin', path, { approve: false, reason: 'Sertifikat tidak terbaca' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const lost = answers.find((answer) => answer.status === 409);
    expect(lost && (await errorCode(lost))).toBe('already_decided');
    const [stored] = await server.db.query<{ status: string; decided_by: string }>(
      'SELECT status, decided_by FROM external_learning WHERE id = $1',
      [id],
    );
    const approved = answers[0]?.status === 200;
    expect(stored).toEqual({
      status: approved ? 'approved' : 'refused',
      decided_by: userId(approved ? 'opdAdmin' : 'admin'),
    });
    // A decision sent again later, from a list not reloaded, is told the same.
    const again = await post('bayu', path, { approve: true, jp: 12 });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('already_decided');
  });

  /** Every lesson studied in seconds and the post-test passed: the completion waits for an admin. */
  async function completeTooFast(who: string): Promise<void> {
    const records = learnerRecords({ id: userId(who) }, bundle);
    const at = new Date('2026-07-01T03:00:00Z');
    await pushOk(server.app, token(who), {
      statements: [
        records.experienced('pengantar', at, 5_000),
        records.experienced('nilai-dasar', at, 5_000),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
      ],
    });
  }
  const reviewsOf = async (who: string) =>
    (await getJson<CompletionReviewsPage>(server.app, token(who), '/api/admin/completion-reviews')).reviews.map(
      (review) => review.userName,
    );

  it('a completion held for review is accepted by the BKPSDM, never by its holder or a fellow OPD admin', async () => {
    await completeTooFast('opdAdmin');
    await completeTooFast('learner');
    const accept = (who: string, holder: string) =>
      post(who, `/api/admin/completion-reviews/${userId(holder)}/${COURSE}/accept`);
    expect(await reviewsOf('opdAdmin')).toEqual(['Siti Rahmawati']);
    expect(await reviewsOf('dewi')).toEqual(['Siti Rahmawati']);
    expect((await reviewsOf('admin')).sort()).toEqual(['Maya Sari', 'Siti Rahmawati']);
    expect((await accept('opdAdmin', 'opdAdmin')).status).toBe(403);
    expect(
      (await post('opdAdmin', `/api/admin/completion-reviews/${userId('opdAdmin')}/${COURSE}/refuse`)).status,
    ).toBe(403);
    expect((await accept('dewi', 'opdAdmin')).status).toBe(404);
    expect((await reviewsOf('admin')).sort()).toEqual(['Maya Sari', 'Siti Rahmawati']);
    expect((await accept('opdAdmin', 'learner')).status).toBe(204);
    expect((await accept('admin', 'opdAdmin')).status).toBe(204);
    // Maya's certificate is hers to keep: she may not revoke it, nor may Dewi; the BKPSDM may.
    const [certificate] = (await getJson<LearnerRecordResponse>(server.app, token('opdAdmin'), '/api/me/record'))
      .certificates;
    if (certificate === undefined) throw new Error('no certificate for Maya');
    const revoke = (who: string) =>
      post(who, `/api/admin/certificates/${certificate.code}/revoke`, { reason: 'Dicabut sendiri' });
    expect((await revoke('opdAdmin')).status).toBe(403);
    expect((await revoke('dewi')).status).toBe(404);
    expect((await revoke('admin')).status).toBe(200);
  });

  it('remedial attempts: an admin grants none to themself or to a fellow admin of their OPD', async () => {
    const grant = (who: string, holder: string) =>
      post(who, '/api/admin/attempt-grants', {
        userId: userId(holder),
        courseId: COURSE,
        quizId: 'post-test',
        extra: 1,
        reason: 'Remedial',
      });
    // The results list offers the grant only where it would be accepted.
    const { attempts } = await getJson<AdminAttemptsPage>(
      server.app,
      token('opdAdmin'),
      `/api/admin/attempts?courseId=${COURSE}`,
    );
    expect(new Set(attempts.map((attempt) => `${attempt.userName}: ${attempt.decidable}`))).toEqual(
      new Set(['Maya Sari: false', 'Siti Rahmawati: true']),
    );
    expect((await grant('opdAdmin', 'opdAdmin')).status).toBe(403);
    expect((await grant('dewi', 'opdAdmin')).status).toBe(404);
    expect((await grant('admin', 'admin')).status).toBe(403);
    expect((await grant('opdAdmin', 'learner')).status).toBe(201);
    expect((await grant('bayu', 'admin')).status).toBe(201);
    const [{ count = -1 } = {}] = await server.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM attempt_grants WHERE user_id IN ($1, $2)',
      [userId('opdAdmin'), userId('dewi')],
    );
    expect(count).toBe(0);
  });

  it('AKPK: an admin without an atasan has their answers validated by the BKPSDM, not by themself', async () => {
    const periodId = await openSurveyToday(server.app, token('admin'));
    await pushOk(server.app, token('opdAdmin'), { records: [surveyAnswer(periodId)] });
    const validations = async (who: string) =>
      (await getJson<AkpkValidationList>(server.app, token(who), akpkApi.validations(periodId))).people.map(
        (person) => person.name,
      );
    expect(await validations('opdAdmin')).toEqual([]);
    expect(await validations('dewi')).toEqual([]);
    expect(await validations('admin')).toEqual(['Maya Sari']);
    const validate = (who: string) =>
      post(who, akpkApi.validate(periodId, userId('opdAdmin')), { items: [], note: '' });
    expect((await validate('opdAdmin')).status).toBe(403);
    expect((await validate('dewi')).status).toBe(404);
    expect((await validate('admin')).status).toBe(204);
    const reviews = await server.db.query<{ reviewer_id: string }>(
      'SELECT reviewer_id FROM akpk_reviews WHERE learner_id = $1',
      [userId('opdAdmin')],
    );
    expect(reviews).toEqual([{ reviewer_id: userId('admin') }]);
  });
});
