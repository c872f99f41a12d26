import { describe, expect, it } from 'vitest';
import { PLAUSIBLE_STUDY_SHARE, requiredStudyMs, studyMs } from '../../../src/server/services/plausibility';
import {
  completionReviewsApi,
  type CompletionReviewsPage,
  type ProgressPullResponse,
} from '../../../src/shared/protocol';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer } from '../harness';
import { getJson, learnerRecords, pushOk, serverWithCourse, signInNewLearner } from '../sync-kit';

describe('the plausible-study rule', () => {
  it('reads xAPI durations, caps one statement at 2 hours, and asks a quarter of the study time', () => {
    expect(studyMs('PT1M30S')).toBe(90_000);
    expect(studyMs('PT0.5S')).toBe(500);
    expect(studyMs('PT100H')).toBe(2 * 60 * 60 * 1000);
    expect(studyMs('P1D')).toBe(2 * 60 * 60 * 1000);
    expect(studyMs('lama sekali')).toBeNull();
    expect(studyMs(undefined)).toBeNull();
    expect(PLAUSIBLE_STUDY_SHARE).toBe(0.25);
    expect(requiredStudyMs({ lessons: [{ minutes: 10 }, { minutes: 30 }] as never, studyMinutes: undefined })).toBe(
      10 * 60_000,
    );
    expect(requiredStudyMs({ lessons: [], studyMinutes: 120 })).toBe(30 * 60_000);
  });
});

/**
 * Issue 9.7: five "lesson studied" records in seconds plus a pass copied from the answer key
 * are not a completion: it is held for the admin, who accepts or refuses it.
 */
describe.each(backends)('completion needs plausible study on $name', (backend) => {
  const sync = serverWithCourse(backend, 'waktu-belajar');
  const hour = (n: number) => new Date(Date.UTC(2026, 10, 2, n));
  let learners = 0;

  async function learnerWho(studiedMs: number | null) {
    learners += 1;
    const nip = `199001012015021${String(learners).padStart(3, '0')}`;
    const { token, user } = await signInNewLearner(sync.server, nip, `Peserta ${learners}`);
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: [
        records.experienced('pengantar', hour(1), studiedMs),
        records.experienced('nilai-dasar', hour(2), studiedMs),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(3) }),
      ],
    });
    const completions = async () =>
      (await getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress')).completions;
    return { token, user, records, completions };
  }
  const pending = () => getJson<CompletionReviewsPage>(sync.server.app, sync.adminToken, completionReviewsApi.list);
  const decide = (userId: string, decision: 'accept' | 'refuse', token = sync.adminToken) =>
    sync.server.app.request(completionReviewsApi.decide(userId, 'waktu-belajar', decision), {
      method: 'POST',
      headers: bearer(token),
    });

  it('a learner who studied the declared time is credited at once', async () => {
    const { completions, user } = await learnerWho(10 * 60_000);
    expect(await completions()).toHaveLength(1);
    expect((await pending()).reviews.some((review) => review.userId === user.id)).toBe(false);
  });

  it('lessons "studied" in 5 seconds plus a pass: held for the admin, no JP; accepting credits it', async () => {
    const { completions, user } = await learnerWho(5_000);
    expect(await completions()).toEqual([]);
    const review = (await pending()).reviews.find((entry) => entry.userId === user.id);
    expect(review).toMatchObject({ courseId: 'waktu-belajar', jp: 2, studyMinutes: 1, requiredMinutes: 6 });
    expect((await decide(user.id, 'accept')).status).toBe(204);
    expect(await completions()).toMatchObject([{ courseId: 'waktu-belajar', jp: 2 }]);
    expect((await pending()).reviews.some((entry) => entry.userId === user.id)).toBe(false);
    expect((await decide(user.id, 'accept')).status).toBe(404);
  });

  it('no durations at all (an old phone) is held too; refused, it is uncredited until an admin accepts', async () => {
    const { completions, user, records, token } = await learnerWho(null);
    expect(await completions()).toEqual([]);
    expect((await decide(user.id, 'refuse')).status).toBe(204);
    await pushOk(sync.server.app, token, { statements: [records.experienced('pengantar', hour(4), 60 * 60_000)] });
    expect(await completions()).toEqual([]);
    expect((await decide(user.id, 'accept')).status).toBe(204);
    expect(await completions()).toHaveLength(1);
  });

  it('a held completion is credited by itself once the learner has really studied, and leaves the list', async () => {
    const { completions, user, records, token } = await learnerWho(5_000);
    expect(await completions()).toEqual([]);
    await pushOk(sync.server.app, token, { statements: [records.experienced('nilai-dasar', hour(5), 20 * 60_000)] });
    expect(await completions()).toHaveLength(1);
    expect((await pending()).reviews.some((entry) => entry.userId === user.id)).toBe(false);
  });

  it('a learner cannot read or decide reviews; a bad cursor is 400', async () => {
    const { token, user } = await learnerWho(5_000);
    expect((await sync.server.app.request(completionReviewsApi.list, { headers: bearer(token) })).status).toBe(403);
    expect((await decide(user.id, 'accept', token)).status).toBe(403);
    expect(
      (await sync.server.app.request(`${completionReviewsApi.list}?after=x`, { headers: bearer(sync.adminToken) }))
        .status,
    ).toBe(400);
  });
});
