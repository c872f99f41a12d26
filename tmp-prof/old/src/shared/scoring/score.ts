import { own } from '../dictionary';
import type { Question, QuizEntry } from '../schema/bundle';

/** The learner's choices: option ids per question id. */
export type Answers = Record<string, string[]>;

export interface QuestionResult {
  questionId: string;
  correct: boolean;
}

export interface QuizScore {
  correct: number;
  total: number;
  /** 0–1, as xAPI `result.score.scaled`. */
  scaled: number;
  /** Whole percent, 0–100, compared with the quiz's passing grade. */
  percent: number;
  /** Null for a quiz without a pass mark (a pre-test): it measures, it does not judge. */
  passed: boolean | null;
  /** Per question asked, in the order given. */
  questions: QuestionResult[];
}

/**
 * A pre-test has no pass mark whatever its `passingScore` says: it measures what the learner
 * knew before the course, and a "Lulus" for 1 of 8 right (or a "failed" record) would be false.
 */
export const passMark = (quiz: Pick<QuizEntry, 'kind' | 'passingScore'>): number | null =>
  quiz.kind === 'pre' ? null : quiz.passingScore;

/**
 * One scoring rule for the phone (instant feedback offline) and the server (the record of
 * truth, re-scored from its own copy of the bundle): a question is right only when exactly
 * the correct options are chosen, with no partial credit.
 */
export function isCorrect(question: Question, chosen: readonly string[]): boolean {
  const expected = new Set(question.answer);
  const given = new Set(chosen);
  return given.size === expected.size && [...given].every((id) => expected.has(id));
}

/**
 * Scores the questions an attempt asked: the whole quiz, or the items drawn from a pool
 * (`checkDraw` gives them). Answers to questions not asked count for nothing.
 */
export function scoreQuiz(
  quiz: { questions: readonly Question[] },
  answers: Answers,
  passingScore: number | null,
): QuizScore {
  const questions = quiz.questions.map((question) => ({
    questionId: question.id,
    correct: isCorrect(question, own(answers, question.id) ?? []),
  }));
  const correct = questions.filter((question) => question.correct).length;
  const total = quiz.questions.length;
  const scaled = total === 0 ? 0 : correct / total;
  const percent = Math.round(scaled * 100);
  return {
    correct,
    total,
    scaled: Math.round(scaled * 10_000) / 10_000,
    percent,
    passed: passingScore === null ? null : percent >= passingScore,
    questions,
  };
}

export interface LessonScore {
  /** Null for questions that name no lesson. */
  lessonId: string | null;
  correct: number;
  total: number;
}

/**
 * What a failed attempt may show without giving the key away: right answers per lesson
 * ("Materi 2: 1 dari 2 benar"), lessons in course order, questions without a lesson last.
 */
export function scoreByLesson(
  questions: readonly Pick<Question, 'id' | 'lessonId'>[],
  results: readonly QuestionResult[],
  lessonOrder: readonly string[],
): LessonScore[] {
  const correctById = new Map(results.map((result) => [result.questionId, result.correct]));
  const byLesson = new Map<string | null, LessonScore>();
  for (const question of questions) {
    const lessonId = question.lessonId ?? null;
    const score = byLesson.get(lessonId) ?? { lessonId, correct: 0, total: 0 };
    score.total += 1;
    if (correctById.get(question.id) === true) score.correct += 1;
    byLesson.set(lessonId, score);
  }
  const rank = (lessonId: string | null) => {
    const index = lessonId === null ? -1 : lessonOrder.indexOf(lessonId);
    return index === -1 ? lessonOrder.length : index;
  };
  return [...byLesson.values()].sort((a, b) => rank(a.lessonId) - rank(b.lessonId));
}
