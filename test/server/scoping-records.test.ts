import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { createUser } from '../../src/server/services/users';
import { uuidv7 } from '../../src/shared/id';
import type { CompletionReviewsPage, LoginResponse } from '../../src/shared/protocol';
import { cycleApi, type CycleState, type EvidenceList } from '../../src/shared/protocol/cycle';
import type { LearnerRecordResponse } from '../../src/shared/protocol/record';
import type { LearnerRecord } from '../../src/shared/records';
import { buildBundle, FIXTURE_ANSWERS } from '../fixtures/bundles';
import { backends } from './backends';
import { bearer, inUseSince, loginAll, postJson, startTestServer, type TestServer } from './harness';
import { getJson, learnerRecords, openSurveyToday, pushOk, SETUP_TIMEOUT_MS, surveyAnswer } from './sync-kit';

const COURSE = 'lingkup-rekam';
const DINKES = 'Dinas Kesehatan';
const DAY = 86_400_000;

/**
 * The record routes (completion reviews, certificates, follow-up evidence, the atasan's survey
 * reviews) for viewers outside a learner's audience: Siti (Disdukcapil, atasan Hendra) against
 * Dina, OPD admin of the Dinas Kesehatan; Wahyu, an atasan there whose report is Joko; Rudi,
 * Siti's fellow report.
 */
describe.each(backends)('record routes answer only within the audience, on $name', (backend) => {
  let server: TestServer;
  let sessions: Map<string, LoginResponse>;
  const bundle = buildBundle({ id: COURSE });

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    const people = [
      { key: 'dina', nip: '199001012015012301', name: 'Dina Operator', role: 'admin_opd' as const },
      { key: 'wahyu', nip: '199001012015012302', name: 'Wahyu Atasan', role: 'learner' as const },
      { key: 'joko', nip: '199001012015012303', name: 'Joko Perawat', role: 'learner' as const },
    ];
    for (const person of people)
      await createUser(server.db, {
        nip: person.nip,
        name: person.name,
        role: person.role,
        unit: 'Puskesmas',
        opd: DINKES,
        password: `sandi-${person.key}`,
        ...(person.key === 'joko' ? { atasanNip: '199001012015012302' } : {}),
      });
    sessions = await loginAll(server.app, ['admin', 'opdAdmin', 'atasan', 'learner', 'pppk']);
    for (const person of people) {
      const response = await postJson(server.app, '/api/auth/login', {
        nip: person.nip,
        password: `sandi-${person.key}`,
      });
      sessions.set(person.key, (await response.json()) as LoginResponse);
    }
    await inUseSince(server.db);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (who: string) => sessions.get(who)?.token ?? '';
  const userId = (who: string) => sessions.get(who)?.user.id ?? '';
  const get = (who: string, path: string) => server.app.request(path, { headers: bearer(token(who)) });
  const post = (who: string, path: string, body: unknown = {}) =>
    server.app.request(path, {
      method: 'POST',
      headers: { ...bearer(token(who)), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const reviewers = async (who: string) =>
    (await getJson<CompletionReviewsPage>(server.app, token(who), '/api/admin/completion-reviews')).reviews.map(
      (review) => review.userName,
    );

  it('a held completion is listed and decided only by its learner’s administrators', async () => {
    // Siti studies in seconds: her completion waits for an admin.
    const records = learnerRecords({ id: userId('learner') }, bundle);
    const at = new Date('2026-07-01T03:00:00Z');
    await pushOk(server.app, token('learner'), {
      statements: [
        records.experienced('pengantar', at, 5_000),
        records.experienced('nilai-dasar', at, 5_000),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
      ],
    });
    expect(await reviewers('opdAdmin')).toEqual(['Siti Rahmawati']);
    expect(await reviewers('dina')).toEqual([]);
    for (const who of ['atasan', 'pppk', 'wahyu'])
      expect((await get(who, '/api/admin/completion-reviews')).status, who).toBe(403);
    for (const decision of ['accept', 'refuse']) {
      const path = `/api/admin/completion-reviews/${userId('learner')}/${COURSE}/${decision}`;
      expect((await post('dina', path)).status, decision).toBe(404);
      expect((await post('atasan', path)).status, decision).toBe(403);
      expect((await post('pppk', path)).status, decision).toBe(403);
    }
    // Nobody outside changed anything: it still waits, and her own administrator decides it.
    expect(await reviewers('admin')).toEqual(['Siti Rahmawati']);
    expect((await post('opdAdmin', `/api/admin/completion-reviews/${userId('learner')}/${COURSE}/accept`)).status).toBe(
      204,
    );
  });

  it('her certificate: the PDF for her, her atasan and her administrators; revoked only by them', async () => {
    const [certificate] = (await getJson<LearnerRecordResponse>(server.app, token('learner'), '/api/me/record'))
      .certificates;
    if (certificate === undefined) throw new Error('no certificate for Siti');
    const pdf = `/api/certificates/${certificate.code}/pdf`;
    for (const who of ['learner', 'atasan', 'opdAdmin', 'admin']) expect((await get(who, pdf)).status, who).toBe(200);
    for (const who of ['wahyu', 'dina', 'pppk', 'joko']) expect((await get(who, pdf)).status, who).toBe(404);

    const revoke = `/api/admin/certificates/${certificate.code}/revoke`;
    expect((await post('dina', revoke, { reason: 'Bukan wewenang' })).status).toBe(404);
    for (const who of ['atasan', 'wahyu', 'pppk'])
      expect((await post(who, revoke, { reason: 'Bukan wewenang' })).status, who).toBe(403);
    const check = (await (await server.app.request(`/api/certificates/${certificate.code}`)).json()) as {
      status: string;
    };
    expect(check.status).toBe('valid');
  });

  it('follow-up evidence is read by the learner’s administrators only', async () => {
    const plan: LearnerRecord = {
      id: uuidv7(),
      kind: 'action_plan',
      body: {
        courseId: COURSE,
        actions: [{ id: 'a1', what: 'Loket tanpa antre', indicator: 'Foto', targetDate: '2026-12-31', support: '' }],
        writtenAt: new Date(Date.now() - 100 * DAY).toISOString(),
      },
    };
    const report: LearnerRecord = {
      id: uuidv7(),
      kind: 'action_report',
      body: {
        courseId: COURSE,
        planId: plan.id,
        checkpoint: 30,
        items: [{ actionId: 'a1', status: 'done', evidence: 'Antrean loket Siti turun separuh' }],
        behaviour: [],
        writtenAt: new Date().toISOString(),
      },
    };
    expect(Object.values(await pushOk(server.app, token('learner'), { records: [plan, report] }))).toEqual([
      'stored',
      'stored',
    ]);
    const evidence = async (who: string) =>
      (await getJson<EvidenceList>(server.app, token(who), cycleApi.evidence)).reports.map((entry) => entry.name);
    expect(await evidence('admin')).toEqual(['Siti Rahmawati']);
    expect(await evidence('opdAdmin')).toEqual(['Siti Rahmawati']);
    expect(await evidence('dina')).toEqual([]);
    for (const who of ['atasan', 'pppk', 'wahyu']) expect((await get(who, cycleApi.evidence)).status, who).toBe(403);
  });

  it("an atasan's phone gets the survey answers of their own direct reports only", async () => {
    const periodId = await openSurveyToday(server.app, token('admin'));
    for (const who of ['learner', 'joko']) await pushOk(server.app, token(who), { records: [surveyAnswer(periodId)] });
    const due = async (who: string) =>
      (await getJson<CycleState>(server.app, token(who), cycleApi.state)).surveyReviewsDue.map((entry) => entry.name);
    expect(await due('atasan')).toEqual(['Siti Rahmawati']);
    expect(await due('wahyu')).toEqual(['Joko Perawat']);
    for (const who of ['pppk', 'learner', 'opdAdmin', 'dina']) expect(await due(who), who).toEqual([]);
  });
});
