import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import type { SyncPushResponse } from '../../../src/shared/protocol';
import type { CourseAnalysis, FeedbackCommentsPage } from '../../../src/shared/protocol/analysis';
import type { CourseReport } from '../../../src/shared/protocol/reports';
import { buildBundle, FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { inUseSince, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, push, pushOk, SETUP_TIMEOUT_MS } from '../sync-kit';

/**
 * A course's evaluation results (the reaction index, "terlalu sulit") count each learner once,
 * and only learners who started the course (second security review, M1: one learner who never
 * took a course pushed 90 evaluations and sank its index to "Tidak Baik").
 */
describe.each(backends)('course evaluations count once per learner, $name', (backend) => {
  let server: TestServer;
  let courses = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  const good = { relevance: 5, difficulty: 3, clarity: 5, usefulness: 5 } as const;
  const spite = { relevance: 1, difficulty: 5, clarity: 1, usefulness: 1 } as const;
  const minutesAfter = (n: number) => new Date(Date.UTC(2026, 10, 2, 8, n));

  async function newCourse() {
    const bundle = buildBundle({ id: `evaluasi-${++courses}` });
    await publishBundle(server, bundle.zip);
    // The evaluations below are dated November 2026: accounts and course older than that.
    await inUseSince(server.db);
    const admin = (await login(server.app, 'admin')).token;
    const analysis = () =>
      getJson<CourseAnalysis>(server.app, admin, `/api/admin/analysis/courses/${bundle.manifest.id}`);
    const report = async () =>
      (await getJson<{ courses: CourseReport[] }>(server.app, admin, '/api/admin/reports/courses')).courses.find(
        (course) => course.courseId === bundle.manifest.id,
      );
    const comments = async () =>
      (
        await getJson<FeedbackCommentsPage>(
          server.app,
          admin,
          `/api/admin/feedback/comments?courseId=${bundle.manifest.id}`,
        )
      ).comments.map((entry) => entry.comment);
    return { bundle, analysis, report, comments };
  }

  /** Siti took the course and rated it well: the honest baseline. */
  async function honestLearner(bundle: ReturnType<typeof buildBundle>) {
    const { token, user } = await login(server.app, 'learner');
    const siti = learnerRecords(user, bundle);
    await pushOk(server.app, token, {
      statements: [
        siti.experienced('pengantar', minutesAfter(0)),
        ...siti.attempt('post-test', FIXTURE_ANSWERS.right, { at: minutesAfter(1) }),
        ...siti.feedback(good, 'Sangat membantu', { at: minutesAfter(2) }),
      ],
    });
  }

  it('someone who never started the course is refused per record; the index stays as learners left it', async () => {
    const { bundle, analysis, report, comments } = await newCourse();
    await honestLearner(bundle);
    const before = await analysis();
    expect(before.reaction.index).toBe(100);

    const rudi = await login(server.app, 'otherOpd');
    const spam = learnerRecords(rudi.user, bundle);
    const statements = Array.from({ length: 90 }, (_, n) => spam.feedback(spite, `spam ${n}`)).flat();
    const response = await push(server.app, rudi.token, { statements });
    // Never the whole push: each evaluation alone, with a code the phone explains.
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results).toHaveLength(450);
    expect(new Set(results.map((result) => `${result.status}:${result.code}`))).toEqual(
      new Set(['rejected:not_started']),
    );

    const after = await analysis();
    expect(after.reaction).toEqual(before.reaction);
    expect((await report())?.feedback.relevance).toEqual([0, 0, 0, 0, 1]);
    expect(await comments()).toEqual(['Sangat membantu']);
    // Refused records are not kept, so "Kirim ulang" can deliver them once the learner started.
    const kept = await server.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM statements WHERE id = ANY($1::uuid[])',
      [statements.map((statement) => statement.id)],
    );
    expect(kept[0]?.count).toBe(0);
  });

  it('a started learner counts once: the latest evaluation replaces the earlier, in any order of arrival', async () => {
    const { bundle, analysis, report, comments } = await newCourse();
    await honestLearner(bundle);
    const rudi = await login(server.app, 'otherOpd');
    const records = learnerRecords(rudi.user, bundle);
    // A lesson opened (a progress record) travels with the evaluations: that is a start.
    const opened = records.progress({
      lessonId: 'pengantar',
      openedAt: minutesAfter(0).toISOString(),
      completedAt: null,
      position: 0.2,
    });
    const spam = Array.from({ length: 90 }, (_, n) => records.feedback(spite, `spam ${n}`, { at: minutesAfter(n) }));
    const statuses = await pushOk(server.app, rudi.token, { statements: spam.flat(), progress: [opened] });
    // Every statement is kept as the record…
    expect(Object.values(statuses).filter((status) => status === 'stored')).toHaveLength(451);
    // …but the course's results count Rudi once, beside Siti: (5+1)/2, (5+1)/2, (5+1)/2 → 3 / 5 × 100.
    const spammed = await analysis();
    expect(spammed.reaction.index).toBe(60);
    expect(spammed.reaction.items.map((item) => item.count)).toEqual([2, 2, 2]);
    expect(spammed.reaction.difficulty).toMatchObject({ ratings: 2, tooDifficultShare: 0.5 });
    expect((await report())?.feedback.relevance).toEqual([1, 0, 0, 0, 1]);
    expect((await comments()).sort()).toEqual(['Sangat membantu', 'spam 89']);

    // An older evaluation arriving late (a second phone) changes nothing; a newer one replaces.
    await pushOk(server.app, rudi.token, { statements: records.feedback(good, 'lama', { at: minutesAfter(-5) }) });
    expect((await analysis()).reaction.index).toBe(60);
    await pushOk(server.app, rudi.token, {
      statements: records.feedback(good, 'Setelah dipikir, bagus', { at: minutesAfter(200) }),
    });
    const revised = await analysis();
    expect(revised.reaction.index).toBe(100);
    expect(revised.reaction.difficulty).toMatchObject({ ratings: 2, tooDifficultShare: 0 });
    expect((await comments()).sort()).toEqual(['Sangat membantu', 'Setelah dipikir, bagus']);

    // A lesson's evaluation is its own, beside the course's: Rudi's lesson rating counts once more.
    await pushOk(server.app, rudi.token, {
      statements: [
        ...records.feedback(spite, '', { lessonId: 'pengantar', at: minutesAfter(300) }),
        ...records.feedback(spite, '', { lessonId: 'pengantar', at: minutesAfter(301) }),
      ],
    });
    expect((await analysis()).reaction.items.map((item) => item.count)).toEqual([3, 3, 3]);
  });

  it('a comment the report cannot show as written is refused alone, with its own code; its ratings count', async () => {
    const { bundle, analysis, comments } = await newCourse();
    const { token, user } = await login(server.app, 'otherOpd');
    const records = learnerRecords(user, bundle);
    await pushOk(server.app, token, { statements: [records.experienced('pengantar', minutesAfter(0))] });
    const longest = 'panjang '.repeat(250); // 2000 UTF-16 units: the most the phone's box takes
    const refused = ['\u200b\u2060', 'Materi \u202egnp.exe', 'x\u2066y', `${longest}!`];
    const kept = ['Baik 👨\u200d👩\u200d👧 \u200fدعاء', longest.trim()];
    const evaluations = [...refused, ...kept].map((comment, n) =>
      records.feedback(good, comment, { lessonId: 'pengantar', at: minutesAfter(n + 1) }),
    );
    // Each lesson evaluation replaces the earlier: one more, on the course, keeps the first kept comment.
    evaluations.push(records.feedback(good, kept[0] as string, { at: minutesAfter(10) }));
    const response = await push(server.app, token, { statements: evaluations.flat() });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    const byId = new Map(results.map((result) => [result.id, result]));
    for (const [n, evaluation] of evaluations.entries()) {
      const [ratings, comment] = [evaluation.slice(0, 4), evaluation[4]];
      for (const rating of ratings) expect(byId.get(rating.id)?.status).toBe('stored');
      expect(byId.get(comment?.id ?? '')).toMatchObject(
        n < refused.length ? { status: 'rejected', code: 'invalid_comment' } : { status: 'stored' },
      );
    }
    expect((await comments()).sort()).toEqual([...kept].sort());
    expect((await analysis()).reaction.index).toBe(100);
  });

  it('the comments report shows a comment stored before the rule without its bidi controls', async () => {
    const { bundle, comments } = await newCourse();
    await honestLearner(bundle);
    // As a server before the rule stored it: the statement's comment, bidi override and all.
    await server.db.query(`UPDATE feedback_comments SET comment = $2 WHERE course_id = $1`, [
      bundle.manifest.id,
      'Lihat \u202egnp.exe\u202c dan \u2066isolat\u2069 \u200fدعاء',
    ]);
    expect(await comments()).toEqual(['Lihat gnp.exe dan isolat \u200fدعاء']);
  });

  it('a learner whose only start is a quiz attempt may evaluate', async () => {
    const { bundle, analysis } = await newCourse();
    const { token, user } = await login(server.app, 'otherOpd');
    const records = learnerRecords(user, bundle);
    await pushOk(server.app, token, { statements: records.attempt('post-test', FIXTURE_ANSWERS.wrong) });
    const statuses = await pushOk(server.app, token, { statements: records.feedback(spite, '') });
    expect(new Set(Object.values(statuses))).toEqual(new Set(['stored']));
    expect((await analysis()).reaction.index).toBe(20);
  });
});
