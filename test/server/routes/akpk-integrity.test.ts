import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/id';
import type { LoginResponse, SyncPushResponse } from '../../../src/shared/protocol';
import { akpkApi, type AkpkSummary, type AkpkValidationList } from '../../../src/shared/protocol/akpk';
import { cycleApi, type CycleState } from '../../../src/shared/protocol/cycle';
import type { LearnerRecord } from '../../../src/shared/records';
import { backends } from '../backends';
import { bearer, loginAll, startTestServer, type TestServer } from '../harness';
import { getJson, push, SETUP_TIMEOUT_MS } from '../sync-kit';

const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';

/**
 * An atasan's approval is of the answers they saw, and answers count only inside their period
 * (second security review, M2: Siti changed her answers after Hendra approved them and the
 * summary still counted them approved; answers to a period closed in 2025 were taken).
 */
describe.each(backends)('AKPK answers and their review, $name', (backend) => {
  let server: TestServer;
  let sessions: Map<string, LoginResponse>;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    server = await startTestServer(backend);
    sessions = await loginAll(server.app, ['learner', 'atasan', 'admin', 'otherOpd']);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const token = (role: string) => sessions.get(role)?.token ?? '';
  const userId = (role: string) => sessions.get(role)?.user.id ?? '';
  const openPeriod = async (year: number, startsOn: string, endsOn: string) => {
    const opened = await server.app.request(akpkApi.periods, {
      method: 'POST',
      headers: { ...bearer(token('admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ year, startsOn, endsOn, competencies: [] }),
    });
    expect(opened.status).toBe(201);
    return ((await opened.json()) as { id: string }).id;
  };
  const item = (competencyId: string, selfLevel: number, priority: number) => ({
    competencyId,
    selfLevel,
    requiredLevel: 3,
    priority,
    method: 'e-learning' as const,
    note: '',
  });
  const answer = (periodId: string, items: ReturnType<typeof item>[], writtenAt = new Date()): LearnerRecord => ({
    id: uuidv7(),
    kind: 'akpk_response',
    body: { periodId, items, writtenAt: writtenAt.toISOString() },
  });
  const approval = (periodId: string, responseId?: string): LearnerRecord => ({
    id: uuidv7(),
    kind: 'akpk_review',
    body: {
      periodId,
      learnerId: userId('learner'),
      ...(responseId === undefined ? {} : { responseId }),
      items: [{ competencyId: 'M1', selfLevel: 2, priority: 1 }],
      approved: true,
      note: 'ok',
      writtenAt: new Date().toISOString(),
    },
  });
  const send = async (role: string, record: LearnerRecord) => {
    const response = await push(server.app, token(role), { records: [record] });
    expect(response.status).toBe(200);
    const [result] = ((await response.json()) as SyncPushResponse).results;
    return result?.status === 'rejected' ? `rejected:${result.code}` : result?.status;
  };
  const disdukcapil = async (periodId: string) => {
    const summary = await getJson<AkpkSummary>(server.app, token('admin'), akpkApi.summary(periodId));
    return {
      rate: summary.responseRates.find((rate) => rate.opd === DISDUKCAPIL),
      needs: summary.rows
        .filter((row) => row.opd === DISDUKCAPIL)
        .map((row) => [row.competency, row.priorityScore])
        .sort(),
    };
  };
  const dueForHendra = async () =>
    (await getJson<CycleState>(server.app, token('atasan'), cycleApi.state)).surveyReviewsDue.filter(
      (due) => due.learnerId === userId('learner'),
    );

  it('a later answer is not approved by the review of an earlier one: it waits for the atasan again', async () => {
    const periodId = await openPeriod(Number(today.slice(0, 4)), today, today);
    const first = answer(periodId, [item('M1', 2, 1)], new Date(Date.now() - 60_000));
    expect(await send('learner', first)).toBe('stored');
    const [due] = await dueForHendra();
    expect(due?.responseId).toBe(first.id);
    expect(await send('atasan', approval(periodId, due?.responseId))).toBe('stored');
    expect(await dueForHendra()).toEqual([]);
    expect((await disdukcapil(periodId)).rate).toMatchObject({ answered: 1, approved: 1 });
    // Hendra's adjustment (own level 2 → gap 1, priority 1) is laid over the answer he saw.
    expect((await disdukcapil(periodId)).needs).toEqual([['M1', 1]]);

    // Siti answers again after the approval, with two high-priority needs.
    const second = answer(periodId, [item('M1', 2, 1), item('M5', 1, 3), item('M7', 1, 3)]);
    expect(await send('learner', second)).toBe('stored');
    const after = await disdukcapil(periodId);
    expect(after.rate).toMatchObject({ answered: 1, approved: 0 });
    // Her own answers now, unadjusted: M1 gap 1 × 1, M5 and M7 gap 2 × 3.
    expect(after.needs).toEqual([
      ['M1', 1],
      ['M5', 6],
      ['M7', 6],
    ]);
    // Hendra's phone gets the new answer to review, named by its id.
    expect((await dueForHendra()).map((entry) => entry.responseId)).toEqual([second.id]);
    // A review naming another person's answer, or none that exists, is refused alone.
    const andis = answer(periodId, [item('M1', 1, 1)]);
    expect(await send('otherOpd', andis)).toBe('stored');
    expect(await send('atasan', approval(periodId, andis.id))).toBe('rejected:unknown_post');
    expect(await send('atasan', approval(periodId, uuidv7()))).toBe('rejected:unknown_post');
    // Approving the new answer counts again.
    expect(await send('atasan', approval(periodId, second.id))).toBe('stored');
    expect((await disdukcapil(periodId)).rate).toMatchObject({ answered: 1, approved: 1 });
  });

  it('an admin’s validation is of the latest answer: a later answer is unvalidated again', async () => {
    const periodId = await openPeriod(Number(today.slice(0, 4)), today, today);
    // Andi has no atasan of record: the admin validates him.
    expect(await send('otherOpd', answer(periodId, [item('M1', 1, 2)], new Date(Date.now() - 60_000)))).toBe('stored');
    const validate = await server.app.request(akpkApi.validate(periodId, userId('otherOpd')), {
      method: 'POST',
      headers: { ...bearer(token('admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ items: [], note: '' }),
    });
    expect(validate.status).toBe(204);
    const validated = async () =>
      (await getJson<AkpkValidationList>(server.app, token('admin'), akpkApi.validations(periodId))).people.find(
        (person) => person.userId === userId('otherOpd'),
      )?.validated;
    expect(await validated()).toBe(true);
    expect(await send('otherOpd', answer(periodId, [item('M1', 1, 3), item('M2', 1, 3)]))).toBe('stored');
    expect(await validated()).toBe(false);
  });

  it('answers count only inside their period: written then and sent late counts, after it closed not', async () => {
    const closed = await openPeriod(2025, '2025-01-01', '2025-01-31');
    expect(await send('learner', answer(closed, [item('M1', 1, 3)]))).toBe('rejected:outside_period');
    // Written offline while it was open, synced long after: it counts.
    expect(await send('learner', answer(closed, [item('M1', 1, 3)], new Date('2025-01-31T22:00:00Z')))).toBe('stored');
    // Before it opened (beyond a day of clock skew) is outside too.
    expect(await send('learner', answer(closed, [item('M1', 1, 3)], new Date('2024-12-30T12:00:00Z')))).toBe(
      'rejected:outside_period',
    );
    // A phone's clock a few hours behind on the first day is allowed for.
    expect(await send('learner', answer(closed, [item('M1', 1, 3)], new Date('2024-12-31T20:00:00Z')))).toBe('stored');
  });
});
