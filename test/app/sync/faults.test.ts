// @vitest-environment node
/**
 * The sync guarantee under a misbehaving network and server, as a property: for any sequence
 * of learner actions interleaved with sync attempts under any fault schedule — requests lost
 * before the server, responses lost after it committed (the classic duplicate), 5xx, timeouts,
 * a Wi-Fi login page answering 403, server restarts mid-batch, the tab reloaded mid-sync —
 * once the network heals, the server holds exactly the statements and learner records (posts
 * and replies, through the record channel) the phone created: none lost, none twice, none set
 * aside, and one quiz result per attempt.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { recordLessonCompleted, recordPosition } from '../../../src/app/data/progress';
import { finishAttempt, saveAnswer, startOrResumeAttempt } from '../../../src/app/data/quiz';
import { courseStarted } from '../../../src/app/data/completion';
import { newFeedbackId, submitFeedback } from '../../../src/app/data/feedback';
import { preparedFile } from '../../../src/app/data/photo';
import { queueRecord } from '../../../src/app/data/records';
import { flush } from '../../../src/app/sync/engine';
import { createHttpTransport } from '../../../src/app/sync/transport';
import { createApp } from '../../../src/server/app';
import { UNLIMITED_RECORD_BUDGET } from '../../../src/server/services/record-budget';
import { publishBundle } from '../../../src/server/services/bundle-dir';
import { buildCourseBundle } from '../../../src/cli/build-bundle';
import { readBundle } from '../../../src/shared/bundle/read';
import { QuizDoc, type Manifest } from '../../../src/shared/schema/bundle';
import { MINI_COURSE_DIR } from '../content-server';
import { login, startTestServer, type TestServer } from '../../server/harness';
import { backends } from '../../server/backends';

type Action =
  | { kind: 'lesson'; index: number }
  | { kind: 'position'; index: number; position: number }
  | { kind: 'quiz'; answers: string[] }
  | { kind: 'feedback'; rating: 1 | 2 | 3 | 4 | 5 }
  | { kind: 'post'; text: string; replyTo: number | null; photo: number | null }
  | { kind: 'external'; jp: number; pdf: boolean }
  | { kind: 'plan'; actions: number; report: boolean }
  | { kind: 'sync'; faults: Fault[] }
  | { kind: 'reloadMidSync' };
type Fault = 'ok' | 'lostRequest' | 'lostResponse' | 'serverError' | 'timeout' | 'restart' | 'captivePortal';

const ORIGIN = 'http://lentera.test';
let server: TestServer;
let app: Hono;
let manifest: Manifest;
let quiz: QuizDoc;
let token: string;
let accountId: string;

beforeAll(async () => {
  server = await startTestServer(backends[0]!);
  const { bundle } = await buildCourseBundle(MINI_COURSE_DIR);
  await publishBundle(server, bundle!.zip);
  const read = await readBundle(bundle!.zip);
  manifest = read.manifest;
  quiz = QuizDoc.parse(JSON.parse(new TextDecoder().decode(read.files.get(manifest.quizzes[0]!.file))));
  ({
    token,
    user: { id: accountId },
  } = await login(server.app, 'learner'));
  app = appOf(server);
}, 60_000);
afterAll(() => server.close());

/**
 * The server, started again. Every run of the property is another phone's work on the one
 * account, hundreds of attempts at one quiz in a minute: the day's budget is counted, never refused.
 */
const appOf = ({ db, blobs, staticDir }: TestServer) =>
  createApp({ db, blobs, config: { staticDir, tokenTtlDays: 30, recordBudget: UNLIMITED_RECORD_BUDGET } });

/** A fetch into the in-process server that misbehaves as the schedule says, call by call. */
function faultyFetch(faults: Fault[]): typeof fetch {
  let call = 0;
  return async (input, init) => {
    const fault = faults[call++] ?? 'ok';
    const path = String(input).slice(ORIGIN.length);
    if (fault === 'lostRequest') throw new TypeError('Failed to fetch');
    if (fault === 'serverError')
      return Response.json({ error: { code: 'internal', message: 'boom' } }, { status: 503 });
    if (fault === 'captivePortal')
      return new Response('<html>Login Wi-Fi</html>', { status: 403, headers: { 'content-type': 'text/html' } });
    const response = await app.request(path, init);
    if (fault === 'restart') app = appOf(server);
    if (fault === 'lostResponse' || fault === 'restart') throw new TypeError('Failed to fetch');
    if (fault === 'timeout') throw new DOMException('signal timed out', 'TimeoutError');
    return response;
  };
}

/**
 * A JPEG the server takes as whole (SOI, a 640 × 480 frame header, a scan header, the data, EOI)
 * or bytes that sniff as a PDF, different per `seed`.
 */
function fakeFile(type: 'jpeg' | 'pdf', seed: number): Blob {
  const data = [seed & 0x7f, (seed >> 8) & 0x7f, ...new Array<number>(200).fill(7)];
  const text = (value: string) => [...new TextEncoder().encode(value)];
  if (type === 'pdf') return new Blob([new Uint8Array([...text('%PDF-1.4\n'), ...data, ...text('\n%%EOF\n')])]);
  const frame = [0xff, 0xc0, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x01, 0x01, 0x11, 0x00];
  const scan = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00];
  return new Blob([new Uint8Array([0xff, 0xd8, ...frame, ...scan, ...data, 0xff, 0xd9])]);
}

async function syncWith(db: LenteraDb, faults: Fault[]): Promise<void> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = faultyFetch(faults);
  try {
    await flush({ db, transport: createHttpTransport(ORIGIN), token, batchSize: 7 });
  } finally {
    globalThis.fetch = realFetch;
  }
}

async function perform(
  db: LenteraDb,
  action: Action,
  learner: { accountId: string; homePage: string },
): Promise<LenteraDb> {
  const lesson = (index: number) => manifest.lessons[index % manifest.lessons.length]!.id;
  switch (action.kind) {
    case 'lesson':
      await recordLessonCompleted(db, learner, manifest, lesson(action.index));
      return db;
    case 'position':
      await recordPosition(db, manifest.id, lesson(action.index), action.position);
      return db;
    case 'quiz': {
      const entry = manifest.quizzes[0]!;
      const attempt = await startOrResumeAttempt(db, manifest, entry, quiz).catch(() => null);
      if (!attempt) return db;
      for (const [index, question] of quiz.questions.entries())
        await saveAnswer(db, attempt.id, question.id, [action.answers[index] ?? 'a']);
      await finishAttempt(db, learner, manifest, entry, quiz, attempt.id);
      return db;
    }
    case 'feedback': {
      // The app offers the evaluation only once the course is started, as the server requires.
      const [progress, attempts] = await Promise.all([db.progress.toArray(), db.attempts.toArray()]);
      if (!courseStarted(progress, attempts, manifest.id)) return db;
      await submitFeedback(db, learner, manifest, {
        id: newFeedbackId(),
        lessonId: null,
        ratings: { relevance: action.rating, difficulty: action.rating, clarity: 3, usefulness: 4 },
        comment: 'ok',
      });
      return db;
    }
    case 'post': {
      // A reply answers one of the phone's earlier threads, which may still be unsent: order must survive the faults.
      const threads = await db.discussionPosts.filter((post) => post.body.parentId === null).primaryKeys();
      const parentId =
        action.replyTo === null || threads.length === 0 ? null : threads[action.replyTo % threads.length]!;
      // A photo is uploaded before its post; two posts may carry the same bytes (content addressed).
      const photo = action.photo === null ? null : await preparedFile(fakeFile('jpeg', action.photo));
      await queueRecord(
        db,
        'discussion_post',
        {
          courseId: manifest.id,
          promptId: null,
          parentId,
          text: action.text,
          photo: photo?.ref ?? null,
          writtenAt: new Date().toISOString(),
        },
        new Date(),
        photo === null ? [] : [photo],
      );
      return db;
    }
    case 'external': {
      const file = action.pdf ? await preparedFile(fakeFile('pdf', action.jp)) : null;
      await queueRecord(
        db,
        'external_learning',
        {
          jenisDiklatId: 16,
          kind: 'webinar',
          // Each its own training: the server refuses a second record of the same one (same
          // name, organiser and days without a number) as a copy, across the property's runs too.
          name: `Webinar ${action.jp} ${crypto.randomUUID()}`,
          organiser: 'LAN',
          startDate: '2026-03-01',
          endDate: '2026-03-02',
          claimedJp: action.jp,
          certificateNumber: '',
          file: file?.ref ?? null,
          writtenAt: new Date().toISOString(),
        },
        new Date(),
        file === null ? [] : [file],
      );
      return db;
    }
    case 'plan': {
      // An action plan, and a report on it that must reach the server after it.
      const ids = (['a1', 'a2', 'a3'] as const).slice(0, action.actions);
      const planId = await queueRecord(db, 'action_plan', {
        courseId: manifest.id,
        actions: ids.map((id) => ({
          id,
          what: `Aksi ${id}`,
          indicator: 'Bukti',
          targetDate: '2027-01-31',
          support: '',
        })),
        writtenAt: new Date().toISOString(),
      });
      if (action.report)
        await queueRecord(db, 'action_report', {
          courseId: manifest.id,
          planId,
          checkpoint: 30,
          items: ids.map((actionId) => ({ actionId, status: 'partly' as const, evidence: '' })),
          behaviour: [],
          writtenAt: new Date().toISOString(),
        });
      return db;
    }
    case 'sync':
      await syncWith(db, action.faults);
      return db;
    case 'reloadMidSync': {
      // The tab dies while a push is in flight: the server may or may not have committed it.
      const realFetch = globalThis.fetch;
      let kill: () => void = () => {};
      const killed = new Promise<void>((resolve) => (kill = resolve));
      let dead = false;
      globalThis.fetch = async (input, init) => {
        if (dead) throw new TypeError('Failed to fetch');
        const response = await app.request(String(input).slice(ORIGIN.length), init);
        await killed;
        return response;
      };
      const abandoned = flush({ db, transport: createHttpTransport(ORIGIN), token, batchSize: 7 }).catch(
        () => undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      dead = true;
      db.close();
      kill();
      await abandoned;
      globalThis.fetch = realFetch;
      return new LenteraDb(db.name.replace('lentera-', ''));
    }
  }
}

const fault = fc.constantFrom<Fault>(
  'ok',
  'lostRequest',
  'lostResponse',
  'serverError',
  'timeout',
  'restart',
  'captivePortal',
);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('lesson' as const), index: fc.nat(5) }),
  fc.record({
    kind: fc.constant('position' as const),
    index: fc.nat(5),
    position: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('quiz' as const),
    answers: fc.array(fc.constantFrom('a', 'b', 'true', 'false'), { minLength: 2, maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('feedback' as const), rating: fc.constantFrom(1, 2, 3, 4, 5) }),
  fc.record({
    kind: fc.constant('post' as const),
    text: fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim().length > 0),
    replyTo: fc.option(fc.nat(5)),
    photo: fc.option(fc.nat(3)),
  }),
  fc.record({ kind: fc.constant('external' as const), jp: fc.integer({ min: 1, max: 40 }), pdf: fc.boolean() }),
  fc.record({ kind: fc.constant('plan' as const), actions: fc.integer({ min: 1, max: 3 }), report: fc.boolean() }),
  fc.record({ kind: fc.constant('sync' as const), faults: fc.array(fault, { maxLength: 8 }) }),
  fc.constant<Action>({ kind: 'reloadMidSync' }),
);

describe('sync under faults (property)', () => {
  it('once the network heals, the server holds exactly what the phone created: none lost, none twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        let db = new LenteraDb(`faults-${crypto.randomUUID()}`);
        const learner = { accountId, homePage: ORIGIN };
        const created = new Set<string>();
        const createdRecords = new Set<string>();
        try {
          for (const step of actions) {
            db = await perform(db, step, learner);
            for (const entry of await db.outbox.toArray()) {
              if (entry.kind === 'statement') created.add(entry.id);
              if (entry.kind === 'record') createdRecords.add(entry.id);
            }
          }
          for (let round = 0; round < 5 && (await db.outbox.count()) > 0; round++) await syncWith(db, []);

          expect(await db.outbox.count()).toBe(0);
          expect(await db.attention.toArray()).toEqual([]);
          const ids = [...created];
          const stored = await server.db.query<{ id: string }>('SELECT id FROM statements WHERE id = ANY($1::uuid[])', [
            ids,
          ]);
          expect(stored.map((row) => row.id).sort()).toEqual(ids.sort());
          const attempts = await db.attempts.filter((attempt) => attempt.finishedAt !== null).primaryKeys();
          const results = await server.db.query<{ count: number }>(
            'SELECT count(*)::int AS count FROM quiz_attempts WHERE statement_id = ANY($1::uuid[])',
            [attempts],
          );
          expect(results[0]?.count).toBe(attempts.length);
          // Every record the phone wrote (posts, replies, plans, reports) is on the server once.
          const posts = await db.discussionPosts.toCollection().primaryKeys();
          const written = [
            ...posts,
            ...(await db.actionPlans.toCollection().primaryKeys()),
            ...(await db.actionReports.toCollection().primaryKeys()),
            ...(await db.externalLearningRecords.toCollection().primaryKeys()),
          ];
          expect([...createdRecords].sort()).toEqual(written.sort());
          const storedRecords = await server.db.query<{ id: string }>(
            'SELECT id FROM learner_records WHERE id = ANY($1::uuid[])',
            [written],
          );
          expect(storedRecords.map((row) => row.id).sort()).toEqual(written.sort());
          const storedPosts = await server.db.query<{ id: string }>(
            'SELECT id FROM discussion_posts WHERE id = ANY($1::uuid[])',
            [posts],
          );
          expect(storedPosts.map((row) => row.id).sort()).toEqual([...posts].sort());
          // Each file once, each post with its photo, each external record once with its certificate.
          const files = await db.attachments.toArray();
          expect(files.every((file) => file.uploaded)).toBe(true);
          const uploads = await server.db.query<{ sha256: string }>(
            'SELECT sha256 FROM learner_attachments WHERE user_id = $1 AND sha256 = ANY($2::text[])',
            [accountId, files.map((file) => file.sha256)],
          );
          expect(uploads.map((row) => row.sha256).sort()).toEqual(files.map((file) => file.sha256).sort());
          const photos = await server.db.query<{ id: string; photo_sha256: string | null }>(
            'SELECT id, photo_sha256 FROM discussion_posts WHERE id = ANY($1::uuid[])',
            [posts],
          );
          for (const post of await db.discussionPosts.toArray())
            expect(photos.find((row) => row.id === post.id)?.photo_sha256).toBe(post.body.photo?.sha256 ?? null);
          const external = await db.externalLearningRecords.toArray();
          const storedExternal = await server.db.query<{ id: string; file_sha256: string | null }>(
            'SELECT id, file_sha256 FROM external_learning WHERE id = ANY($1::uuid[])',
            [external.map((row) => row.id)],
          );
          expect(storedExternal.length).toBe(external.length);
          for (const row of external)
            expect(storedExternal.find((stored) => stored.id === row.id)?.file_sha256).toBe(
              row.body.file?.sha256 ?? null,
            );
        } finally {
          await db.delete();
        }
      }),
      { numRuns: Number(process.env.FAULT_RUNS ?? 25) },
    );
  }, 240_000);
});
