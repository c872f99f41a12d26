import { describe, expect, it } from 'vitest';
import {
  completionReviewsApi,
  type CompletionReviewStatus,
  type ProgressPullResponse,
} from '../../../src/shared/protocol';
import { ProgressPullResponseSchema } from '../../../src/shared/protocol/responses';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode } from '../harness';
import { getJson, learnerRecords, pushOk, serverWithCourse, signInNewLearner } from '../sync-kit';

/**
 * A completion held for an admin's review (implausibly short study) reaches the learner's phone
 * at its next pull, so the phone says "being reviewed" rather than "waiting for sync" forever.
 */
describe.each(backends)('the progress pull names held completions on $name', (backend) => {
  const sync = serverWithCourse(backend, 'ditahan');
  const hour = (n: number) => new Date(Date.UTC(2026, 10, 2, n));
  let learners = 0;

  async function learnerWho(studiedMs: number) {
    learners += 1;
    const { token, user } = await signInNewLearner(
      sync.server,
      `199202022016031${String(learners).padStart(3, '0')}`,
      `Peserta ${learners}`,
    );
    const records = learnerRecords(user, sync.bundle);
    await pushOk(sync.server.app, token, {
      statements: [
        records.experienced('pengantar', hour(1), studiedMs),
        records.experienced('nilai-dasar', hour(2), studiedMs),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: hour(3) }),
      ],
    });
    const pull = () => getJson<ProgressPullResponse>(sync.server.app, token, '/api/sync/progress');
    return { user, pull };
  }
  const decide = (userId: string, decision: 'accept' | 'refuse', seen: CompletionReviewStatus = 'pending') =>
    sync.server.app.request(completionReviewsApi.decide(userId, 'ditahan', decision, seen), {
      method: 'POST',
      headers: bearer(sync.adminToken),
    });

  it('held, refused, then accepted: each pull says where the completion stands, to its own learner only', async () => {
    const quick = await learnerWho(5_000);
    const other = await learnerWho(5_000);
    const studious = await learnerWho(10 * 60_000);
    expect((await quick.pull()).held).toEqual([{ courseId: 'ditahan', status: 'pending' }]);
    expect((await studious.pull()).held).toEqual([]);

    expect((await decide(quick.user.id, 'refuse')).status).toBe(204);
    expect((await quick.pull()).held).toEqual([{ courseId: 'ditahan', status: 'refused' }]);
    // Another learner's review is theirs alone: still pending, not refused.
    expect((await other.pull()).held).toEqual([{ courseId: 'ditahan', status: 'pending' }]);

    expect((await decide(quick.user.id, 'accept', 'refused')).status).toBe(204);
    const accepted = await quick.pull();
    expect(accepted.held).toEqual([]);
    expect(accepted.completions).toMatchObject([{ courseId: 'ditahan' }]);
  });

  it('two decisions at once: the refusal that comes second is told so, and changes nothing', async () => {
    const first = await learnerWho(5_000);
    // Two admins refuse at once: one refusal stands, the other is answered 409.
    const both = await Promise.all([decide(first.user.id, 'refuse'), decide(first.user.id, 'refuse')]);
    expect(both.map((answer) => answer.status).sort()).toEqual([204, 409]);
    const second = both.find((answer) => answer.status === 409);
    expect(second && (await errorCode(second))).toBe('already_decided');
    // Accepted by one admin, a refusal sent a moment later by another does not pass for done.
    expect((await decide(first.user.id, 'accept', 'refused')).status).toBe(204);
    const late = await decide(first.user.id, 'refuse');
    expect(late.status).toBe(409);
    expect(await errorCode(late)).toBe('already_decided');
    expect((await first.pull()).completions).toMatchObject([{ courseId: 'ditahan' }]);
    // The same acceptance sent again stays a harmless retry.
    expect((await decide(first.user.id, 'accept')).status).toBe(204);
  });

  it('a stale accept does not overturn a later refusal (409); one from the refused list does', async () => {
    const { user, pull } = await learnerWho(5_000);
    expect((await decide(user.id, 'refuse')).status).toBe(204);
    const stale = await decide(user.id, 'accept', 'pending');
    expect([stale.status, await errorCode(stale)]).toEqual([409, 'already_decided']);
    expect((await pull()).held).toEqual([{ courseId: 'ditahan', status: 'refused' }]);
    expect((await decide(user.id, 'accept', 'refused')).status).toBe(204);
    expect((await pull()).completions).toMatchObject([{ courseId: 'ditahan' }]);
  });
});

describe('the progress pull schema', () => {
  it('still reads an older server’s pull, which has no held completions', () => {
    const older = { lessons: [], attempts: [], completions: [] };
    expect(ProgressPullResponseSchema.safeParse(older).success).toBe(true);
    expect(ProgressPullResponseSchema.safeParse({ ...older, held: [{ courseId: 'a', status: 'lost' }] }).success).toBe(
      false,
    );
  });
});
