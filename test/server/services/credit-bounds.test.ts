import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { publishVersion, uploadBundle } from '../../../src/server/services/publishing';
import type { LoginResponse, SyncPushResponse } from '../../../src/shared/protocol';
import type { LearnerRecordResponse } from '../../../src/shared/protocol/record';
import type { Statement } from '../../../src/shared/xapi/statement';
import { buildBundle, FIXTURE_ANSWERS, type BuiltBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer, login, startTestServer, type TestServer } from '../harness';
import { getJson, learnerRecords, push, SETUP_TIMEOUT_MS, signInNewLearner } from '../sync-kit';

/**
 * What a learner can be credited for (README "The record"): only versions a learner could hold
 * (published at some time, never a draft), each by its own requirements, and nothing dated
 * before the learner's account or the version's first publication.
 */
describe.each(backends)('what a learner can be credited for, on $name', (backend) => {
  let server: TestServer;
  let adminToken: string;
  let learners = 0;

  beforeAll(async () => {
    server = await startTestServer(backend);
    adminToken = (await login(server.app, 'admin')).token;
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
  });

  /** A new learner (valid NIPs, appointed Feb 2016, numbered); `signInNewLearner` dates the account 2020. */
  const newLearner = (): Promise<LoginResponse> =>
    signInNewLearner(server, `199001012016021${String(++learners).padStart(3, '0')}`, `Peserta ${learners}`);

  /** Both lessons studied and the post-test passed, at `at`. */
  function wholeCourse(learner: LoginResponse, bundle: BuiltBundle, at = new Date()): Statement[] {
    const records = learnerRecords(learner.user, bundle);
    return [
      records.experienced('pengantar', at),
      records.experienced('nilai-dasar', at),
      ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
    ];
  }

  async function pushed(token: string, body: Parameters<typeof push>[2]): Promise<SyncPushResponse['results']> {
    const response = await push(server.app, token, body);
    expect(response.status).toBe(200);
    return ((await response.json()) as SyncPushResponse).results;
  }

  const ledger = (token: string) => getJson<LearnerRecordResponse>(server.app, token, '/api/me/record');
  const completion = async (userId: string, courseId: string) =>
    (
      await server.db.query<{ course_version: string; jp: number }>(
        'SELECT course_version, jp::float8 AS jp FROM course_completions WHERE user_id = $1 AND course_id = $2',
        [userId, courseId],
      )
    )[0];
  const publishedSince = (courseId: string, at: string) =>
    server.db.query('UPDATE publish_events SET at = $2 WHERE course_id = $1', [courseId, at]);
  const accountSince = (userId: string, at: string) =>
    server.db.query('UPDATE users SET created_at = $2 WHERE id = $1', [userId, at]);

  describe('only versions a learner could hold', () => {
    it('a draft (uploaded, never published) credits nobody, and what is said about it is refused', async () => {
      const published = buildBundle({ id: 'draf-kredit' });
      await publishBundle(server, published.zip);
      // The security review's draft: one lesson, no post-test, 40 JP, never published.
      const draft = buildBundle({
        id: 'draf-kredit',
        version: '1.1.0',
        editManifest: (manifest) => ({
          ...manifest,
          jp: 40,
          lessons: manifest.lessons.slice(0, 1),
          quizzes: [],
        }),
      });
      await uploadBundle(server, draft.zip, { uploadedBy: null });
      const hendra = await newLearner();

      // Hendra studies the first lesson of the published version only.
      const [studied] = wholeCourse(hendra, published);
      expect(await pushed(hendra.token, { statements: [studied!] })).toEqual([{ id: studied!.id, status: 'stored' }]);
      expect(await completion(hendra.user.id, 'draf-kredit')).toBeUndefined();
      expect((await ledger(hendra.token)).entries).toEqual([]);

      // A phone (or an admin trying the draft) saying it studied the draft is refused, alone.
      const aboutDraft = learnerRecords(hendra.user, draft).experienced('pengantar');
      expect(await pushed(hendra.token, { statements: [aboutDraft] })).toEqual([
        { id: aboutDraft.id, status: 'rejected', code: 'unknown_course_version', reason: expect.any(String) },
      ]);
      expect(await completion(hendra.user.id, 'draf-kredit')).toBeUndefined();
    });

    it('a version published and then rolled back still counts for the phones that hold it', async () => {
      await publishBundle(server, buildBundle({ id: 'tarik-kembali' }).zip);
      const newer = buildBundle({
        id: 'tarik-kembali',
        version: '1.1.0',
        lessonText: 'Versi baru.',
        editManifest: (manifest) => ({ ...manifest, jp: 3 }),
      });
      await publishBundle(server, newer.zip);
      expect((await publishVersion(server.db, 'tarik-kembali', '1.0.0', null)).ok).toBe(true);
      const learner = await newLearner();

      await pushed(learner.token, { statements: wholeCourse(learner, newer) });
      expect(await completion(learner.user.id, 'tarik-kembali')).toEqual({ course_version: '1.1.0', jp: 3 });
    });

    it('the version published on a database from before the publish log still counts', async () => {
      const bundle = buildBundle({ id: 'tanpa-log' });
      await publishBundle(server, bundle.zip);
      await server.db.query("DELETE FROM publish_events WHERE course_id = 'tanpa-log'");
      const learner = await newLearner();

      await pushed(learner.token, { statements: wholeCourse(learner, bundle) });
      expect(await completion(learner.user.id, 'tanpa-log')).toEqual({ course_version: '1.0.0', jp: 2 });
    });

    it('a post-test counts for the version it was passed on, not for a later one with the same quiz id', async () => {
      const first = buildBundle({ id: 'versi-lulus' });
      await publishBundle(server, first.zip);
      const second = buildBundle({
        id: 'versi-lulus',
        version: '1.1.0',
        lessonText: 'Versi baru.',
        editManifest: (manifest) => ({ ...manifest, jp: 5 }),
      });
      await publishBundle(server, second.zip);
      const learner = await newLearner();

      const [firstLesson, secondLesson] = wholeCourse(learner, second);
      const passedOnFirst = learnerRecords(learner.user, first).attempt('post-test', FIXTURE_ANSWERS.right);
      await pushed(learner.token, { statements: [firstLesson!, secondLesson!, ...passedOnFirst] });
      // 1.1.0's post-test was never taken: what the learner completed is 1.0.0, at its JP.
      expect(await completion(learner.user.id, 'versi-lulus')).toEqual({ course_version: '1.0.0', jp: 2 });
    });

    it('a version whose lessons were all read before it was published counts from its publication', async () => {
      const first = buildBundle({ id: 'tanpa-tes' });
      await publishBundle(server, first.zip);
      await publishedSince('tanpa-tes', '2025-01-01T00:00:00Z');
      const learner = await newLearner();
      await accountSince(learner.user.id, '2025-01-01T00:00:00Z');
      // Both lessons read in March 2025; the post-test of 1.0.0 never passed.
      const records = learnerRecords(learner.user, first);
      const march = new Date('2025-03-01T03:00:00Z');
      await pushed(learner.token, {
        statements: [records.experienced('pengantar', march), records.experienced('nilai-dasar', march)],
      });
      // 2.0.0 drops the post-test: nothing is left for this learner to do.
      const second = buildBundle({
        id: 'tanpa-tes',
        version: '2.0.0',
        lessonText: 'Tanpa tes akhir.',
        editManifest: (manifest) => ({
          ...manifest,
          jp: 4,
          quizzes: [],
        }),
      });
      await publishBundle(server, second.zip);
      await server.db.query(
        "UPDATE publish_events SET at = '2026-02-01T00:00:00Z' WHERE course_id = 'tanpa-tes' AND version = '2.0.0'",
      );
      await pushed(learner.token, {
        statements: [learnerRecords(learner.user, second).experienced('pengantar', new Date('2026-02-03T03:00:00Z'))],
      });

      const entry = (await ledger(learner.token)).entries.find((row) => row.id === 'tanpa-tes');
      // Not March 2025, before 2.0.0 existed: the day it was published.
      expect(entry).toMatchObject({ jp: 4, completedAt: '2026-02-01T00:00:00.000Z', year: 2026 });
    });
  });

  describe('nothing dated before it could have happened', () => {
    it('a completion dated before the account existed earns nothing: each record refused alone', async () => {
      const bundle = buildBundle({ id: 'mundur-akun' });
      await publishBundle(server, bundle.zip);
      await publishedSince('mundur-akun', '2018-01-01T00:00:00Z');
      const rudi = await newLearner();
      await accountSince(rudi.user.id, new Date().toISOString()); // created today, as in the review
      const at = new Date('2019-03-01T03:00:00Z');
      const records = learnerRecords(rudi.user, bundle);
      const backdated = [...wholeCourse(rudi, bundle, at), records.completed(at)];
      const progress = records.progress({
        lessonId: 'pengantar',
        openedAt: '2019-03-01T02:00:00Z',
        completedAt: '2019-03-01T03:00:00Z',
        position: 1,
      });
      const today = [records.experienced('nilai-dasar', new Date())];

      const results = await pushed(rudi.token, { statements: [...backdated, ...today], progress: [progress] });
      const refused = { status: 'rejected', code: 'before_account_created', reason: expect.any(String) };
      expect(results).toEqual([
        ...backdated.map((statement) => ({ id: statement.id, ...refused })),
        ...today.map((statement) => ({ id: statement.id, status: 'stored' })),
        { id: progress.id, ...refused },
      ]);

      const record = await ledger(rudi.token);
      expect(record.entries).toEqual([]);
      expect(record.certificates).toEqual([]);
      const siasn = await server.app.request('/api/admin/exports/siasn?year=2019&format=csv', {
        headers: bearer(adminToken),
      });
      expect(siasn.status).toBe(200);
      expect(await siasn.text()).not.toContain(rudi.user.nip);
      // Sent again (the phone's "Kirim ulang"), it is refused again, never stored.
      expect((await pushed(rudi.token, { statements: backdated.slice(0, 1) }))[0]).toMatchObject(refused);
    });

    it('a record dated before the version was first published is refused; a day behind is a phone clock', async () => {
      const bundle = buildBundle({ id: 'mundur-kursus' });
      await publishBundle(server, bundle.zip);
      await publishedSince('mundur-kursus', '2026-06-01T00:00:00Z');
      const learner = await newLearner();
      await accountSince(learner.user.id, '2018-01-01T00:00:00Z');
      const records = learnerRecords(learner.user, bundle);

      const before = records.experienced('pengantar', new Date('2019-03-01T03:00:00Z'));
      const clockBehind = records.experienced('pengantar', new Date('2026-05-31T12:00:00Z'));
      expect(await pushed(learner.token, { statements: [before, clockBehind] })).toEqual([
        { id: before.id, status: 'rejected', code: 'before_course_published', reason: expect.any(String) },
        { id: clockBehind.id, status: 'stored' },
      ]);
    });

    it('a learner offline for weeks is credited when they studied; 31 December counts for that year', async () => {
      const bundle = buildBundle({ id: 'akhir-tahun' });
      await publishBundle(server, bundle.zip);
      await publishedSince('akhir-tahun', '2025-06-01T00:00:00Z');
      const learner = await newLearner();
      await accountSince(learner.user.id, '2025-01-01T00:00:00Z');

      // 23:00 WIB on 31 December 2025, offline; synced today.
      const newYearsEve = new Date('2025-12-31T16:00:00Z');
      await pushed(learner.token, { statements: wholeCourse(learner, bundle, newYearsEve) });
      const { entries } = await ledger(learner.token);
      expect(entries).toMatchObject([{ id: 'akhir-tahun', year: 2025, completedAt: newYearsEve.toISOString() }]);
      expect(entries[0]?.certificateCode).toBeTruthy();
    });
  });
});
