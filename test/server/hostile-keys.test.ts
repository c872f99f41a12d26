import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { uuidv7 } from '../../src/shared/id';
import type { SyncPushResponse, User } from '../../src/shared/protocol';
import type { CourseReportsResponse } from '../../src/shared/protocol/reports';
import { FEEDBACK_ITEMS } from '../../src/shared/xapi/build';
import type { Manifest } from '../../src/shared/schema/bundle';
import { EXTENSIONS, LENTERA_IRI } from '../../src/shared/xapi/statement';
import { buildBundle, FIXTURE_ANSWERS, FIXTURE_PATHS } from '../fixtures/bundles';
import { backends } from './backends';
import { bearer, login, postJson, startTestServer, type TestServer } from './harness';
import { learnerRecords, push, SETUP_TIMEOUT_MS } from './sync-kit';

/**
 * Issue 9.1: no string from a learner, an author or a bundle is ever a key of a plain object.
 * Every learner field that ends up as a key somewhere (answers and their option ids, xAPI
 * extension keys, feedback items, course, lesson, quiz and question ids in activity ids,
 * course versions, progress records, conflicting re-sends) carries the names that break plain
 * objects; afterwards every learner and admin route still answers normally and
 * Object.prototype is untouched.
 */
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const;

/** Sets an own, enumerable property: `object.__proto__ = …` would replace the prototype instead. */
function withKey<T extends object>(object: T, key: string, value: unknown): T {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

type JsonObject = Record<string, unknown>;
const clone = (value: object): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;
const objectAt = (value: JsonObject, key: string): JsonObject => {
  const inner = value[key];
  if (typeof inner !== 'object' || inner === null) throw new Error(`no object at ${key}`);
  return inner as JsonObject;
};

describe.each(backends)('hostile keys on $name', (backend) => {
  let server: TestServer;
  let learner: User;
  let token: string;
  let adminToken: string;
  const bundle = buildBundle({ id: 'kunci' });
  // An author's quiz whose question ids are the names Object.prototype answers to.
  const hostileQuestions = HOSTILE_KEYS.map((id) => ({
    id,
    type: 'truefalse',
    prompt: { id: `Pertanyaan ${id}`, en: `Question ${id}` },
    options: [
      { id: 'true', text: { id: 'Benar', en: 'True' } },
      { id: 'false', text: { id: 'Salah', en: 'False' } },
    ],
    answer: ['true'],
    explanation: { id: 'Penjelasan', en: 'Explanation' },
  }));
  const authorBundle = buildBundle({
    id: 'constructor',
    replaceFiles: { [FIXTURE_PATHS.quiz]: JSON.stringify({ id: 'post-test', questions: hostileQuestions }) },
    editManifest: (manifest: Manifest) => ({
      ...manifest,
      quizzes: manifest.quizzes.map((quiz) => ({ ...quiz, questionCount: hostileQuestions.length })),
    }),
  });
  const before = prototypeKeys();

  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    await publishBundle(server, authorBundle.zip);
    ({ token, user: learner } = await login(server.app, 'learner'));
    adminToken = (await login(server.app, 'admin')).token;
    // Rows stored before item names were checked stay in the table: the report must survive them.
    for (const item of HOSTILE_KEYS) {
      await server.db.query(
        `INSERT INTO feedback_ratings (statement_id, feedback_id, user_id, course_id, lesson_id, item, rating, at)
         VALUES ($1, $2, $3, 'kunci', NULL, $4, 3, now())`,
        [uuidv7(), uuidv7(), learner.id, item],
      );
    }
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
  });

  /** Every route a learner or an admin reads, with who reads it; each must answer 200. */
  const routes = () => [
    { path: '/api/courses', token },
    { path: '/api/courses/kunci', token },
    { path: '/api/courses/constructor', token },
    { path: '/api/sync/progress', token },
    { path: `/api/users/${learner.id}/progress`, token: adminToken },
    { path: '/api/me', token },
    { path: '/api/signing-key', token },
    { path: '/api/admin/attempts', token: adminToken },
    { path: `/api/admin/attempts?userId=${learner.id}&courseId=constructor`, token: adminToken },
    { path: '/api/admin/conflicts', token: adminToken },
    { path: '/api/admin/reports/courses', token: adminToken },
    { path: '/api/admin/courses', token: adminToken },
    { path: '/api/admin/people', token: adminToken },
    { path: `/api/admin/people/${learner.id}`, token: adminToken },
    { path: '/api/admin/account-events', token: adminToken },
  ];

  /** A push as a hostile phone sends it, with what the typed builders cannot express. */
  const pushRaw = (statements: object[], progress: object[]) =>
    server.app.request('/api/sync', {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ statements, progress }),
    });

  async function everyRouteAnswers(): Promise<void> {
    for (const { path, token: bearerToken } of routes()) {
      const response = await server.app.request(path, { headers: bearer(bearerToken) });
      expect(response.status, `GET ${path}`).toBe(200);
      await response.arrayBuffer();
    }
    const relogin = await postJson(server.app, '/api/auth/login', {
      nip: '199207212019032001',
      password: 'belajar-lentera',
    });
    expect(relogin.status).toBe(200);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(prototypeKeys()).toEqual(before);
  }

  it('a report over stored rows named __proto__, constructor… lists only the items the app asks', async () => {
    const response = await server.app.request('/api/admin/reports/courses', { headers: bearer(adminToken) });
    expect(response.status).toBe(200);
    const { courses } = (await response.json()) as CourseReportsResponse;
    for (const course of courses)
      expect(Object.keys(course.feedback).every((item) => FEEDBACK_ITEMS.some((known) => known === item))).toBe(true);
    await everyRouteAnswers();
  });

  it('question ids that are Object.prototype names: unanswered questions score wrong, nothing crashes', async () => {
    const records = learnerRecords(learner, authorBundle);
    // Only `toString` answered: every other question, `constructor` included, is unanswered.
    const statements = records.attempt('post-test', withKey({}, 'toString', ['true']));
    const response = await push(server.app, token, { statements });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as SyncPushResponse;
    expect(results.every((result) => result.status === 'stored')).toBe(true);
    const [attempt] = await server.db.query<{ server_scaled: number; passed: boolean }>(
      'SELECT server_scaled, passed FROM quiz_attempts WHERE course_id = $1',
      ['constructor'],
    );
    expect(attempt?.server_scaled).toBeCloseTo(1 / HOSTILE_KEYS.length, 3);
    expect(attempt?.passed).toBe(false);
    await everyRouteAnswers();
  });

  it('every learner field that becomes a key, set to a hostile name, is stored or refused alone', async () => {
    const records = learnerRecords(learner, bundle);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE_KEYS), fc.constantFrom(...HOSTILE_KEYS), async (key, other) => {
        const statements = records.attempt('post-test', FIXTURE_ANSWERS.right).map(clone);
        const attempt = statements.find((statement) => objectAt(statement, 'result').extensions !== undefined);
        if (attempt === undefined) throw new Error('no attempt statement');
        const answers = statements.filter((statement) => statement !== attempt);
        // Answers: a question id and an option id that are hostile, beside the real answer.
        withKey(objectAt(objectAt(attempt, 'result'), 'extensions')[EXTENSIONS.answers] as JsonObject, key, [other]);
        // Extension keys the server does not read.
        withKey(objectAt(objectAt(attempt, 'context'), 'extensions'), `${LENTERA_IRI}/${key}`, { [other]: 1 });
        const ratings = records.feedback({ relevance: 5, difficulty: 2, clarity: 4, usefulness: 5 }, key).map(clone);
        const [rating] = ratings;
        if (rating === undefined) throw new Error('no rating');
        // A feedback item named `key`, in the activity id and in the extension.
        const object = objectAt(rating, 'object');
        object.id = `${LENTERA_IRI}/courses/kunci/feedback/${encodeURIComponent(key)}`;
        objectAt(objectAt(rating, 'context'), 'extensions')[EXTENSIONS.feedbackItem] = key;
        // A course, a lesson and a version named `key`.
        const lesson = clone(records.experienced('pengantar'));
        objectAt(lesson, 'object').id = `${LENTERA_IRI}/courses/kunci/lessons/${encodeURIComponent(key)}`;
        const course = clone(records.experienced('pengantar'));
        objectAt(course, 'object').id = `${LENTERA_IRI}/courses/${encodeURIComponent(key)}/lessons/pengantar`;
        const version = clone(records.experienced('pengantar'));
        objectAt(objectAt(version, 'context'), 'extensions')[EXTENSIONS.courseVersion] = key;
        // A statement with a hostile top-level key (not xAPI: refused).
        const extra = withKey(clone(records.experienced('nilai-dasar')), key, { [other]: true });
        const progress = [
          {
            ...records.progress({
              lessonId: key,
              openedAt: new Date().toISOString(),
              completedAt: null,
              position: 0.5,
            }),
          },
          {
            ...records.progress({
              lessonId: 'pengantar',
              openedAt: new Date().toISOString(),
              completedAt: null,
              position: 0.5,
            }),
            courseId: key,
          },
          withKey(
            records.progress({
              lessonId: 'pengantar',
              openedAt: new Date().toISOString(),
              completedAt: null,
              position: 0.2,
            }),
            key,
            other,
          ),
        ];
        const batch = [attempt, ...answers, ...ratings, lesson, course, version, extra];
        const first = await pushRaw(batch, progress);
        expect(first.status).toBe(200);
        const { results } = (await first.json()) as SyncPushResponse;
        expect(results).toHaveLength(batch.length + progress.length);
        // The same ids again with hostile content: conflicts, kept for the admin.
        const conflicting = batch.map((statement) =>
          withKey(
            clone(statement),
            'result',
            withKey({ response: key }, 'extensions', { [`${LENTERA_IRI}/${other}`]: key }),
          ),
        );
        const second = await pushRaw(conflicting, []);
        expect(second.status).toBe(200);
        await everyRouteAnswers();
      }),
      { numRuns: 12 },
    );
    // The feedback items the phone could not have sent were refused, never counted.
    const items = await server.db.query<{ item: string }>(
      `SELECT DISTINCT item FROM feedback_ratings WHERE statement_id IN (SELECT id FROM statements
         WHERE course_id = 'kunci')`,
    );
    expect(items.map((row) => row.item).sort()).toEqual(['clarity', 'difficulty', 'usefulness']);
  }, 240_000);
});
