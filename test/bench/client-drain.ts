/**
 * How long a phone with 10,000 queued records takes to drain them to the server: the real
 * engine (fake-indexeddb in Node) over HTTP on loopback to the real server.
 *
 * The server runs in its own process, as `npm start` runs it (its Node flags, its embedded
 * PGlite in a data folder on disk): a phone and its server never share a CPU, so a server in
 * the bench's own thread would add the phone's work to the server's and hide what the phone
 * can do while the server ingests. The embedded database is what this measures, the default
 * an operator gets; PostgreSQL's ingest is measured by `server-ingest.ts`.
 *
 * Run alone: `npx tsx test/bench/client-drain.ts`.
 */
import 'fake-indexeddb/auto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LenteraDb } from '../../src/app/data/db';
import { queueStatements } from '../../src/app/data/outbox';
import { flush } from '../../src/app/sync/engine';
import { createHttpTransport } from '../../src/app/sync/transport';
import { buildCourseBundle } from '../../src/cli/build-bundle';
import { uuidv7 } from '../../src/shared/id';
import { syncApi } from '../../src/shared/protocol';
import { readBundle } from '../../src/shared/bundle/read';
import { QuizDoc } from '../../src/shared/schema/bundle';
import { scoreQuiz } from '../../src/shared/scoring/score';
import { attemptStatements, lessonExperiencedStatement } from '../../src/shared/xapi/build';
import { startServerProcess, stopProcess, type ServerProcess } from '../processes';
import { logInDemoLearner } from './loopback-server';
import { judge, machineState } from './machine';

export interface DrainResult {
  server: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /**
   * What the server answered: one account may store `DAILY_STATEMENT_BUDGET` statements a day and
   * a quiz's attempts are refused past 3 × its limit, so most of this queue is answered `rejected`
   * (set aside on the phone), which costs the server less than storing it.
   */
  answered: string;
  /** Push bodies as they went on the wire: gzipped once the server's first answer said it reads gzip. */
  uploaded: string;
  /** The phone's own share of the critical path: from each push's answer to the next push leaving. */
  phoneBetweenPushes: string;
  target: string;
  met: string;
  machine: string;
}

/** Issue 15.2: 10,000 queued records reach the server in under 2 s on a quiet machine. */
const DRAIN_TARGET_SECONDS = 2;

export async function benchClientDrain(records = 10_000): Promise<DrainResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lentera-bench-drain-'));
  const db = new LenteraDb(`bench-${crypto.randomUUID()}`);
  let server: ServerProcess | undefined;
  try {
    const { bundle } = await buildCourseBundle(join(import.meta.dirname, '../fixtures/mini-course'));
    await mkdir(join(dir, 'bundles'));
    await writeFile(join(dir, 'bundles', 'mini-course.zip'), bundle!.zip);
    // The drain talks to /api only: an empty app folder, so the server asks for no build of the app.
    await mkdir(join(dir, 'dist'));
    // Demo mode: its learner account is the phone's (one login, at the server's real strength).
    server = await startServerProcess({
      LENTERA_DEMO: '1',
      LENTERA_DATA_DIR: join(dir, 'data'),
      LENTERA_BUNDLES_DIR: join(dir, 'bundles'),
      LENTERA_STATIC_DIR: join(dir, 'dist'),
    });
    const { manifest, files } = await readBundle(bundle!.zip);
    const quiz = manifest.quizzes[0]!;
    const doc = QuizDoc.parse(JSON.parse(new TextDecoder().decode(files.get(quiz.file))));
    const { token, user } = await logInDemoLearner(server.url);
    const learner = { accountId: user.id, homePage: server.url };

    // A realistic queue: mostly quiz attempts (answers + result), some lessons studied.
    let queued = 0;
    while (queued < records) {
      const now = new Date(Date.now() - (records - queued) * 1000);
      const attemptId = uuidv7(now.getTime());
      const answers = { q1: ['a'], q2: ['true'] };
      const statements = [
        ...attemptStatements({
          learner,
          course: manifest,
          quiz,
          questions: doc.questions,
          attemptId,
          answers,
          score: scoreQuiz(doc, answers, quiz.passingScore),
          startedAt: now,
          finishedAt: now,
          answerIds: doc.questions.map(() => uuidv7()),
        }),
        lessonExperiencedStatement({
          learner,
          course: manifest,
          lesson: manifest.lessons[0]!,
          id: uuidv7(),
          registration: attemptId,
          at: now,
        }),
      ].slice(0, records - queued);
      await db.transaction('rw', db.outbox, () => queueStatements(db, statements, now));
      queued += statements.length;
    }

    const pushed = countPushBytes(`${server.url}${syncApi.push}`);
    const started = performance.now();
    const outcome = await flush({ db, transport: createHttpTransport(server.url), token }).finally(pushed.stop);
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'synced' || (await db.outbox.count()) !== 0)
      throw new Error(`drain did not finish: ${JSON.stringify(outcome)}`);
    return {
      server: 'own process, embedded PGlite (npm start)',
      records,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: Math.round(records / seconds),
      answered: `${outcome.sent} stored, ${outcome.setAside} refused`,
      uploaded: `${(pushed.bytes / 1e6).toFixed(2)} MB (${pushed.gzipped} of ${pushed.pushes} pushes gzipped)`,
      phoneBetweenPushes: `${Math.round(pushed.betweenMs)} ms`,
      target: `< ${DRAIN_TARGET_SECONDS} s`,
      met: judge(
        'drain 10,000 records',
        `${seconds.toFixed(2)} s`,
        `< ${DRAIN_TARGET_SECONDS} s`,
        seconds < DRAIN_TARGET_SECONDS,
      ),
      machine: machineState(),
    };
  } finally {
    await db.delete();
    if (server !== undefined) await stopProcess(server.child);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Counts the bytes of every push body sent to `url` until `stop()`: what a phone's data plan pays
 * for; and the time from each push's answer to the next push leaving, summed (`betweenMs`): the
 * phone's work that the server waits for, less noisy than the drain's wall time.
 */
function countPushBytes(url: string) {
  const realFetch = globalThis.fetch;
  const counted = {
    bytes: 0,
    pushes: 0,
    gzipped: 0,
    betweenMs: 0,
    stop: () => void (globalThis.fetch = realFetch),
  };
  let answeredAt: number | null = null;
  globalThis.fetch = async (input, init) => {
    if (input !== url || init?.method !== 'POST') return realFetch(input, init);
    if (answeredAt !== null) counted.betweenMs += performance.now() - answeredAt;
    const body = init.body;
    counted.pushes++;
    if (new Headers(init.headers).get('content-encoding') === 'gzip') counted.gzipped++;
    counted.bytes += body instanceof Blob ? body.size : typeof body === 'string' ? Buffer.byteLength(body) : 0;
    const answer = await realFetch(input, init);
    answeredAt = performance.now();
    return answer;
  };
  return counted;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table([await benchClientDrain()]);
