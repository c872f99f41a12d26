import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../../src/server/services/seed';
import { createUser } from '../../../src/server/services/users';
import { EVERYONE } from '../../../src/server/auth/audience';
import { listCompletionReviews } from '../../../src/server/services/completion-reviews';
import { PLAUSIBLE_STUDY_SHARE, requiredStudyMs, studyMs } from '../../../src/server/services/plausibility';
import {
  completionReviewsApi,
  type CompletionReviewsPage,
  type CompletionReviewStatus,
  type LoginResponse,
  type ProgressPullResponse,
} from '../../../src/shared/protocol';
import { recordApi, type LearnerRecordResponse } from '../../../src/shared/protocol/record';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, login, postJson } from '../harness';
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
/** The OPD of the demo OPD admin. */
const DISDUKCAPIL = DEMO_ACCOUNTS.opdAdmin.opd;

describe.each(backends)('completion needs plausible study on $name', (backend) => {
  const sync = serverWithCourse(backend, 'waktu-belajar');
  const hour = (n: number) => new Date(Date.UTC(2026, 10, 2, n));
  let learners = 0;

  async function learnerWho(studiedMs: number | null, opd?: string) {
    learners += 1;
    const nip = `199001012015021${String(learners).padStart(3, '0')}`;
    const { token, user } = await signInNewLearner(sync.server, nip, `Peserta ${learners}`, opd);
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
  const refusedBy = (adminToken: string) =>
    getJson<CompletionReviewsPage>(sync.server.app, adminToken, completionReviewsApi.refused);
  let otherAdmins = 0;
  /** An OPD admin of the Dinas Kesehatan, signed in: Disdukcapil's learners are not theirs. */
  async function otherOpdAdmin(): Promise<string> {
    otherAdmins += 1;
    const nip = `198001012005011${String(otherAdmins).padStart(3, '0')}`;
    const password = `sandi-${nip}`;
    await createUser(sync.server.db, {
      nip,
      name: 'Admin Dinkes',
      role: 'admin_opd',
      unit: 'Dinas Kesehatan',
      opd: 'Dinas Kesehatan',
      password,
    });
    return ((await (await postJson(sync.server.app, '/api/auth/login', { nip, password })).json()) as LoginResponse)
      .token;
  }
  const decide = (
    userId: string,
    decision: 'accept' | 'refuse',
    token = sync.adminToken,
    seen: CompletionReviewStatus = 'pending',
  ) =>
    sync.server.app.request(completionReviewsApi.decide(userId, 'waktu-belajar', decision, seen), {
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
    // A doubled or retried accept succeeds and changes nothing; a credited completion cannot be
    // refused: the admin is told another decision came first.
    expect((await decide(user.id, 'accept')).status).toBe(204);
    expect(await completions()).toHaveLength(1);
    const refusal = await decide(user.id, 'refuse');
    expect(refusal.status).toBe(409);
    expect(await errorCode(refusal)).toBe('already_decided');
  });

  it('no durations at all (an old phone) is held too; refused, it is uncredited until an admin accepts', async () => {
    const { completions, user, records, token } = await learnerWho(null);
    expect(await completions()).toEqual([]);
    expect((await decide(user.id, 'refuse')).status).toBe(204);
    await pushOk(sync.server.app, token, { statements: [records.experienced('pengantar', hour(4), 60 * 60_000)] });
    expect(await completions()).toEqual([]);
    expect((await decide(user.id, 'accept', sync.adminToken, 'refused')).status).toBe(204);
    expect(await completions()).toHaveLength(1);
  });

  it('a held completion is credited by itself once the learner has really studied, and leaves the list', async () => {
    const { completions, user, records, token } = await learnerWho(5_000);
    expect(await completions()).toEqual([]);
    await pushOk(sync.server.app, token, { statements: [records.experienced('nilai-dasar', hour(5), 20 * 60_000)] });
    expect(await completions()).toHaveLength(1);
    expect((await pending()).reviews.some((entry) => entry.userId === user.id)).toBe(false);
  });

  it('a refusal is listed (who, NIP, OPD, when, by whom); accepted later, JP and certificate once', async () => {
    const { completions, user, token } = await learnerWho(5_000, DISDUKCAPIL);
    expect((await decide(user.id, 'refuse')).status).toBe(204);
    const refused = await refusedBy(sync.adminToken);
    const listed = refused.reviews.find((entry) => entry.userId === user.id);
    expect(listed).toMatchObject({
      userName: user.name,
      nip: user.nip,
      opd: DISDUKCAPIL,
      courseId: 'waktu-belajar',
      jp: 2,
      studyMinutes: 1,
      requiredMinutes: 6,
      refusedBy: 'Admin BKPSDM Demo',
    });
    expect(Date.now() - Date.parse(listed?.refusedAt ?? '')).toBeLessThan(60_000);
    expect((await pending()).reviews.some((entry) => entry.userId === user.id)).toBe(false);

    // The OPD's own admin sees it; another OPD's admin neither sees nor decides it; a learner is refused.
    const opdAdmin = (await login(sync.server.app, 'opdAdmin')).token;
    expect((await refusedBy(opdAdmin)).reviews.map((entry) => entry.userId)).toContain(user.id);
    const otherAdmin = await otherOpdAdmin();
    expect((await refusedBy(otherAdmin)).reviews).toEqual([]);
    expect((await decide(user.id, 'accept', otherAdmin)).status).toBe(404);
    expect((await sync.server.app.request(completionReviewsApi.refused, { headers: bearer(token) })).status).toBe(403);
    expect(await completions()).toEqual([]);

    expect((await decide(user.id, 'accept', opdAdmin, 'refused')).status).toBe(204);
    expect((await decide(user.id, 'accept')).status).toBe(204);
    expect(await completions()).toMatchObject([{ courseId: 'waktu-belajar', jp: 2 }]);
    const record = await getJson<LearnerRecordResponse>(sync.server.app, token, recordApi.mine);
    expect(record.entries.map((entry) => [entry.id, entry.jp])).toEqual([['waktu-belajar', 2]]);
    expect(record.certificates.map((certificate) => certificate.courseId)).toEqual(['waktu-belajar']);
    expect((await refusedBy(sync.adminToken)).reviews.some((entry) => entry.userId === user.id)).toBe(false);
  });

  it('refusals come most recently refused first, a page at a time', async () => {
    const first = await learnerWho(5_000);
    const second = await learnerWho(5_000);
    expect((await decide(second.user.id, 'refuse')).status).toBe(204);
    expect((await decide(first.user.id, 'refuse')).status).toBe(204);
    const page = (after: { userId: string; courseId: string } | null) =>
      listCompletionReviews(sync.server.db, EVERYONE, 'refused', after, 1);
    const one = await page(null);
    expect(one.reviews.map((review) => review.userId)).toEqual([first.user.id]);
    expect(one.next).toBe(`${first.user.id}:waktu-belajar`);
    const two = await page({ userId: first.user.id, courseId: 'waktu-belajar' });
    expect(two.reviews.map((review) => review.userId)).toEqual([second.user.id]);
  });

  it('a learner cannot read or decide reviews; a bad cursor or status is 400', async () => {
    const { token, user } = await learnerWho(5_000);
    expect((await sync.server.app.request(completionReviewsApi.list, { headers: bearer(token) })).status).toBe(403);
    expect((await decide(user.id, 'accept', token)).status).toBe(403);
    expect(
      (await sync.server.app.request(`${completionReviewsApi.list}?after=x`, { headers: bearer(sync.adminToken) }))
        .status,
    ).toBe(400);
    expect(
      (
        await sync.server.app.request(`${completionReviewsApi.list}?status=accepted`, {
          headers: bearer(sync.adminToken),
        })
      ).status,
    ).toBe(400);
  });
});
