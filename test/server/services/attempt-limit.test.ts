import { describe, expect, it } from 'vitest';
import type { AdminAttemptsPage, ProgressPullResponse } from '../../../src/shared/protocol';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { getJson, learnerRecords, pushOk, serverWithCourse, signInNewLearner } from '../sync-kit';

/**
 * Issue 9.7: the server enforces a quiz's attempt limit (the fixture post-test allows 3). An
 * attempt past it is kept, shown to the admin, and never credited.
 */
describe.each(backends)('attempt limit on $name', (backend) => {
  const sync = serverWithCourse(backend, 'batas-percobaan');
  const limit = sync.bundle.manifest.quizzes.find((quiz) => quiz.id === 'post-test')?.maxAttempts ?? 0;

  const hour = (n: number) => new Date(Date.UTC(2026, 10, 1, n));

  it('attempts past the limit are stored and shown, but a pass among them credits nothing', async () => {
    expect(limit).toBe(3);
    const { token, user } = await signInNewLearner(sync.server, '199001012015021001', 'Budi Santoso');
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: [records.experienced('pengantar', hour(1)), records.experienced('nilai-dasar', hour(2))],
    });
    // Seven wrong answers copied around, then the right one from the answer key: 8 attempts.
    for (let attempt = 1; attempt <= 7; attempt++)
      await pushOk(sync.server.app, token, {
        statements: records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: hour(2 + attempt) }),
      });
    await pushOk(sync.server.app, token, {
      statements: records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(10) }),
    });

    const { attempts, completions } = await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    expect(attempts).toHaveLength(8);
    expect(attempts.map((attempt) => attempt.overLimit)).toEqual([false, false, false, true, true, true, true, true]);
    expect(attempts.at(-1)).toMatchObject({ passed: true, overLimit: true });
    expect(completions).toEqual([]);

    const page = await getJson<AdminAttemptsPage>(
      sync.server.app,
      sync.adminToken,
      `/api/admin/attempts?userId=${user.id}`,
    );
    expect(page.attempts.filter((attempt) => attempt.overLimit)).toHaveLength(5);
  });

  it('order of arrival counts, not the phone clock: a backdated 4th attempt is still past the limit', async () => {
    const { token, user } = await signInNewLearner(sync.server, '199002022016032002', 'Sari Dewi');
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: [records.experienced('pengantar', hour(1)), records.experienced('nilai-dasar', hour(2))],
    });
    await pushOk(sync.server.app, token, {
      statements: [1, 2, 3].flatMap((n) => records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: hour(5 + n) })),
    });
    await pushOk(sync.server.app, token, {
      statements: records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(3) }),
    });
    const { attempts, completions } = await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    expect(attempts.find((attempt) => attempt.passed)?.overLimit).toBe(true);
    expect(completions).toEqual([]);
  });

  it('within one push, the attempts past the limit are the last by finishing time, in any order sent', async () => {
    const { token, user } = await signInNewLearner(sync.server, '199004042018052004', 'Dewi Lestari');
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: hour(1) }),
    });
    // Four more in one push, the pass finished first: it is the 2nd attempt, the two last are over.
    await pushOk(sync.server.app, token, {
      statements: [5, 3, 4]
        .flatMap((n) => records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: hour(n) }))
        .concat(records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(2) })),
    });
    const { attempts } = await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    const byTime = [...attempts].sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
    expect(byTime.map((attempt) => [attempt.passed, attempt.overLimit])).toEqual([
      [false, false],
      [true, false],
      [false, false],
      [false, true],
      [false, true],
    ]);
  });

  it('a pass within the limit completes the course as before', async () => {
    const { token, user } = await signInNewLearner(sync.server, '199003032017042003', 'Rina Putri');
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: [
        records.experienced('pengantar', hour(1)),
        records.experienced('nilai-dasar', hour(2)),
        ...records.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: hour(3) }),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(4) }),
      ],
    });
    const { attempts, completions } = await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    expect(attempts.every((attempt) => !attempt.overLimit)).toBe(true);
    expect(completions).toHaveLength(1);
  });
});
