import { own } from '../dictionary';
import type { Question, QuizDoc } from '../schema/bundle';

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
  passed: boolean;
  questions: QuestionResult[];
}

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

export function scoreQuiz(quiz: QuizDoc, answers: Answers, passingScore: number): QuizScore {
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
    passed: percent >= passingScore,
    questions,
  };
}
