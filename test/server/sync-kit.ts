import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import { publishBundle } from '../../src/server/services/bundle-dir';
import { createUser } from '../../src/server/services/users';
import { uuidv7 } from '../../src/shared/id';
import type { LoginResponse, ProgressRecord, SyncPushRequest, SyncPushResponse, User } from '../../src/shared/protocol';
import { akpkApi } from '../../src/shared/protocol/akpk';
import type { LearnerRecord } from '../../src/shared/records';
import type { Manifest, QuizDoc } from '../../src/shared/schema/bundle';
import { passMark, scoreQuiz, type Answers, type QuizScore } from '../../src/shared/scoring/score';
import {
  attemptStatements,
  courseCompletedStatement,
  feedbackStatements,
  lessonExperiencedStatement,
  type FeedbackRatings,
} from '../../src/shared/xapi/build';
import { isoDuration, type Statement } from '../../src/shared/xapi/statement';
import { buildBundle, type BuiltBundle } from '../fixtures/bundles';
import type { Backend } from './backends';
import { bearer, inUseSince, login, postJson, startTestServer, type TestServer } from './harness';

/** Starting a server (PGlite boot, migrations, hashed logins) takes seconds on a busy 2-core machine. */
export const SETUP_TIMEOUT_MS = 60_000;

/**
 * What a phone would send for one learner and one course, built with the phone's own
 * statement builders, so the server is tested against the real wire format.
 */
export function learnerRecords(user: Pick<User, 'id'>, bundle: Pick<BuiltBundle, 'manifest' | 'files'>) {
  const learner = { accountId: user.id, homePage: 'https://lentera.test' };
  const course: Manifest = bundle.manifest;
  const lesson = (lessonId: string) => {
    const found = course.lessons.find((entry) => entry.id === lessonId);
    if (found === undefined) throw new Error(`fixture has no lesson ${lessonId}`);
    return found;
  };

  return {
    /** A finished attempt; `claim` replaces the phone's score to play a tampered client. */
    attempt(
      quizId: string,
      answers: Answers,
      options: {
        at?: Date;
        claim?: Pick<QuizScore, 'scaled' | 'passed'>;
        /** The question ids the attempt asked (a draw from a pool); every question by default. */
        questions?: string[];
        id?: string;
      } = {},
    ): Statement[] {
      const quiz = course.quizzes.find((entry) => entry.id === quizId);
      if (quiz === undefined) throw new Error(`fixture has no quiz ${quizId}`);
      const doc = JSON.parse(new TextDecoder().decode(bundle.files.get(quiz.file))) as QuizDoc;
      const asked =
        options.questions === undefined
          ? doc.questions
          : options.questions.map(
              (id) =>
                doc.questions.find((question) => question.id === id) ?? {
                  ...(doc.questions[0] as QuizDoc['questions'][number]),
                  id,
                },
            );
      const honest = scoreQuiz({ questions: asked }, answers, passMark(quiz));
      const score =
        options.claim === undefined
          ? honest
          : { ...honest, ...options.claim, percent: Math.round(options.claim.scaled * 100) };
      const at = options.at ?? new Date();
      return attemptStatements({
        learner,
        course,
        quiz,
        questions: asked,
        attemptId: options.id ?? uuidv7(),
        answers,
        score,
        startedAt: new Date(at.getTime() - 60_000),
        finishedAt: at,
        answerIds: asked.map(() => uuidv7()),
      });
    },
    /**
     * A lesson studied for its declared minutes (the phone records time on task), unless `studiedMs` says otherwise.
     */
    experienced(
      lessonId: string,
      at = new Date(),
      studiedMs: number | null = lesson(lessonId).minutes * 60_000,
    ): Statement {
      const statement = lessonExperiencedStatement({
        learner,
        course,
        lesson: lesson(lessonId),
        id: uuidv7(),
        registration: uuidv7(),
        at,
      });
      return studiedMs === null
        ? statement
        : { ...statement, result: { ...statement.result, duration: isoDuration(studiedMs) } };
    },
    completed(at = new Date()): Statement {
      return courseCompletedStatement({ learner, course, id: uuidv7(), registration: uuidv7(), at });
    },
    feedback(ratings: FeedbackRatings, comment: string, options: { lessonId?: string; at?: Date } = {}): Statement[] {
      return feedbackStatements({
        learner,
        course,
        ...(options.lessonId === undefined ? {} : { lesson: lesson(options.lessonId) }),
        feedbackId: uuidv7(),
        ratings,
        comment,
        at: options.at ?? new Date(),
        statementIds: Array.from({ length: 5 }, () => uuidv7()),
      });
    },
    progress(fields: Omit<ProgressRecord, 'id' | 'courseId'>): ProgressRecord {
      return { id: uuidv7(), courseId: course.id, ...fields };
    },
  };
}

export async function push(app: Hono, token: string, body: Partial<SyncPushRequest>): Promise<Response> {
  return pushText(app, token, JSON.stringify({ statements: [], progress: [], ...body }));
}

/** Pushes a body as written: JSON.stringify cannot write every number or malformed body a hostile phone can. */
export async function pushText(app: Hono, token: string, body: string): Promise<Response> {
  return app.request('/api/sync', {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body,
  });
}

/** Pushes and returns each record's status by id; fails the test on anything but 200. */
export async function pushOk(
  app: Hono,
  token: string,
  body: Partial<SyncPushRequest>,
): Promise<Record<string, string>> {
  const response = await push(app, token, body);
  if (response.status !== 200) throw new Error(`push answered ${response.status}: ${await response.text()}`);
  const { results } = (await response.json()) as SyncPushResponse;
  return Object.fromEntries(results.map((result) => [result.id, result.status]));
}

export async function getJson<T>(app: Hono, token: string, path: string): Promise<T> {
  const response = await app.request(path, { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export function statusesOf(statements: readonly { id: string }[], status: string): Record<string, string> {
  return Object.fromEntries(statements.map((statement) => [statement.id, status]));
}

/**
 * Another learner besides the demo one, signed in (in no OPD unless given). `nip` must be a valid NIP.
 * A colleague with an account for years (`inUseSince`): tests date what learners did in past months.
 */
export async function signInNewLearner(
  server: TestServer,
  nip: string,
  name: string,
  opd?: string,
): Promise<LoginResponse> {
  const password = `sandi-${nip}`;
  await createUser(server.db, { nip, name, role: 'learner', unit: 'Bappeda', opd, password });
  await server.db.query("UPDATE users SET created_at = '2020-01-01T00:00:00Z' WHERE nip = $1", [nip]);
  const response = await postJson(server.app, '/api/auth/login', { nip, password });
  if (response.status !== 200) throw new Error(`login of ${nip} answered ${response.status}`);
  return (await response.json()) as LoginResponse;
}

/**
 * A server with one course published and the demo learner and admin signed in, all as if since 2020
 * (`inUseSince`); see {@link serverWithCourse}.
 */
export interface CourseServer {
  readonly server: TestServer;
  /** The demo learner, and what their phone would send for the course. */
  readonly learner: User;
  readonly token: string;
  readonly records: ReturnType<typeof learnerRecords>;
  readonly adminToken: string;
  readonly bundle: BuiltBundle;
}

/**
 * A {@link CourseServer} on one backend for the tests of the `describe` it is called in: started before
 * the first test, closed after the last. Read its fields in tests and in hooks registered after this call.
 */
export function serverWithCourse(backend: Backend, courseId: string): CourseServer {
  const bundle = buildBundle({ id: courseId });
  let server: TestServer | undefined;
  let signedIn: Pick<CourseServer, 'learner' | 'token' | 'records' | 'adminToken'> | undefined;
  beforeAll(async () => {
    server = await startTestServer(backend);
    await publishBundle(server, bundle.zip);
    const { token, user: learner } = await login(server.app, 'learner');
    const adminToken = (await login(server.app, 'admin')).token;
    await inUseSince(server.db);
    signedIn = { learner, token, adminToken, records: learnerRecords(learner, bundle) };
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
  });
  const ready = () => {
    if (server === undefined || signedIn === undefined)
      throw new Error('The server starts in beforeAll: read it in a test or a later hook');
    return { server, ...signedIn };
  };
  return {
    bundle,
    get server() {
      return ready().server;
    },
    get learner() {
      return ready().learner;
    },
    get token() {
      return ready().token;
    },
    get records() {
      return ready().records;
    },
    get adminToken() {
      return ready().adminToken;
    },
  };
}

/** Opens an AKPK survey period for today (a BKPSDM admin's token) and gives its id. */
export async function openSurveyToday(app: Hono, adminToken: string): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const opened = await app.request(akpkApi.periods, {
    method: 'POST',
    headers: { ...bearer(adminToken), 'content-type': 'application/json' },
    body: JSON.stringify({ year: Number(today.slice(0, 4)), startsOn: today, endsOn: today, competencies: [] }),
  });
  if (opened.status !== 201) throw new Error(`opening a survey period answered ${opened.status}`);
  return ((await opened.json()) as { id: string }).id;
}

/** A phone's survey answer: one competency, a gap of two levels. */
export function surveyAnswer(periodId: string): LearnerRecord {
  const item = {
    competencyId: 'M1',
    selfLevel: 1,
    requiredLevel: 3,
    priority: 2,
    method: 'e-learning' as const,
    note: '',
  };
  return {
    id: uuidv7(),
    kind: 'akpk_response',
    body: { periodId, items: [item], writtenAt: new Date().toISOString() },
  };
}
