import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { completeRecord, insertUser } from '../../../src/server/services/users';
import type { AdminAttemptsPage, ProgressPullResponse, SyncPushResponse, User } from '../../../src/shared/protocol';
import type { CourseAnalysis, FeedbackCommentsPage } from '../../../src/shared/protocol/analysis';
import type { AttemptGrant, AttemptGrantsPage } from '../../../src/shared/protocol/assessment';
import { buildBundle, FIXTURE_ANSWERS, POOL_KEY } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, inUseSince, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, push, pushOk, SETUP_TIMEOUT_MS, statusesOf } from '../sync-kit';

describe.each(backends)('pre-tests and item pools on the server, $name', (backend) => {
  let server: TestServer;
  let learner: User;
  let token: string;
  let courses = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ token, user: learner } = await login(server.app, 'learner'));
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  async function newCourse(spec: { pool?: boolean; preTest?: boolean }) {
    const bundle = buildBundle({ id: `asesmen-${++courses}`, ...spec });
    await publishBundle(server, bundle.zip);
    await inUseSince(server.db);
    return learnerRecords(learner, bundle);
  }
  const attemptRow = async (id: string | undefined) => {
    const rows = await server.db.query<{
      passed: boolean | null;
      server_scaled: number;
      flagged: boolean;
      items: unknown;
    }>('SELECT passed, server_scaled, flagged, items FROM quiz_attempts WHERE statement_id = $1', [id]);
    return rows[0];
  };
  const rejection = async (statements: { id: string }[]) => {
    const response = await push(server.app, token, { statements: statements as never });
    const { results } = (await response.json()) as SyncPushResponse;
    return results.find((result) => result.id === statements.at(-1)?.id);
  };

  it('stores a pre-test as neither passed nor failed, whatever score it has', async () => {
    const records = await newCourse({ preTest: true });
    const low = records.attempt('pre-test', FIXTURE_ANSWERS.wrong);
    expect(low.at(-1)?.verb.id).toBe('http://adlnet.gov/expapi/verbs/completed');
    await pushOk(server.app, token, { statements: low });
    expect(await attemptRow(low.at(-1)?.id)).toMatchObject({ passed: null, server_scaled: 0, flagged: false });
    const pulled = await getJson<ProgressPullResponse>(server.app, token, '/api/sync/progress');
    expect(pulled.attempts.find((attempt) => attempt.id === low.at(-1)?.id)).toMatchObject({ passed: null });
  });

  it('an older phone\'s pre-test "passed" is stored unjudged and not flagged', async () => {
    const records = await newCourse({ preTest: true });
    const legacy = records.attempt('pre-test', FIXTURE_ANSWERS.wrong, { claim: { scaled: 0, passed: true } });
    expect(legacy.at(-1)?.verb.id).toBe('http://adlnet.gov/expapi/verbs/passed');
    await pushOk(server.app, token, { statements: legacy });
    expect(await attemptRow(legacy.at(-1)?.id)).toMatchObject({ passed: null, flagged: false });
  });

  it('the database itself refuses a judged pre-test or an unjudged post-test', async () => {
    const insert = (kind: string, passed: boolean | null) =>
      server.db.query(
        `INSERT INTO quiz_attempts (statement_id, user_id, course_id, course_version, quiz_id, kind, server_scaled,
           passed, flagged, finished_at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'x', '1.0.0', 'q', $1, 0, $2, false, now())`,
        [kind, passed],
      );
    await expect(insert('pre', true)).rejects.toThrow();
    await expect(insert('post', null)).rejects.toThrow();
  });

  it('re-scores exactly the drawn items, in the order shown, and keeps them per item', async () => {
    const records = await newCourse({ pool: true });
    // p1 (lesson 1) right, p3 (lesson 2) wrong: 1 of 2. p2 and p4 were not asked; their "right"
    // answers count for nothing.
    const statements = records.attempt(
      'post-test',
      { p1: [...POOL_KEY.p1], p3: ['false'], p2: [...POOL_KEY.p2], p4: [...POOL_KEY.p4] },
      { questions: ['p3', 'p1'] },
    );
    expect(await pushOk(server.app, token, { statements })).toEqual(statusesOf(statements, 'stored'));
    expect(await attemptRow(statements.at(-1)?.id)).toEqual({
      passed: false,
      server_scaled: 0.5,
      flagged: false,
      items: [
        { questionId: 'p3', correct: false },
        { questionId: 'p1', correct: true },
      ],
    });
  });

  it('refuses a draw with a question not in the pool, the wrong count, a repeat, or no list at all', async () => {
    const records = await newCourse({ pool: true });
    const answers = { p1: ['true'], p3: ['true'] };
    for (const questions of [['p1', 'zz'], ['p1'], ['p1', 'p3', 'p2'], ['p1', 'p1']]) {
      expect(await rejection(records.attempt('post-test', answers, { questions }))).toMatchObject({
        status: 'rejected',
        code: 'invalid_draw',
      });
    }
    const [outcome] = records.attempt('post-test', answers, { questions: ['p1', 'p3'] }).slice(-1);
    const extensions = { ...outcome?.result?.extensions };
    delete extensions['https://lentera.id/xapi/extensions/questions'];
    const unnamed = { ...outcome, result: { ...outcome?.result, extensions } };
    expect(await rejection([unnamed as { id: string }])).toMatchObject({ status: 'rejected', code: 'invalid_draw' });
    const rows = await server.db.query('SELECT 1 FROM quiz_attempts WHERE user_id = $1 AND course_id = $2', [
      learner.id,
      `asesmen-${courses}`,
    ]);
    expect(rows).toEqual([]);
  });

  it("scores but flags a draw that skipped a lesson's share (both items from lesson 1)", async () => {
    const records = await newCourse({ pool: true });
    const statements = records.attempt('post-test', { p1: ['true'], p2: ['false'] }, { questions: ['p1', 'p2'] });
    await pushOk(server.app, token, { statements });
    expect(await attemptRow(statements.at(-1)?.id)).toMatchObject({ passed: true, server_scaled: 1, flagged: true });
  });

  describe('remedial grants', () => {
    const grant = (sessionToken: string, body: unknown) =>
      server.app.request('/api/admin/attempt-grants', {
        method: 'POST',
        headers: { ...bearer(sessionToken), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('an admin grants extra post-test attempts with a reason; the phone and the list show them', async () => {
      const records = await newCourse({ preTest: true });
      const courseId = `asesmen-${courses}`;
      await pushOk(server.app, token, { statements: records.attempt('post-test', FIXTURE_ANSWERS.wrong) });
      const admin = (await login(server.app, 'admin')).token;
      const body = { userId: learner.id, courseId, quizId: 'post-test', extra: 1, reason: '  Sakit saat post-test  ' };
      const first = await grant(admin, body);
      expect(first.status).toBe(201);
      expect((await first.json()) as AttemptGrant).toMatchObject({
        userId: learner.id,
        courseId,
        quizId: 'post-test',
        extra: 1,
        reason: 'Sakit saat post-test',
        grantedBy: expect.any(String),
      });
      expect((await grant(admin, { ...body, extra: 2, reason: 'Remedial setelah pendampingan' })).status).toBe(201);

      const pulled = await getJson<ProgressPullResponse>(server.app, token, '/api/sync/progress');
      expect(pulled.grants).toContainEqual({ courseId, quizId: 'post-test', extra: 3 });
      const { attempts } = await getJson<AdminAttemptsPage>(
        server.app,
        admin,
        `/api/admin/attempts?courseId=${courseId}`,
      );
      expect(attempts[0]?.grants).toEqual([
        { extra: 1, reason: 'Sakit saat post-test' },
        { extra: 2, reason: 'Remedial setelah pendampingan' },
      ]);
      const log = await getJson<AttemptGrantsPage>(server.app, admin, `/api/admin/attempt-grants?courseId=${courseId}`);
      expect(log.grants.map((entry) => entry.reason)).toEqual([
        'Remedial setelah pendampingan',
        'Sakit saat post-test',
      ]);
    });

    it("an attempt beyond the limit is kept, never credited; a remedial grant raises the server's limit", async () => {
      const admin = (await login(server.app, 'admin')).token;
      const studyAndFail = async () => {
        const records = await newCourse({});
        const courseId = `asesmen-${courses}`;
        const at = (minute: number) => ({ at: new Date(Date.UTC(2026, 10, 1, 8, minute)) });
        await pushOk(server.app, token, {
          statements: [
            records.experienced('pengantar'),
            records.experienced('nilai-dasar'),
            ...[1, 2, 3].flatMap((minute) => records.attempt('post-test', FIXTURE_ANSWERS.wrong, at(minute))),
          ],
        });
        return { records, courseId, fourth: records.attempt('post-test', FIXTURE_ANSWERS.right, at(4)) };
      };
      const completed = async (courseId: string) =>
        (await getJson<ProgressPullResponse>(server.app, token, '/api/sync/progress')).completions.some(
          (completion) => completion.courseId === courseId,
        );

      const plain = await studyAndFail();
      await pushOk(server.app, token, { statements: plain.fourth });
      expect(await attemptRow(plain.fourth.at(-1)?.id)).toMatchObject({ passed: true, flagged: true });
      expect(await completed(plain.courseId)).toBe(false);

      const remedial = await studyAndFail();
      const grant = await server.app.request('/api/admin/attempt-grants', {
        method: 'POST',
        headers: { ...bearer(admin), 'content-type': 'application/json' },
        body: JSON.stringify({
          userId: learner.id,
          courseId: remedial.courseId,
          quizId: 'post-test',
          extra: 1,
          reason: 'Remedial setelah pendampingan',
        }),
      });
      expect(grant.status).toBe(201);
      await pushOk(server.app, token, { statements: remedial.fourth });
      expect(await attemptRow(remedial.fourth.at(-1)?.id)).toMatchObject({ passed: true, flagged: false });
      expect(await completed(remedial.courseId)).toBe(true);
    });

    it('refuses a pre-test, unknown quiz, no reason, too many, a learner, an OPD admin of another OPD', async () => {
      await newCourse({ preTest: true });
      const courseId = `asesmen-${courses}`;
      const admin = (await login(server.app, 'admin')).token;
      const body = { userId: learner.id, courseId, quizId: 'post-test', extra: 1, reason: 'Remedial resmi' };
      expect((await grant(admin, { ...body, quizId: 'pre-test' })).status).toBe(400);
      expect((await grant(admin, { ...body, quizId: 'tidak-ada' })).status).toBe(404);
      expect((await grant(admin, { ...body, reason: '   ' })).status).toBe(400);
      expect((await grant(admin, { ...body, extra: 6 })).status).toBe(400);
      expect((await grant(admin, { ...body, extra: 1.5 })).status).toBe(400);
      expect((await grant(token, body)).status).toBe(403);
      const otherOpd = await login(server.app, 'otherOpd');
      const opdAdmin = (await login(server.app, 'opdAdmin')).token;
      // Siti is in the OPD admin's OPD; the other learner is not, and is not even confirmed to exist.
      expect((await grant(opdAdmin, body)).status).toBe(201);
      expect((await grant(opdAdmin, { ...body, userId: otherOpd.user.id })).status).toBe(404);
      const seen = await getJson<AttemptGrantsPage>(server.app, opdAdmin, '/api/admin/attempt-grants');
      expect(seen.grants.every((entry) => entry.userId === learner.id)).toBe(true);
    });
  });

  describe('course analysis and comments', () => {
    it('gain, item statistics and the reaction index over the learners an admin manages, and by OPD', async () => {
      const bundle = buildBundle({ id: `asesmen-${++courses}`, preTest: true });
      await publishBundle(server, bundle.zip);
      await inUseSince(server.db);
      const courseId = bundle.manifest.id;
      const other = await login(server.app, 'otherOpd');
      // Siti (Disdukcapil): pre 0 → post 1, g = 1. The other OPD's learner: pre 1 → post 1, no g (perfect pre-test).
      const siti = learnerRecords(learner, bundle);
      await pushOk(server.app, token, {
        statements: [
          ...siti.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at: new Date('2026-11-01T08:00:00Z') }),
          ...siti.attempt('post-test', FIXTURE_ANSWERS.right, { at: new Date('2026-11-02T08:00:00Z') }),
          // A retake does not count: the first post-test attempt does.
          ...siti.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: new Date('2026-11-03T08:00:00Z') }),
          ...siti.feedback(
            { relevance: 5, difficulty: 5, clarity: 4, usefulness: 5 },
            'Contoh kasusnya sangat membantu',
          ),
        ],
      });
      const andi = learnerRecords(other.user, bundle);
      await pushOk(server.app, other.token, {
        statements: [
          ...andi.attempt('pre-test', FIXTURE_ANSWERS.right),
          ...andi.attempt('post-test', FIXTURE_ANSWERS.right),
          ...andi.feedback({ relevance: 3, difficulty: 3, clarity: 4, usefulness: 3 }, 'Materi kedua terlalu panjang'),
        ],
      });
      const admin = (await login(server.app, 'admin')).token;
      const path = `/api/admin/analysis/courses/${courseId}`;
      const all = await getJson<CourseAnalysis>(server.app, admin, path);
      expect(all.gain).toEqual({
        learners: 2,
        meanPre: 0.5,
        meanPost: 1,
        meanGain: 0.5,
        meanNormalizedGain: 1,
        gainLearners: 1,
        bands: { high: 1, medium: 0, low: 0 },
      });
      expect(all.items).toEqual([
        expect.objectContaining({ kind: 'pre', questionId: 'q1', answered: 2, difficulty: 0.5, discrimination: 1 }),
        expect.objectContaining({ kind: 'post', questionId: 'q1', answered: 2, difficulty: 1, flag: null }),
      ]);
      // (5+3)/2 = 4, (4+4)/2 = 4, (5+3)/2 = 4 → 4 / 5 × 100 = 80, "Baik"; difficulty 5 and 3: half
      // "too difficult", not flagged from two ratings (MIN_DIFFICULTY_RATINGS).
      expect(all.reaction).toMatchObject({
        index: 80,
        predicate: 'Baik',
        difficulty: { tooDifficultShare: 0.5, flagged: false },
      });

      const opdAdmin = (await login(server.app, 'opdAdmin')).token;
      const own = await getJson<CourseAnalysis>(server.app, opdAdmin, path);
      expect(own.gain).toMatchObject({ learners: 1, meanPre: 0, meanPost: 1 });
      expect(own.reaction.index).toBe(93.33); // Siti alone: (5 + 4 + 5) / 3 / 5 × 100
      const byOpd = await getJson<CourseAnalysis>(
        server.app,
        admin,
        `${path}?opd=${encodeURIComponent(other.user.opd)}`,
      );
      expect(byOpd.gain).toMatchObject({ learners: 1, meanPre: 1, gainLearners: 0 });
      // An OPD admin asking for another OPD gets nobody, not that OPD.
      const leak = await getJson<CourseAnalysis>(
        server.app,
        opdAdmin,
        `${path}?opd=${encodeURIComponent(other.user.opd)}`,
      );
      expect(leak.gain.learners).toBe(0);
      expect((await server.app.request(path, { headers: bearer(token) })).status).toBe(403);
      expect(
        (await server.app.request('/api/admin/analysis/courses/tidak-ada', { headers: bearer(admin) })).status,
      ).toBe(404);
      expect((await server.app.request(`${path}?jenisJabatan=Raja`, { headers: bearer(admin) })).status).toBe(400);

      const comments = await getJson<FeedbackCommentsPage>(
        server.app,
        admin,
        `/api/admin/feedback/comments?courseId=${courseId}`,
      );
      expect(comments.comments.map((entry) => entry.comment).sort()).toEqual([
        'Contoh kasusnya sangat membantu',
        'Materi kedua terlalu panjang',
      ]);
      const ownComments = await getJson<FeedbackCommentsPage>(
        server.app,
        opdAdmin,
        `/api/admin/feedback/comments?courseId=${courseId}`,
      );
      expect(ownComments.comments.map((entry) => entry.comment)).toEqual(['Contoh kasusnya sangat membantu']);
      // The comments export is a people export: it carries the NIP (issue 12.8).
      expect(ownComments.comments[0]?.nip).toMatch(/^\d{18}$/);
      expect((await server.app.request('/api/admin/feedback/comments', { headers: bearer(token) })).status).toBe(403);
    });

    it('pages through comments, newest first, without repeats', async () => {
      const bundle = buildBundle({ id: `asesmen-${++courses}` });
      await publishBundle(server, bundle.zip);
      // 105 learners' comments (each learner's latest comment is the one kept, so one each).
      for (let n = 0; n < 105; n++) {
        const person = await insertUser(
          server.db,
          completeRecord({
            nip: `19900101202201${1001 + n}`,
            name: `Peserta ${n}`,
            unit: 'Bappeda',
            role: 'learner',
            password: '',
          }),
          'learner',
          { passwordHash: null, mustChangePassword: false },
        );
        await server.db.query(
          `INSERT INTO feedback_comments (statement_id, feedback_id, user_id, course_id, lesson_id, comment, at)
           VALUES (gen_random_uuid(), gen_random_uuid(), $1, $2, NULL, $3, $4)`,
          [person.id, bundle.manifest.id, `Komentar ${n}`, new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString()],
        );
      }
      const admin = (await login(server.app, 'admin')).token;
      const base = `/api/admin/feedback/comments?courseId=${bundle.manifest.id}`;
      const first = await getJson<FeedbackCommentsPage>(server.app, admin, base);
      expect(first.comments).toHaveLength(100);
      expect(first.comments[0]?.comment).toBe('Komentar 104');
      const second = await getJson<FeedbackCommentsPage>(server.app, admin, `${base}&after=${first.next}`);
      expect(second.comments.map((entry) => entry.comment)).toEqual([4, 3, 2, 1, 0].map((n) => `Komentar ${n}`));
      expect(second.next).toBeNull();
    });
  });
});
