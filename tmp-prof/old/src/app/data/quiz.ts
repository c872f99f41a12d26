import { dictionary, own } from '../../shared/dictionary';
import { uuidv7 } from '../../shared/id';
import { QuizDoc, type Manifest, type Question, type QuizEntry } from '../../shared/schema/bundle';
import { checkDraw, drawQuestions, seededRandom, shuffled } from '../../shared/scoring/draw';
import { passMark, scoreQuiz, type QuizScore } from '../../shared/scoring/score';
import { attemptStatements, type Learner } from '../../shared/xapi/build';
import { readCourseJson } from './content';
import { extraAttemptsKey, type LenteraDb, type QuizAttempt } from './db';
import { queueStatements } from './outbox';
import { completeCourseIfDone } from './progress';

export class AttemptLimitError extends Error {
  constructor(readonly maxAttempts: number) {
    super(`all ${maxAttempts} attempts used`);
    this.name = 'AttemptLimitError';
  }
}

export async function readQuiz(
  db: LenteraDb,
  manifest: Manifest,
  quizId: string,
): Promise<{ entry: QuizEntry; doc: QuizDoc } | null> {
  const entry = manifest.quizzes.find((quiz) => quiz.id === quizId);
  const doc = entry ? await readCourseJson(db, manifest, entry.file, QuizDoc) : null;
  return entry && doc ? { entry, doc } : null;
}

export async function attemptsOf(db: LenteraDb, courseId: string, quizId: string): Promise<QuizAttempt[]> {
  const attempts = await db.attempts.where('[courseId+quizId]').equals([courseId, quizId]).toArray();
  return attempts.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/**
 * Continues the unfinished attempt of this quiz if there is one (the tab was closed
 * mid-quiz), otherwise starts a new one, if the attempt limit (with an admin's remedial
 * grant) allows. A new attempt draws its questions (the items of a pool, stratified by
 * lesson, those not met in earlier attempts first) and shuffles them and their options from
 * a source seeded by its id, so the same attempt always asks the same; true/false options
 * keep their order. The attempt is stored before the first question shows.
 */
export async function startOrResumeAttempt(
  db: LenteraDb,
  manifest: Manifest,
  entry: QuizEntry,
  doc: QuizDoc,
  now = new Date(),
): Promise<QuizAttempt> {
  return db.transaction('rw', [db.attempts, db.meta], async () => {
    const attempts = await attemptsOf(db, manifest.id, entry.id);
    const open = attempts.find((attempt) => attempt.finishedAt === null);
    if (open && open.courseVersion === manifest.version) return open;
    if (open) {
      const adapted = carryOver(open, manifest, entry, doc);
      await db.attempts.put(adapted);
      return adapted;
    }
    const limit = await attemptLimit(db, manifest.id, entry);
    if (attempts.length >= limit) throw new AttemptLimitError(limit);
    const id = uuidv7(now.getTime());
    const random = seededRandom(id);
    const seen = new Set(attempts.flatMap((attempt) => attempt.questionOrder));
    const asked = drawQuestions(doc, entry, random, seen);
    const attempt: QuizAttempt = {
      id,
      courseId: manifest.id,
      courseVersion: manifest.version,
      quizId: entry.id,
      startedAt: now.toISOString(),
      finishedAt: null,
      questionOrder: shuffled(asked, random),
      optionOrder: optionOrders(doc, asked, random),
      answers: dictionary(),
      score: null,
      activeMs: 0,
      lastActiveAt: now.toISOString(),
    };
    await db.attempts.add(attempt);
    return attempt;
  });
}

/** The quiz's own attempts plus those an admin granted as remedial (pulled at sync). */
export async function attemptLimit(db: LenteraDb, courseId: string, entry: QuizEntry): Promise<number> {
  const granted = (await db.meta.get(extraAttemptsKey(courseId, entry.id)))?.value;
  return entry.maxAttempts + (typeof granted === 'number' && Number.isInteger(granted) && granted > 0 ? granted : 0);
}

/** The questions an attempt asks, in the order shown (a question removed by a course update is gone). */
export function askedQuestions(doc: QuizDoc, attempt: Pick<QuizAttempt, 'questionOrder'>): Question[] {
  const byId = new Map(doc.questions.map((question) => [question.id, question]));
  return attempt.questionOrder.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Time on task: the time between the learner's steps in the attempt (start, every answer,
 * finish), each gap counted up to `IDLE_CAP_MS`, so an attempt left open overnight counts
 * a few minutes, not a night.
 */
const IDLE_CAP_MS = 5 * 60_000;
function activeAfter(attempt: QuizAttempt, now: Date): Pick<QuizAttempt, 'activeMs' | 'lastActiveAt'> {
  const last = Date.parse(attempt.lastActiveAt ?? attempt.startedAt);
  const gap = Number.isFinite(last) ? Math.min(IDLE_CAP_MS, Math.max(0, now.getTime() - last)) : 0;
  return { activeMs: (attempt.activeMs ?? 0) + gap, lastActiveAt: now.toISOString() };
}

/** Saved at every tap, so an answer survives the tab being killed. */
export async function saveAnswer(
  db: LenteraDb,
  attemptId: string,
  questionId: string,
  optionIds: string[],
  now = new Date(),
): Promise<void> {
  await db.transaction('rw', db.attempts, async () => {
    const attempt = await db.attempts.get(attemptId);
    if (!attempt || attempt.finishedAt) return;
    await db.attempts.put({
      ...attempt,
      ...activeAfter(attempt, now),
      answers: { ...attempt.answers, [questionId]: optionIds },
    });
  });
}

/**
 * Scores the attempt on the phone and queues its xAPI statements in the same transaction
 * that closes it; a passed post-test may complete the course.
 */
export async function finishAttempt(
  db: LenteraDb,
  learner: Learner,
  manifest: Manifest,
  entry: QuizEntry,
  doc: QuizDoc,
  attemptId: string,
  now = new Date(),
): Promise<QuizScore> {
  return db.transaction('rw', [db.attempts, db.outbox, db.progress, db.meta], async () => {
    const attempt = await db.attempts.get(attemptId);
    if (!attempt) throw new Error(`attempt ${attemptId} not found`);
    const questions = askedQuestions(doc, attempt);
    const score = scoreQuiz({ questions }, attempt.answers, passMark(entry));
    if (attempt.finishedAt) return score;
    const { questions: _perQuestion, ...summary } = score;
    const active = activeAfter(attempt, now);
    await db.attempts.put({ ...attempt, ...active, finishedAt: now.toISOString(), score: summary });
    const statements = attemptStatements({
      learner,
      course: manifest,
      quiz: entry,
      questions,
      attemptId,
      answers: attempt.answers,
      score,
      startedAt: new Date(attempt.startedAt),
      finishedAt: now,
      activeMs: active.activeMs,
      answerIds: questions.map(() => uuidv7(now.getTime())),
    });
    await queueStatements(db, statements, now);
    await completeCourseIfDone(db, learner, manifest, now);
    return score;
  });
}

/**
 * An attempt left open while the course was updated continues on the new version, so what
 * the learner sees, the phone scores and the server re-scores are the same quiz: questions
 * (and options) that remain are kept with their answers, removed ones dropped. A quiz that
 * asks every question adds the new ones at the end; a pool tops the draw up to a valid one
 * (its size or strata may have changed), keeping the questions already asked where it can.
 */
function carryOver(attempt: QuizAttempt, manifest: Manifest, entry: QuizEntry, doc: QuizDoc): QuizAttempt {
  const random = seededRandom(`${attempt.id}/${manifest.version}`);
  const inDoc = new Set(doc.questions.map((question) => question.id));
  const kept = attempt.questionOrder.filter((id) => inDoc.has(id));
  let questionOrder: string[];
  if (entry.draw === undefined) {
    questionOrder = [
      ...kept,
      ...shuffled(
        doc.questions.map((question) => question.id).filter((id) => !kept.includes(id)),
        random,
      ),
    ];
  } else {
    const stillValid = checkDraw(doc, entry, kept);
    if (stillValid.ok && stillValid.stratified) questionOrder = kept;
    else {
      // drawQuestions puts questions not "seen" first: marking all but the kept ones as seen keeps them.
      const others = new Set(doc.questions.map((question) => question.id).filter((id) => !kept.includes(id)));
      const drawn = drawQuestions(doc, entry, random, others);
      questionOrder = [
        ...kept.filter((id) => drawn.includes(id)),
        ...shuffled(
          drawn.filter((id) => !kept.includes(id)),
          random,
        ),
      ];
    }
  }
  const optionOrder = dictionary<string[]>();
  const answers = dictionary<string[]>();
  const fresh = optionOrders(doc, questionOrder, random);
  for (const question of doc.questions) {
    if (!questionOrder.includes(question.id)) continue;
    const options = question.options.map((option) => option.id);
    const previous = (own(attempt.optionOrder, question.id) ?? []).filter((id) => options.includes(id));
    optionOrder[question.id] =
      question.type === 'truefalse'
        ? options
        : [...previous, ...(own(fresh, question.id) ?? []).filter((id) => !previous.includes(id))];
    const answer = own(attempt.answers, question.id)?.filter((id) => options.includes(id));
    if (answer?.length) answers[question.id] = answer;
  }
  return { ...attempt, courseVersion: manifest.version, questionOrder, optionOrder, answers };
}

/** Options shuffled per question asked, except true/false: "Benar" then "Salah", as written. */
function optionOrders(doc: QuizDoc, asked: readonly string[], random: () => number): Record<string, string[]> {
  const orders = dictionary<string[]>();
  for (const question of doc.questions) {
    if (!asked.includes(question.id)) continue;
    const ids = question.options.map((option) => option.id);
    orders[question.id] = question.type === 'truefalse' ? ids : shuffled(ids, random);
  }
  return orders;
}

/**
 * How much of a finished attempt the learner may see, so that a test still measures when it
 * is taken again:
 * - `scoreOnly`: a pre-test until the post-test is over (its items are parallel to the
 *   post-test's: its key would be the post-test's key);
 * - `byLesson`: a post-test attempt while attempts remain and none passed: right answers per
 *   lesson and links back to them, no key (the next attempt draws new items where it can);
 * - `full`: every answer and explanation. Lesson quizzes are practice: always.
 */
export type ReviewLevel = 'scoreOnly' | 'byLesson' | 'full';

export function reviewLevel(kind: QuizEntry['kind'], postTestOver: boolean): ReviewLevel {
  if (kind === 'lesson' || postTestOver) return 'full';
  return kind === 'pre' ? 'scoreOnly' : 'byLesson';
}

/**
 * The post-test is over once every post-test of the course is passed, or its attempts
 * (remedial grants included) are used up with none left open. A course without one has
 * nothing to protect.
 */
export async function postTestOver(db: LenteraDb, manifest: Manifest): Promise<boolean> {
  for (const entry of manifest.quizzes.filter((quiz) => quiz.kind === 'post')) {
    const attempts = await attemptsOf(db, manifest.id, entry.id);
    const finished = attempts.filter((attempt) => attempt.finishedAt !== null);
    const passed = finished.some((attempt) => (attempt.serverScore?.passed ?? attempt.score?.passed) === true);
    const usedUp =
      finished.length === attempts.length && attempts.length >= (await attemptLimit(db, manifest.id, entry));
    if (!passed && !usedUp) return false;
  }
  return true;
}
