import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import type { AdminAttempt, ProgressPullResponse, User } from '../../../src/shared/protocol';
import { buildBundle, FIXTURE_ANSWERS, type BundleSpec } from '../../fixtures/bundles';
import { backends } from '../backends';
import { inUseSince, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, pushOk, SETUP_TIMEOUT_MS } from '../sync-kit';

const at = (iso: string) => new Date(iso);

describe.each(backends)('records derived from pushed statements on $name', (backend) => {
  let server: TestServer;
  let learner: User;
  let token: string;
  let adminToken: string;
  let courseCount = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    ({ token, user: learner } = await login(server.app, 'learner'));
    adminToken = (await login(server.app, 'admin')).token;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  /** A fresh course per test, so each starts with no progress for it. */
  async function newCourse(spec: BundleSpec = {}) {
    const bundle = buildBundle({ id: `kursus-${++courseCount}`, ...spec });
    await publishBundle(server, bundle.zip);
    await inUseSince(server.db);
    return { bundle, records: learnerRecords(learner, bundle), courseId: bundle.manifest.id };
  }
  const pull = () => getJson<ProgressPullResponse>(server.app, token, '/api/sync/progress');
  const completionOf = async (courseId: string) =>
    (await pull()).completions.find((completion) => completion.courseId === courseId);

  it('a tampered client score is ignored: the server stores its own, flags it, the admin sees both', async () => {
    const { records, courseId } = await newCourse();
    const statements = records.attempt('post-test', FIXTURE_ANSWERS.wrong, { claim: { scaled: 1, passed: true } });
    const outcome = statements.at(-1);
    expect(outcome?.result?.score?.scaled).toBe(1);
    await pushOk(server.app, token, { statements });

    const attempt = (await pull()).attempts.find((entry) => entry.id === outcome?.id);
    expect(attempt).toEqual({
      id: outcome?.id,
      courseId,
      quizId: 'post-test',
      kind: 'post',
      scaled: 0,
      passed: false,
      flagged: true,
      overLimit: false,
      finishedAt: outcome?.timestamp,
    });
    const { attempts } = await getJson<{ attempts: AdminAttempt[] }>(
      server.app,
      adminToken,
      `/api/admin/attempts?courseId=${courseId}`,
    );
    expect(attempts).toEqual([
      {
        ...attempt,
        userId: learner.id,
        userName: learner.name,
        nip: learner.nip,
        unit: learner.unit,
        clientScaled: 1,
        grants: [],
        // The BKPSDM admin may grant this learner more tries.
        decidable: true,
      },
    ]);
  });

  it('an honest attempt is stored with the server score and not flagged', async () => {
    const { records } = await newCourse();
    const statements = records.attempt('post-test', FIXTURE_ANSWERS.right);
    await pushOk(server.app, token, { statements });
    const attempt = (await pull()).attempts.find((entry) => entry.id === statements.at(-1)?.id);
    expect(attempt).toMatchObject({ scaled: 1, passed: true, flagged: false });
  });

  it('a quiz the course version does not have is rejected with unknown_quiz', async () => {
    const { records } = await newCourse();
    const [outcome] = records.attempt('post-test', FIXTURE_ANSWERS.right).slice(-1);
    if (outcome === undefined) throw new Error('no outcome statement');
    const stray = {
      ...outcome,
      object: { ...outcome.object, id: outcome.object.id.replace('post-test', 'ujian-lain') },
    };
    expect(await pushOk(server.app, token, { statements: [stray] })).toEqual({ [outcome.id]: 'rejected' });
  });

  it.each([
    ['device A first', 'A', 'B'],
    ['device B first', 'B', 'A'],
  ])(
    'progress from two devices converges (%s): earliest opening, the completion, position 1',
    async (_name, first, second) => {
      const { records, courseId } = await newCourse();
      const fromDevice = {
        A: records.progress({
          lessonId: 'pengantar',
          openedAt: '2026-03-01T08:00:00.000Z',
          completedAt: null,
          position: 0.3,
        }),
        B: records.progress({
          lessonId: 'pengantar',
          openedAt: '2026-03-05T09:00:00.000Z',
          completedAt: '2026-03-05T09:30:00.000Z',
          position: 1,
        }),
      };
      await pushOk(server.app, token, { progress: [fromDevice[first as 'A' | 'B']] });
      await pushOk(server.app, token, { progress: [fromDevice[second as 'A' | 'B']] });
      const lesson = (await pull()).lessons.find(
        (entry) => entry.courseId === courseId && entry.lessonId === 'pengantar',
      );
      expect(lesson).toEqual({
        courseId,
        lessonId: 'pengantar',
        openedAt: '2026-03-01T08:00:00.000Z',
        completedAt: '2026-03-05T09:30:00.000Z',
        position: 1,
      });
    },
  );

  it('an experienced statement completes its lesson at the statement time; an earlier completion is kept', async () => {
    const { records, courseId } = await newCourse();
    await pushOk(server.app, token, { statements: [records.experienced('pengantar', at('2026-04-02T10:00:00Z'))] });
    await pushOk(server.app, token, {
      statements: [
        records.experienced('pengantar', at('2026-04-01T10:00:00Z')),
        records.experienced('pengantar', at('2026-04-03T10:00:00Z')),
      ],
    });
    const lesson = (await pull()).lessons.find((entry) => entry.courseId === courseId);
    expect(lesson).toEqual({
      courseId,
      lessonId: 'pengantar',
      openedAt: '2026-04-01T10:00:00.000Z',
      completedAt: '2026-04-01T10:00:00.000Z',
      position: 1,
    });
  });

  it('completion and JP are credited only when every lesson is experienced and the server scores a pass', async () => {
    const { records, courseId } = await newCourse();
    const claimed = records.completed(at('2026-05-01T08:00:00Z'));
    expect(await pushOk(server.app, token, { statements: [claimed] })).toEqual({ [claimed.id]: 'stored' });
    expect(await completionOf(courseId)).toBeUndefined(); // the phone saying "completed" credits nothing

    await pushOk(server.app, token, {
      statements: [
        records.experienced('pengantar', at('2026-05-01T09:00:00Z')),
        records.experienced('nilai-dasar', at('2026-05-01T10:00:00Z')),
      ],
    });
    expect(await completionOf(courseId)).toBeUndefined(); // lessons done, no post-test yet

    const tampered = records.attempt('post-test', FIXTURE_ANSWERS.wrong, {
      at: at('2026-05-01T11:00:00Z'),
      claim: { scaled: 1, passed: true },
    });
    await pushOk(server.app, token, { statements: tampered });
    expect(await completionOf(courseId)).toBeUndefined(); // a pass the server does not confirm

    await pushOk(server.app, token, {
      statements: records.attempt('post-test', FIXTURE_ANSWERS.right, { at: at('2026-05-01T12:00:00Z') }),
    });
    expect(await completionOf(courseId)).toEqual({
      courseId,
      courseVersion: '1.0.0',
      completedAt: '2026-05-01T12:00:00.000Z',
      jp: 2,
    });

    await pushOk(server.app, token, {
      statements: records.attempt('post-test', FIXTURE_ANSWERS.right, { at: at('2026-05-02T12:00:00Z') }),
    });
    expect((await pull()).completions.filter((completion) => completion.courseId === courseId)).toHaveLength(1);
  });

  it('the completion time is when the last requirement was met, even if the lesson comes after the pass', async () => {
    const { records, courseId } = await newCourse();
    await pushOk(server.app, token, {
      statements: [
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at: at('2026-06-01T08:00:00Z') }),
        records.experienced('pengantar', at('2026-06-01T07:00:00Z')),
      ],
    });
    expect(await completionOf(courseId)).toBeUndefined();
    await pushOk(server.app, token, {
      progress: [
        records.progress({
          lessonId: 'nilai-dasar',
          openedAt: '2026-06-02T08:00:00Z',
          completedAt: '2026-06-02T09:00:00Z',
          position: 1,
        }),
      ],
    });
    expect(await completionOf(courseId)).toMatchObject({ completedAt: '2026-06-02T09:00:00.000Z', jp: 2 });
  });

  it('a learner of an older version completes that version, with its JP, while a newer one is published', async () => {
    const old = await newCourse({ id: 'berversi' });
    const title = { id: 'Penutup', en: 'Closing' };
    const closing = {
      id: 'penutup',
      title,
      body: { id: [{ t: 'p', c: [{ t: 'text', v: 'Selesai.' }] }], en: [{ t: 'p', c: [{ t: 'text', v: 'Done.' }] }] },
    };
    const newer = buildBundle({
      id: 'berversi',
      version: '1.1.0',
      replaceFiles: { 'lessons/penutup.json': JSON.stringify(closing) },
      editManifest: (manifest) => ({
        ...manifest,
        jp: 3,
        lessons: [...manifest.lessons, { id: 'penutup', title, file: 'lessons/penutup.json', minutes: 5 }],
      }),
    });
    await publishBundle(server, newer.zip);
    await inUseSince(server.db);
    await pushOk(server.app, token, {
      statements: [
        old.records.experienced('pengantar'),
        old.records.experienced('nilai-dasar'),
        ...old.records.attempt('post-test', FIXTURE_ANSWERS.right),
      ],
    });
    expect(await completionOf('berversi')).toMatchObject({ courseVersion: '1.0.0', jp: 2 });
  });

  it('feedback becomes a rating per item and a comment, tied by feedback id; a rating outside 1–5 fails', async () => {
    const { records, courseId } = await newCourse();
    const statements = records.feedback(
      { relevance: 5, difficulty: 4, clarity: 3, usefulness: 5 },
      '  Contoh kasusnya kurang.  ',
      { lessonId: 'pengantar' },
    );
    const outOfScale = {
      ...records.feedback({ relevance: 1, difficulty: 1, clarity: 1, usefulness: 1 }, '')[0]!,
      result: { response: '7' },
    };
    // The lesson studied first: the server takes evaluations from learners who started the course.
    const statuses = await pushOk(server.app, token, {
      statements: [records.experienced('pengantar'), ...statements, outOfScale],
    });
    expect(statuses[outOfScale.id]).toBe('rejected');

    const ratings = await server.db.query<{ item: string; rating: number; lesson_id: string; feedback_id: string }>(
      'SELECT item, rating, lesson_id, feedback_id FROM feedback_ratings WHERE course_id = $1 ORDER BY item',
      [courseId],
    );
    const feedbackId = statements[0]?.context?.registration;
    expect(ratings).toEqual(
      [
        { item: 'clarity', rating: 3 },
        { item: 'difficulty', rating: 4 },
        { item: 'relevance', rating: 5 },
        { item: 'usefulness', rating: 5 },
      ].map((row) => ({ ...row, lesson_id: 'pengantar', feedback_id: feedbackId })),
    );
    const comments = await server.db.query(
      'SELECT comment, lesson_id, feedback_id FROM feedback_comments WHERE course_id = $1',
      [courseId],
    );
    expect(comments).toEqual([{ comment: 'Contoh kasusnya kurang.', lesson_id: 'pengantar', feedback_id: feedbackId }]);
  });
});
