import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/id';
import type { ProgressPullResponse, SyncPushResponse } from '../../../src/shared/protocol';
import { activityIds, VERBS } from '../../../src/shared/xapi/statement';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode } from '../harness';
import { getJson, learnerRecords, push, serverWithCourse, signInNewLearner } from '../sync-kit';

/**
 * A phone whose clock reset to 1970, or is set years ahead, dates what it records wrong. Each
 * such record is refused alone (`implausible_time`), never the push (which the phone would
 * retry forever); what an older server stored with such a date never makes an admin's decision a 500.
 */
describe.each(backends)('dates no learning can have, on $name', (backend) => {
  const sync = serverWithCourse(backend, 'batas-waktu');
  let learners = 0;
  const newLearner = async () => {
    learners += 1;
    const { token, user } = await signInNewLearner(
      sync.server,
      `199001012015021${String(learners).padStart(3, '0')}`,
      `Peserta ${learners}`,
    );
    return { token, user, records: learnerRecords(user, sync.bundle) };
  };
  /** An action plan whose one action is due on `targetDate`. */
  const plan = (targetDate: string) => ({
    id: uuidv7(),
    kind: 'action_plan',
    body: {
      courseId: sync.bundle.manifest.id,
      actions: [{ id: 'a1', what: 'Menyusun SOP', indicator: 'SOP terbit', targetDate, support: '' }],
      writtenAt: new Date().toISOString(),
    },
  });
  const completedCourse = (records: ReturnType<typeof learnerRecords>, at: Date) => [
    records.experienced('pengantar', at),
    records.experienced('nilai-dasar', at),
    ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
    records.completed(at),
  ];
  const results = async (response: Response) => {
    expect(response.status).toBe(200);
    return ((await response.json()) as SyncPushResponse).results;
  };
  const completionsOf = async (token: string) =>
    (await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress')).completions;

  it.each([
    ['a clock reset to 1970', new Date('1970-01-01T00:00:05Z')],
    ['the last days of 1999', new Date('1999-12-31T20:00:00Z')],
    ['a clock set to 9999', new Date('9999-06-01T00:00:00Z')],
    ['a clock two days ahead', new Date(Date.now() + 2 * 86_400_000)],
  ])('a course completed with %s: each statement refused alone, nothing credited, the push answered', async (_, at) => {
    const { token, records } = await newLearner();
    const statements = completedCourse(records, at);
    const answered = await results(await push(sync.server.app, token, { statements }));
    expect(answered.map((result) => [result.status, result.code])).toEqual(
      statements.map(() => ['rejected', 'implausible_time']),
    );
    expect(await completionsOf(token)).toEqual([]);
    // Once the phone's clock is right, the course completes and is certified as any other.
    const fixed = completedCourse(records, new Date());
    expect((await results(await push(sync.server.app, token, { statements: fixed }))).map((r) => r.status)).toEqual(
      fixed.map(() => 'stored'),
    );
    expect(await completionsOf(token)).toHaveLength(1);
  });

  it("a statement up to a day ahead of the server's clock is stored (phones' clocks drift)", async () => {
    const { token, records } = await newLearner();
    const ahead = records.experienced('pengantar', new Date(Date.now() + 3_600_000));
    expect(await results(await push(sync.server.app, token, { statements: [ahead] }))).toEqual([
      { id: ahead.id, status: 'stored' },
    ]);
  });

  it('reading progress dated 1970 is refused alone: its opening would win every later merge', async () => {
    const { token, records } = await newLearner();
    const old = records.progress({
      lessonId: 'pengantar',
      openedAt: '1970-01-01T00:00:05.000Z',
      completedAt: null,
      position: 0.5,
    });
    const now = records.progress({
      lessonId: 'nilai-dasar',
      openedAt: new Date().toISOString(),
      completedAt: null,
      position: 0.5,
    });
    const answered = await results(await push(sync.server.app, token, { progress: [old, now] }));
    expect(answered.map((result) => [result.id, result.status, result.code])).toEqual([
      [old.id, 'rejected', 'implausible_time'],
      [now.id, 'stored', undefined],
    ]);
  });

  it('learning done elsewhere dated 9999 or 1999, and an action planned for 9999, are refused alone', async () => {
    const { token } = await newLearner();
    const external = (startDate: string, endDate: string) => ({
      id: uuidv7(),
      kind: 'external_learning',
      body: {
        jenisDiklatId: 3,
        kind: 'pelatihan',
        name: 'Diklat teknis',
        organiser: 'BPSDM',
        startDate,
        endDate,
        claimedJp: 200,
        certificateNumber: '',
        file: null,
        writtenAt: new Date().toISOString(),
      },
    });
    const today = new Date().toISOString().slice(0, 10);
    const records = [
      external('9999-06-01', '9999-06-02'),
      external('1999-12-30', '1999-12-31'),
      plan('9999-01-01'),
      { ...plan('2026-01-01'), body: { ...plan('2026-01-01').body, writtenAt: '1970-01-01T00:00:05Z' } },
      external(today, today),
      plan('2099-12-31'),
    ];
    const answered = await results(await push(sync.server.app, token, { records: records as never }));
    expect(answered.map((result) => result.code ?? result.status)).toEqual([
      'implausible_time',
      'implausible_time',
      'implausible_time',
      'implausible_time',
      'stored',
      'stored',
    ]);
  });

  it('a day that cannot exist (month 13, month or day 00) refuses its record only; the rest is stored', async () => {
    const { token } = await newLearner();
    const records = [plan('2026-13-01'), plan('2026-00-10'), plan('2026-12-00'), plan('2026-12-31')];
    const response = await push(sync.server.app, token, { records: records as never });
    expect(response.status).toBe(200);
    expect((await results(response)).map((result) => result.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'stored',
    ]);
  });

  it('a held completion dated 1970 (stored before the bound): accepting is 422, refusing works', async () => {
    const { user } = await newLearner();
    await sync.server.db.query(
      `INSERT INTO completion_reviews (user_id, course_id, course_version, completed_at, jp, study_ms, required_ms)
       VALUES ($1, $2, $3, '1970-01-01T00:00:05Z', 2, 1000, 600000)`,
      [user.id, sync.bundle.manifest.id, sync.bundle.manifest.version],
    );
    const decide = (decision: string) =>
      sync.server.app.request(`/api/admin/completion-reviews/${user.id}/${sync.bundle.manifest.id}/${decision}`, {
        method: 'POST',
        headers: bearer(sync.adminToken),
      });
    const accepted = await decide('accept');
    expect(accepted.status).toBe(422);
    expect(await errorCode(accepted)).toBe('implausible_time');
    expect((await decide('refuse')).status).toBeLessThan(300);
  });

  it('a completion dated 1970 waiting for its certificate does not make later pushes 500', async () => {
    const { token, user, records } = await newLearner();
    await sync.server.db.query(
      `INSERT INTO course_completions (user_id, course_id, course_version, completed_at, jp)
       VALUES ($1, $2, $3, '1970-01-01T00:00:05Z', 2)`,
      [user.id, sync.bundle.manifest.id, sync.bundle.manifest.version],
    );
    // Any push touching the course looks for certificates due.
    const statements = completedCourse(records, new Date());
    expect((await results(await push(sync.server.app, token, { statements }))).map((r) => r.status)).toEqual(
      statements.map(() => 'stored'),
    );
  });

  it('approving learning done elsewhere stored with 9999 dates is 422; refusing it works', async () => {
    const { user } = await newLearner();
    const id = uuidv7();
    await sync.server.db.query(
      `INSERT INTO external_learning (id, user_id, body_hash, jenis_diklat_id, kind, name, organiser, start_date,
         end_date, claimed_jp) VALUES ($1, $2, $3, 3, 'pelatihan', 'Diklat', 'BPSDM', '9999-06-01', '9999-06-02', 200)`,
      [id, user.id, 'a'.repeat(64)],
    );
    const decide = (decision: object) =>
      sync.server.app.request(`/api/admin/external-learning/${id}/decision`, {
        method: 'POST',
        headers: { ...bearer(sync.adminToken), 'content-type': 'application/json' },
        body: JSON.stringify(decision),
      });
    const approved = await decide({ approve: true, jp: 200 });
    expect(approved.status).toBe(422);
    expect(await errorCode(approved)).toBe('implausible_time');
    expect((await decide({ approve: false, reason: 'Tanggal tidak masuk akal' })).status).toBe(200);
  });

  it('an answer to a question the quiz does not have is refused alone; one to its question is stored', async () => {
    const { token, records } = await newLearner();
    const attempt = records.attempt('post-test', FIXTURE_ANSWERS.right);
    const answer = attempt.find((statement) => statement.verb.id === VERBS.answered.id);
    if (answer === undefined) throw new Error('an attempt carries its answers');
    const quizId = 'post-test';
    const stray = {
      ...answer,
      id: uuidv7(),
      object: { ...answer.object, id: activityIds.question(sync.bundle.manifest.id, quizId, 'no-such-question') },
    };
    const answered = await results(await push(sync.server.app, token, { statements: [...attempt, stray] }));
    expect(answered.map((result) => result.code ?? result.status)).toEqual([
      ...attempt.map(() => 'stored'),
      'invalid_draw',
    ]);
  });
});
