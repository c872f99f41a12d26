import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { uuidv7 } from '../../../src/shared/id';
import type { LoginResponse } from '../../../src/shared/protocol';
import { cycleApi, type CycleState, type FollowUpReport } from '../../../src/shared/protocol/cycle';
import type { LearnerRecord, RecordBody } from '../../../src/shared/records';
import { behaviourIndex } from '../../../src/shared/records/action-plan';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, loginAll, startTestServer, type TestServer } from '../harness';
import { getJson, pushOk, SETUP_TIMEOUT_MS } from '../sync-kit';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const COURSE = 'tindak-lanjut';

describe('behaviour index', () => {
  it('is the mean of 1–4 answers ÷ 4 × 100', () => {
    expect(behaviourIndex([3, 4])).toBe(87.5);
    expect(behaviourIndex([1, 1, 1])).toBe(25);
    expect(behaviourIndex([])).toBeNull();
  });
});

describe.each(backends)('action plans and follow-up on $name', (backend) => {
  let server: TestServer;
  let sessions: Map<string, LoginResponse>;
  const bundle = buildBundle({
    id: COURSE,
    editManifest: (manifest) => ({
      ...manifest,
      behaviourIndicators: [
        { id: 'i1', text: { id: 'Menolak gratifikasi', en: 'Refuses gifts' } },
        { id: 'i2', text: { id: 'Melayani sesuai standar', en: 'Serves to standard' } },
      ],
    }),
  });

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    sessions = await loginAll(server.app, ['learner', 'pppk', 'otherOpd', 'atasan', 'admin', 'opdAdmin']);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (role: string) => sessions.get(role)?.token ?? '';
  const userId = (role: string) => sessions.get(role)?.user.id ?? '';
  const record = <K extends LearnerRecord['kind']>(kind: K, body: RecordBody<K>) =>
    ({ id: uuidv7(), kind, body }) as LearnerRecord;
  const action = (id: 'a1' | 'a2' | 'a3') => ({
    id,
    what: `Tindakan ${id}`,
    indicator: 'Ada bukti',
    targetDate: '2026-12-31',
    support: '',
  });
  const plan = (actions: ('a1' | 'a2' | 'a3')[], writtenAt: string) =>
    record('action_plan', { courseId: COURSE, actions: actions.map(action), writtenAt });
  const report = (
    planId: string,
    checkpoint: number,
    statuses: Record<string, 'not_yet' | 'partly' | 'done'>,
    behaviour: { indicatorId: string; score: number }[] = [],
  ) =>
    record('action_report', {
      courseId: COURSE,
      planId,
      checkpoint,
      items: Object.entries(statuses).map(([actionId, status]) => ({ actionId, status, evidence: '' })),
      behaviour,
      writtenAt: new Date().toISOString(),
    });
  const review = (learner: string, answers: { indicatorId: string; score: number }[], comment: string) =>
    record('behaviour_review', {
      learnerId: userId(learner),
      courseId: COURSE,
      answers,
      comment,
      writtenAt: new Date().toISOString(),
    });
  const stored = async (role: string, ...records: LearnerRecord[]) =>
    Object.values(await pushOk(server.app, token(role), { records }));

  it('aggregates per course and OPD as computed by hand, scoped to who may see it', async () => {
    const siti = plan(['a1', 'a2', 'a3'], daysAgo(100));
    const rudi = plan(['a1', 'a2'], daysAgo(100));
    const andi = plan(['a1'], daysAgo(10));
    expect(await stored('learner', siti)).toEqual(['stored']);
    expect(await stored('pppk', rudi)).toEqual(['stored']);
    expect(await stored('otherOpd', andi)).toEqual(['stored']);
    expect(
      await stored(
        'learner',
        report(siti.id, 30, { a1: 'done', a2: 'partly', a3: 'not_yet' }),
        report(siti.id, 90, { a1: 'done', a2: 'done', a3: 'partly' }, [
          { indicatorId: 'i1', score: 3 },
          { indicatorId: 'i2', score: 4 },
        ]),
      ),
    ).toEqual(['stored', 'stored']);
    expect(await stored('pppk', report(rudi.id, 30, { a1: 'done', a2: 'not_yet' }))).toEqual(['stored']);

    // The atasan owes questionnaires for both direct reports whose T+90 has come, not for Andi (not theirs).
    const due = await getJson<CycleState>(server.app, token('atasan'), cycleApi.state);
    expect(due.reviewsDue.map((entry) => entry.name).sort()).toEqual(['Rudi Hartono', 'Siti Rahmawati']);
    expect(due.reviewsDue[0]?.indicators.map((indicator) => indicator.id)).toEqual(['i1', 'i2']);
    expect((await getJson<CycleState>(server.app, token('learner'), cycleApi.state)).reviewsDue).toEqual([]);

    expect(
      await stored(
        'atasan',
        review(
          'learner',
          [
            { indicatorId: 'i1', score: 2 },
            { indicatorId: 'i2', score: 4 },
          ],
          'Sudah menolak parsel',
        ),
      ),
    ).toEqual(['stored']);
    const after = await getJson<CycleState>(server.app, token('atasan'), cycleApi.state);
    expect(after.reviewsDue.map((entry) => entry.name)).toEqual(['Rudi Hartono']);

    const { rows } = await getJson<FollowUpReport>(server.app, token('admin'), cycleApi.followUp);
    const disdukcapil = rows.find((row) => row.opd === 'Dinas Kependudukan dan Pencatatan Sipil');
    expect(disdukcapil).toEqual({
      courseId: COURSE,
      opd: 'Dinas Kependudukan dan Pencatatan Sipil',
      plans: 2,
      actionsPlanned: 5,
      actionsDone: 3, // Siti's latest report: a1, a2; Rudi's: a1
      doneShare: 0.6,
      selfResponseRate: 0.5, // both due; Siti reported at T+90
      atasanResponseRate: 0.5, // Siti reviewed
      selfIndex: 87.5, // (3 + 4) / 2 / 4 × 100
      atasanIndex: 75, // (2 + 4) / 2 / 4 × 100
      comments: ['Sudah menolak parsel'],
    });
    expect(rows.find((row) => row.opd === 'Dinas Kesehatan')).toMatchObject({
      plans: 1,
      actionsPlanned: 1,
      actionsDone: 0,
      doneShare: 0,
      selfResponseRate: null,
      atasanIndex: null,
    });

    const opd = await getJson<FollowUpReport>(server.app, token('opdAdmin'), cycleApi.followUp);
    expect(opd.rows.map((row) => row.opd)).toEqual(['Dinas Kependudukan dan Pencatatan Sipil']);
    const learner = await server.app.request(cycleApi.followUp, { headers: bearer(token('learner')) });
    expect(learner.status).toBe(403);
  });

  it('refuses what a writer has no say over, and indicators or actions that do not exist', async () => {
    const own = plan(['a1'], daysAgo(1));
    await stored('learner', own);
    const [mismatch] = await stored('pppk', report(own.id, 30, { a1: 'done' }));
    expect(mismatch).toBe('rejected');
    expect(await stored('learner', report(own.id, 30, { a2: 'done' }))).toEqual(['rejected']);
    expect(await stored('learner', report(own.id, 90, { a1: 'done' }, [{ indicatorId: 'zz', score: 2 }]))).toEqual([
      'rejected',
    ]);
    // Only the atasan of record answers for a learner: not a peer, not an atasan of someone else.
    expect(await stored('pppk', review('learner', [{ indicatorId: 'i1', score: 4 }], ''))).toEqual(['rejected']);
    expect(await stored('atasan', review('otherOpd', [{ indicatorId: 'i1', score: 4 }], ''))).toEqual(['rejected']);
    expect(
      await stored('learner', record('action_plan', { courseId: COURSE, actions: [], writtenAt: daysAgo(0) })),
    ).toEqual(['rejected']);
  });

  it('keeps the follow-up checkpoints an admin sets, and refuses nonsense', async () => {
    const put = (role: string, body: unknown) =>
      server.app.request(cycleApi.settings, {
        method: 'PUT',
        headers: { ...bearer(token(role)), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put('admin', { checkpoints: [14, 60], actionPlanRequired: true })).status).toBe(200);
    expect((await getJson<CycleState>(server.app, token('learner'), cycleApi.state)).settings).toEqual({
      checkpoints: [14, 60],
      actionPlanRequired: true,
    });
    expect((await put('admin', { checkpoints: [90, 30], actionPlanRequired: false })).status).toBe(400);
    expect((await put('opdAdmin', { checkpoints: [30], actionPlanRequired: false })).status).toBe(403);
    expect((await put('admin', { checkpoints: [30, 90], actionPlanRequired: false })).status).toBe(200);
  });
});
