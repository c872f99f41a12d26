// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QuizAttempt } from '../../../../src/app/data/db';
import { reviewLevel } from '../../../../src/app/data/quiz';
import { QuizResult } from '../../../../src/app/features/quiz/QuizResult';
import { initI18n } from '../../../../src/app/i18n';
import type { LessonEntry, Question } from '../../../../src/shared/schema/bundle';
import { scoreQuiz } from '../../../../src/shared/scoring/score';

beforeAll(() => initI18n('id'));
afterEach(cleanup);

const lessons: LessonEntry[] = ['satu', 'dua'].map((id, index) => ({
  id,
  title: { id: `Materi ${id}`, en: id },
  file: `lessons/${id}.json`,
  minutes: 10 + index,
}));
const question = (id: string, lessonId: string): Question => ({
  id,
  lessonId,
  type: 'single',
  prompt: { id: `Pertanyaan ${id}`, en: id },
  options: [
    { id: 'a', text: { id: `Jawaban benar ${id}`, en: 'right' } },
    { id: 'b', text: { id: `Jawaban salah ${id}`, en: 'wrong' } },
  ],
  answer: ['a'],
  explanation: { id: `Pembahasan ${id}`, en: 'why' },
});
// Shown in this order: a lesson-2 item first.
const questions = [question('q3', 'dua'), question('q1', 'satu'), question('q2', 'satu')];
const attempt: QuizAttempt = {
  id: 'a1',
  courseId: 'kursus',
  courseVersion: '1.0.0',
  quizId: 'post-test',
  startedAt: '2026-11-30T08:00:00Z',
  finishedAt: '2026-11-30T08:10:00Z',
  questionOrder: ['q3', 'q1', 'q2'],
  optionOrder: {},
  answers: { q3: ['b'], q1: ['a'], q2: ['b'] },
  score: null,
};
const show = (passingScore: number | null, level: ReturnType<typeof reviewLevel>) =>
  render(
    <QuizResult
      courseId="kursus"
      attempt={attempt}
      questions={questions}
      lessons={lessons}
      score={scoreQuiz({ questions }, attempt.answers, passingScore)}
      level={level}
    />,
  );
const text = () => document.body.textContent ?? '';

describe('what a finished attempt shows', () => {
  it('a pre-test: the score only — no pass/fail, no pass mark, no key, no explanation', () => {
    show(null, reviewLevel('pre', false));
    expect(screen.getByRole('status').textContent).toBe('Nilai 33 (1 dari 3 benar)');
    expect(text()).not.toMatch(/Lulus|lulus:|Nilai lulus|Jawaban benar|Pembahasan/);
    expect(text()).toContain('tidak menentukan kelulusan');
  });

  it('a failed post-test with attempts left: the score per lesson with links to the lessons, no key', () => {
    show(70, reviewLevel('post', false));
    expect(screen.getByRole('status').textContent).toContain('Belum lulus');
    const items = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(['Materi 1: Materi satu: 1 dari 2 benar', 'Materi 2: Materi dua: 0 dari 1 benar']);
    expect(screen.getByRole('link', { name: 'Materi 2: Materi dua' }).getAttribute('href')).toContain('/dua');
    expect(text()).not.toMatch(/Jawaban benar|Pembahasan|Jawaban salah/);
  });

  it('after the last attempt (or a pass): every answer and explanation, numbered as the learner saw them', () => {
    show(70, reviewLevel('post', true));
    // Folded away under the score, so the next step is not screens below: the learner opens it.
    const review = screen.getByText('Lihat jawaban dan pembahasan').closest('details')!;
    expect(review.open).toBe(false);
    review.open = true; // what a tap on the summary does (jsdom does not toggle it)
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('strong')?.textContent)).toEqual([
      'Pertanyaan q3',
      'Pertanyaan q1',
      'Pertanyaan q2',
    ]);
    expect(items[0]?.textContent).toContain('Jawaban benar: Jawaban benar q3');
    expect(items[0]?.textContent).toContain('Pembahasan q3');
  });

  it("the pre-test key is released with the post-test's, and lesson quizzes (practice) show it at once", () => {
    expect(reviewLevel('pre', true)).toBe('full');
    expect(reviewLevel('lesson', false)).toBe('full');
    expect(reviewLevel('post', false)).toBe('byLesson');
  });
});
