import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/shared/id';
import { akpkApi, type AkpkPeriod, type AkpkSummary } from '../../src/shared/protocol/akpk';
import { cycleApi, type CycleState } from '../../src/shared/protocol/cycle';
import type { LearnerRecord } from '../../src/shared/records';
import { backends } from './backends';
import { bearer, login, startTestServer, type TestServer } from './harness';
import { getJson, pushOk, SETUP_TIMEOUT_MS } from './sync-kit';

const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';

describe.each(backends)('AKPK needs survey on $name', (backend) => {
  let server: TestServer;
  let periodId: string;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const role of ['learner', 'pppk', 'otherOpd', 'atasan', 'admin', 'opdAdmin'] as const) {
      const session = await login(server.app, role);
      tokens.set(role, session.token);
      ids.set(role, session.user.id);
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (role: string) => tokens.get(role) ?? '';
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
      learnerId: ids.get(learner) ?? '',
      items,
      approved: true,
      note: '',
      writtenAt: new Date().toISOString(),
    },
  });
  const statuses = async (role: string, ...records: LearnerRecord[]) =>
    Object.values(await pushOk(server.app, token(role), { records }));

  it('the BKPSDM opens a period; each person gets the built-in and their own technical competencies, levels pre-filled', async () => {
    expect((await request('opdAdmin', akpkApi.periods, {})).status).toBe(403);
    const bad = await request('admin', akpkApi.periods, {
      year: 2027,
      startsOn: '2027-02-01',
      endsOn: '2027-01-01',
      competencies: [],
    });
    expect(bad.status).toBe(400);
    const opened = await request('admin', akpkApi.periods, {
      year: 2026,
      startsOn: today,
      endsOn: today,
      competencies: [
        {
          code: 'T1',
          name: 'Pelayanan adminduk',
          type: 'teknis',
          jabatan: 'Pengadministrasi Kependudukan',
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
    expect((await request('opdAdmin', akpkApi.validate(periodId, ids.get('otherOpd') ?? ''))).status).toBe(404);
    expect((await request('admin', akpkApi.validate(periodId, ids.get('learner') ?? ''))).status).toBe(404);
    expect((await request('admin', akpkApi.validate(periodId, ids.get('otherOpd') ?? ''))).status).toBe(204);
    const summary = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId));
    expect(summary.responseRates.find((rate) => rate.opd === 'Dinas Kesehatan')).toMatchObject({
      answered: 1,
      approved: 1,
    });
    const reviews = await server.db.query<{ via: string; reviewer_id: string }>(
      'SELECT via, reviewer_id FROM akpk_reviews WHERE learner_id = $1',
      [ids.get('otherOpd')],
    );
    expect(reviews).toEqual([{ via: 'admin', reviewer_id: ids.get('admin') }]);
  });
});
