/**
 * How long a phone with 10,000 queued records takes to drain them to the server: the real
 * engine (fake-indexeddb in Node) over HTTP on loopback to the real server on PGlite.
 */
import 'fake-indexeddb/auto';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LenteraDb } from '/work/wt/ingest/src/app/data/db';
import { queueStatements } from '/work/wt/ingest/src/app/data/outbox';
import { flush } from '/work/wt/ingest/src/app/sync/engine';
import { createHttpTransport } from '/work/wt/ingest/src/app/sync/transport';
import { buildCourseBundle } from '/work/wt/ingest/src/cli/build-bundle';
import { uuidv7 } from '/work/wt/ingest/src/shared/id';
import { readBundle } from '/work/wt/ingest/src/shared/bundle/read';
import { QuizDoc } from '/work/wt/ingest/src/shared/schema/bundle';
import { scoreQuiz } from '/work/wt/ingest/src/shared/scoring/score';
import { attemptStatements, lessonExperiencedStatement } from '/work/wt/ingest/src/shared/xapi/build';
import { startLoopbackServer } from '/work/wt/ingest/test/bench/loopback-server';
import { judge, machineState } from '/work/wt/ingest/test/bench/machine';

export interface DrainResult {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  target: string;
  met: string;
  machine: string;
}

/** Issue 15.2: 10,000 queued records reach the server in under 2 s on a quiet machine. */
const DRAIN_TARGET_SECONDS = 2;

export async function benchClientDrain(records = 10_000): Promise<DrainResult> {
  const server = await startLoopbackServer();
  const db = new LenteraDb(`bench-${crypto.randomUUID()}`);
  try {
    const { bundle } = await buildCourseBundle(join('/work/wt/ingest/test/fixtures/mini-course'));
    await server.publish(bundle!.zip);
    const { manifest, files } = await readBundle(bundle!.zip);
    const quiz = manifest.quizzes[0]!;
    const doc = QuizDoc.parse(JSON.parse(new TextDecoder().decode(files.get(quiz.file))));
    const { token, user } = await server.loginLearner();
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

    const session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start');
    const started = performance.now();
    const base = createHttpTransport(server.url); const t: Record<string, number> = { push: 0, pull: 0 };
    const transport = { ...base, push: async (...a: Parameters<typeof base.push>) => { const s = performance.now(); try { return await base.push(...a); } finally { t.push += performance.now() - s; } },
      pull: async (...a: Parameters<typeof base.pull>) => { const s = performance.now(); try { return await base.pull(...a); } finally { t.pull += performance.now() - s; } } };
    const outcome = await flush({ db, transport, token }); console.log('phase ms', t);
    const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/ingest-prof/drain.cpuprofile', JSON.stringify(profile));
    const seconds = (performance.now() - started) / 1000;
    if (outcome.status !== 'synced' || (await db.outbox.count()) !== 0)
      throw new Error(`drain did not finish: ${JSON.stringify(outcome)}`);
    return {
      records,
      seconds: Math.round(seconds * 100) / 100,
      recordsPerSecond: Math.round(records / seconds),
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
    await server.close();
  }
}

console.table([await benchClientDrain()]);
