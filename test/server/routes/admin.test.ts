import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import type {
  AdminAttempt,
  AdminAttemptsPage,
  LoginResponse,
  ProgressPullResponse,
} from '../../../src/shared/protocol';
import { EVERYONE } from '../../../src/server/auth/audience';
import { listAdminAttempts } from '../../../src/server/services/attempts';
import type { CourseReportsResponse } from '../../../src/shared/protocol/reports';
import { buildBundle, FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, errorCode, inUseSince, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, pushOk, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

const at = (iso: string) => new Date(iso);

describe.each(backends)('admin views of learner records on $name', (backend) => {
  let server: TestServer;
  let admin: LoginResponse;
  let siti: LoginResponse;
  let budi: LoginResponse;
  let dewi: LoginResponse;
  const bundle = buildBundle({ id: 'laporan', preTest: true });

  /**
   * Siti: pre-test 0, post-test 1, both lessons → completed; finds it easy (difficulty 2).
   * Budi: pre-test 1, post-test 0 then 1, no lessons → not completed; finds it hard (difficulty 5).
   * Dewi: opened a lesson, nothing else.
   */
  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    [admin, siti] = [await login(server.app, 'admin'), await login(server.app, 'learner')];
    budi = await signInNewLearner(server, '199102022016031002', 'Budi Santoso');
    dewi = await signInNewLearner(server, '199203032017042003', 'Dewi Lestari');
    await inUseSince(server.db);

    const sitis = learnerRecords(siti.user, bundle);
    await pushOk(server.app, siti.token, {
      statements: [
        ...sitis.attempt('pre-test', FIXTURE_ANSWERS.wrong, { at: at('2026-07-01T08:00:00Z') }),
        sitis.experienced('pengantar', at('2026-07-01T09:00:00Z')),
        sitis.experienced('nilai-dasar', at('2026-07-01T10:00:00Z')),
        ...sitis.attempt('post-test', FIXTURE_ANSWERS.right, { at: at('2026-07-01T11:00:00Z') }),
        ...sitis.feedback({ relevance: 5, difficulty: 2, clarity: 4, usefulness: 5 }, 'Jelas'),
      ],
    });
    const budis = learnerRecords(budi.user, bundle);
    await pushOk(server.app, budi.token, {
      statements: [
        ...budis.attempt('pre-test', FIXTURE_ANSWERS.right, { at: at('2026-07-02T08:00:00Z') }),
        ...budis.attempt('post-test', FIXTURE_ANSWERS.wrong, { at: at('2026-07-02T09:00:00Z') }),
        ...budis.attempt('post-test', FIXTURE_ANSWERS.right, { at: at('2026-07-02T10:00:00Z') }),
        ...budis.feedback({ relevance: 4, difficulty: 5, clarity: 2, usefulness: 4 }, ''),
      ],
    });
    const dewis = learnerRecords(dewi.user, bundle);
    await pushOk(server.app, dewi.token, {
      progress: [
        dewis.progress({ lessonId: 'pengantar', openedAt: '2026-07-03T08:00:00Z', completedAt: null, position: 0.2 }),
      ],
    });
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const get = (token: string, path: string) => server.app.request(path, { headers: bearer(token) });

  it.each(['/api/admin/attempts', '/api/admin/conflicts', '/api/admin/reports/courses'])(
    'a learner on %s gets 403, no token 401',
    async (path) => {
      const response = await get(siti.token, path);
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
      expect((await server.app.request(path)).status).toBe(401);
    },
  );

  it('attempts are listed newest first with the learner, the server score and the phone claim', async () => {
    const { attempts } = await getJson<{ attempts: AdminAttempt[] }>(
      server.app,
      admin.token,
      '/api/admin/attempts?courseId=laporan',
    );
    expect(attempts.map((attempt) => [attempt.userName, attempt.quizId, attempt.scaled, attempt.finishedAt])).toEqual([
      ['Budi Santoso', 'post-test', 1, '2026-07-02T10:00:00.000Z'],
      ['Budi Santoso', 'post-test', 0, '2026-07-02T09:00:00.000Z'],
      ['Budi Santoso', 'pre-test', 1, '2026-07-02T08:00:00.000Z'],
      ['Siti Rahmawati', 'post-test', 1, '2026-07-01T11:00:00.000Z'],
      ['Siti Rahmawati', 'pre-test', 0, '2026-07-01T08:00:00.000Z'],
    ]);
    expect(attempts[0]).toMatchObject({
      userId: budi.user.id,
      unit: 'Bappeda',
      kind: 'post',
      passed: true,
      flagged: false,
      clientScaled: 1,
    });
  });

  it('attempts come a page at a time, each page after the last one seen, none twice or missed', async () => {
    const all = (await listAdminAttempts(server.db, EVERYONE, EVERYONE, { courseId: 'laporan' })).attempts.map(
      (attempt) => attempt.id,
    );
    const paged: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await listAdminAttempts(
        server.db,
        EVERYONE,
        EVERYONE,
        { courseId: 'laporan', ...(after ? { after } : {}) },
        2,
      );
      paged.push(...page.attempts.map((attempt) => attempt.id));
      if (page.next === null) break;
      expect(page.attempts).toHaveLength(2);
      after = page.next;
    }
    expect(paged).toEqual(all);
    expect(all).toHaveLength(5);

    const { next } = await getJson<AdminAttemptsPage>(
      server.app,
      admin.token,
      `/api/admin/attempts?courseId=laporan&after=${all[3]}`,
    );
    expect(next).toBeNull();
  });

  it('attempts can be narrowed to one learner', async () => {
    const { attempts } = await getJson<{ attempts: AdminAttempt[] }>(
      server.app,
      admin.token,
      `/api/admin/attempts?userId=${siti.user.id}`,
    );
    expect(new Set(attempts.map((attempt) => attempt.userId))).toEqual(new Set([siti.user.id]));
    expect(attempts).toHaveLength(2);
  });

  it.each(['userId=siti', 'courseId=%00', 'courseId=Bukan%20Slug', 'after=halaman-2'])(
    'an attempts filter %s is 400, never 500',
    async (query) => {
      const response = await get(admin.token, `/api/admin/attempts?${query}`);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('bad_request');
    },
  );

  it('the course report counts learners, completions, scores, gain, feedback and JP from server records', async () => {
    const { courses } = await getJson<CourseReportsResponse>(server.app, admin.token, '/api/admin/reports/courses');
    expect(courses.find((course) => course.courseId === 'laporan')).toEqual({
      courseId: 'laporan',
      version: '1.0.0',
      title: bundle.manifest.title,
      jp: 2,
      enrolled: 3,
      completed: 1,
      postTest: { attempts: 3, passed: 2, passRate: 0.6667 },
      preTestAverage: 0.5,
      postTestAverage: 1,
      averageGain: 0.5,
      feedback: {
        relevance: [0, 0, 0, 1, 1],
        difficulty: [0, 1, 0, 0, 1],
        clarity: [0, 1, 0, 1, 0],
        usefulness: [0, 0, 0, 1, 1],
      },
      tooDifficultShare: 0.5,
      jpCredited: 2,
    });
  });

  it("a learner reads their own progress by user id, another learner's is 403, an admin reads anyone's", async () => {
    const own = await getJson<ProgressPullResponse>(server.app, siti.token, `/api/users/${siti.user.id}/progress`);
    // The learner's own pull says the server's time besides (the phone checks its clock by it).
    const before = Date.now();
    const { serverTime, ...pulled } = await getJson<ProgressPullResponse>(server.app, siti.token, '/api/sync/progress');
    expect(own).toEqual(pulled);
    expect(Date.parse(serverTime!)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(serverTime!)).toBeLessThanOrEqual(Date.now());
    expect(own.completions).toEqual([
      { courseId: 'laporan', courseVersion: '1.0.0', completedAt: '2026-07-01T11:00:00.000Z', jp: 2 },
    ]);

    const other = await get(budi.token, `/api/users/${siti.user.id}/progress`);
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('forbidden');

    const byAdmin = await getJson<ProgressPullResponse>(server.app, admin.token, `/api/users/${dewi.user.id}/progress`);
    expect(byAdmin).toEqual({
      lessons: [
        {
          courseId: 'laporan',
          lessonId: 'pengantar',
          openedAt: '2026-07-03T08:00:00.000Z',
          completedAt: null,
          position: 0.2,
        },
      ],
      attempts: [],
      completions: [],
      grants: [],
      held: [],
    });
    expect((await get(admin.token, '/api/users/00000000-0000-4000-8000-000000000000/progress')).status).toBe(404);
  });

  it("the progress pull answers for the caller only: another learner's attempts never appear", async () => {
    const pulled = await getJson<ProgressPullResponse>(server.app, dewi.token, '/api/sync/progress');
    expect(pulled.attempts).toEqual([]);
    expect(pulled.lessons.map((lesson) => lesson.lessonId)).toEqual(['pengantar']);
  });
});
