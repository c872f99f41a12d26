import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { readStore } from './harness';

const CONTENT_DIR = resolve(import.meta.dirname, '../../content');

export interface KeyQuestion {
  id: string;
  lessonId?: string;
  type: 'single' | 'multiple' | 'truefalse';
  options: { id: string }[];
  answer: string[];
}

/** The answer key, from the course's source in `content/` (the app shows questions and options shuffled). */
export function answerKey(courseId: string, quizId: string): KeyQuestion[] {
  const course = JSON.parse(readFileSync(resolve(CONTENT_DIR, courseId, 'course.json'), 'utf8')) as {
    quizzes: Array<{ id: string; source: string }>;
  };
  const source = course.quizzes.find((quiz) => quiz.id === quizId)?.source;
  if (!source) throw new Error(`No quiz ${quizId} in ${courseId}`);
  return (JSON.parse(readFileSync(resolve(CONTENT_DIR, courseId, source), 'utf8')) as { questions: KeyQuestion[] })
    .questions;
}

export interface StoredAttempt {
  id: string;
  quizId: string;
  finishedAt: string | null;
  questionOrder: string[];
  answers: Record<string, string[]>;
}

export async function openAttempt(page: Page): Promise<StoredAttempt | undefined> {
  return (await readStore<StoredAttempt>(page, 'attempts')).find((attempt) => attempt.finishedAt === null);
}

/**
 * Takes a quiz from its intro screen ("Mulai" or "Coba lagi"), answering the questions the
 * attempt drew — right, or (`right: false`) with a wrong option each. Each option is found by its
 * question's `data-question-id` and its own `value`, wherever the shuffle put them; like a
 * learner, it waits for each tap to be saved on the phone before the next. Returns the attempt
 * and the questions it asked.
 */
export async function answerQuiz(
  page: Page,
  key: KeyQuestion[],
  { right = true, start = id.quiz.start }: { right?: boolean; start?: string } = {},
): Promise<{ attempt: StoredAttempt; asked: KeyQuestion[] }> {
  await page.getByRole('button', { name: start, exact: true }).click();
  await page.locator('.quiz__questions').waitFor();
  const shown = await page
    .locator('.quiz__questions [data-question-id]')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-question-id') ?? ''));
  const asked = shown.map((questionId) => {
    const question = key.find((candidate) => candidate.id === questionId);
    if (question === undefined) throw new Error(`the quiz showed ${questionId}, which its key does not have`);
    return question;
  });
  for (const question of asked) {
    const choice = right
      ? question.answer
      : [question.options.find((option) => !question.answer.includes(option.id))?.id ?? ''];
    for (const [index, option] of choice.entries()) {
      await page.locator(`[data-question-id="${question.id}"] input[value="${option}"]`).check();
      const savedSoFar = choice.slice(0, index + 1).sort();
      await expect
        .poll(async () => ((await openAttempt(page))?.answers[question.id] ?? []).slice().sort())
        .toEqual(savedSoFar);
    }
  }
  await expect
    .poll(() => page.locator('.quiz__meta').textContent())
    .toBe(`${asked.length} dari ${asked.length} soal dijawab`);
  const attempt = (await openAttempt(page))!;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: id.quiz.submit }).click();
  await page.locator('.quiz-result__score').waitFor();
  // Everything was answered, so no "soal yang belum dijawab" question came up.
  expect(dialogs).toEqual([]);
  return { attempt, asked };
}
