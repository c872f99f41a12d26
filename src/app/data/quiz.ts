import { dictionary, own } from '../../shared/dictionary';
import { uuidv7 } from '../../shared/id';
import { QuizDoc, type Manifest, type QuizEntry } from '../../shared/schema/bundle';
import { scoreQuiz, type QuizScore } from '../../shared/scoring/score';
import { attemptStatements, type Learner } from '../../shared/xapi/build';
import { readCourseJson } from './content';
import type { LenteraDb, QuizAttempt } from './db';
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
 * mid-quiz), otherwise starts a new one with questions and options shuffled, if the
 * attempt limit allows. The attempt is stored before the first question shows.
 */
export async function startOrResumeAttempt(
  db: LenteraDb,
  manifest: Manifest,
  entry: QuizEntry,
  doc: QuizDoc,
  random: () => number = Math.random,
  now = new Date(),
): Promise<QuizAttempt> {
  return db.transaction('rw', db.attempts, async () => {
    const attempts = await attemptsOf(db, manifest.id, entry.id);
    const open = attempts.find((attempt) => attempt.finishedAt === null);
    if (open && open.courseVersion === manifest.version) return open;
    if (open) {
      const adapted = carryOver(open, manifest, doc, random);
      await db.attempts.put(adapted);
      return adapted;
    }
    if (attempts.length >= entry.maxAttempts) throw new AttemptLimitError(entry.maxAttempts);
    const attempt: QuizAttempt = {
      id: uuidv7(now.getTime()),
      courseId: manifest.id,
      courseVersion: manifest.version,
      quizId: entry.id,
      startedAt: now.toISOString(),
      finishedAt: null,
      questionOrder: shuffle(
        doc.questions.map((question) => question.id),
        random,
      ),
      optionOrder: dictionary(
        doc.questions.map((question) => [
          question.id,
          shuffle(
            question.options.map((option) => option.id),
            random,
          ),
        ]),
      ),
      answers: dictionary(),
      score: null,
    };
    await db.attempts.add(attempt);
    return attempt;
  });
}

/** Saved at every tap, so an answer survives the tab being killed. */
export async function saveAnswer(
  db: LenteraDb,
  attemptId: string,
  questionId: string,
  optionIds: string[],
): Promise<void> {
  await db.transaction('rw', db.attempts, async () => {
    const attempt = await db.attempts.get(attemptId);
    if (!attempt || attempt.finishedAt) return;
    await db.attempts.put({ ...attempt, answers: { ...attempt.answers, [questionId]: optionIds } });
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
    const score = scoreQuiz(doc, attempt.answers, entry.passingScore);
    if (attempt.finishedAt) return score;
    const { questions: _perQuestion, ...summary } = score;
    await db.attempts.put({ ...attempt, finishedAt: now.toISOString(), score: summary });
    const statements = attemptStatements({
      learner,
      course: manifest,
      quiz: entry,
      doc,
      attemptId,
      answers: attempt.answers,
      score,
      startedAt: new Date(attempt.startedAt),
      finishedAt: now,
      answerIds: doc.questions.map(() => uuidv7(now.getTime())),
    });
    await queueStatements(db, statements, now);
    await completeCourseIfDone(db, learner, manifest, now);
    return score;
  });
}

/**
 * An attempt left open while the course was updated continues on the new version, so what
 * the learner sees, the phone scores and the server re-scores are the same quiz: answers to
 * questions (and options) that remain are kept, removed ones dropped, new ones added in
 * random order at the end.
 */
function carryOver(attempt: QuizAttempt, manifest: Manifest, doc: QuizDoc, random: () => number): QuizAttempt {
  const questions = new Map(doc.questions.map((question) => [question.id, question]));
  const kept = attempt.questionOrder.filter((id) => questions.has(id));
  const added = shuffle(
    doc.questions.map((question) => question.id).filter((id) => !kept.includes(id)),
    random,
  );
  const optionOrder = dictionary<string[]>();
  const answers = dictionary<string[]>();
  for (const question of doc.questions) {
    const options = question.options.map((option) => option.id);
    const previous = (own(attempt.optionOrder, question.id) ?? []).filter((id) => options.includes(id));
    optionOrder[question.id] = [
      ...previous,
      ...shuffle(
        options.filter((id) => !previous.includes(id)),
        random,
      ),
    ];
    const answer = own(attempt.answers, question.id)?.filter((id) => options.includes(id));
    if (answer?.length) answers[question.id] = answer;
  }
  return { ...attempt, courseVersion: manifest.version, questionOrder: [...kept, ...added], optionOrder, answers };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}
