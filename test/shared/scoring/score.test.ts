import { describe, expect, it } from 'vitest';
import type { QuizDoc } from '../../../src/shared/schema/bundle';
import { passMark, scoreByLesson, scoreQuiz } from '../../../src/shared/scoring/score';

const option = (id: string) => ({ id, text: { id, en: id } });
const quiz: QuizDoc = {
  id: 'kuis',
  questions: [
    {
      id: 'single',
      type: 'single',
      prompt: { id: '?', en: '?' },
      options: [option('a'), option('b')],
      answer: ['b'],
      explanation: { id: '.', en: '.' },
    },
    {
      id: 'multi',
      type: 'multiple',
      prompt: { id: '?', en: '?' },
      options: [option('a'), option('b'), option('c')],
      answer: ['a', 'b'],
      explanation: { id: '.', en: '.' },
    },
    {
      id: 'tf',
      type: 'truefalse',
      prompt: { id: '?', en: '?' },
      options: [option('true'), option('false')],
      answer: ['true'],
      explanation: { id: '.', en: '.' },
    },
  ],
};

describe('scoreQuiz', () => {
  it('gives a multiple-choice question only when exactly the right options are chosen, in any order', () => {
    expect(scoreQuiz(quiz, { single: ['b'], multi: ['b', 'a'], tf: ['true'] }, 70)).toMatchObject({
      correct: 3,
      percent: 100,
      passed: true,
    });
    expect(scoreQuiz(quiz, { single: ['b'], multi: ['a'], tf: ['true'] }, 70).questions[1]).toEqual({
      questionId: 'multi',
      correct: false,
    });
    expect(scoreQuiz(quiz, { single: ['b'], multi: ['a', 'b', 'c'], tf: ['true'] }, 70).questions[1]?.correct).toBe(
      false,
    );
  });

  it('counts unanswered questions as wrong and compares the percentage with the passing grade', () => {
    expect(scoreQuiz(quiz, { single: ['b'], tf: ['true'] }, 70)).toMatchObject({
      correct: 2,
      total: 3,
      percent: 67,
      scaled: 0.6667,
      passed: false,
    });
    expect(scoreQuiz(quiz, { single: ['b'], tf: ['true'] }, 60).passed).toBe(true);
  });
});

describe('passMark and pre-tests', () => {
  it('gives a pre-test no pass mark, so its score is neither passed nor failed', () => {
    expect(passMark({ kind: 'pre', passingScore: 70 })).toBeNull();
    expect(passMark({ kind: 'post', passingScore: 70 })).toBe(70);
    expect(scoreQuiz(quiz, { single: ['a'] }, null)).toMatchObject({ correct: 0, percent: 0, passed: null });
  });

  it('scores only the questions asked (a draw from a pool)', () => {
    const drawn = { questions: quiz.questions.filter((question) => question.id !== 'multi') };
    expect(scoreQuiz(drawn, { single: ['b'], multi: ['a', 'b'], tf: ['false'] }, 50)).toMatchObject({
      correct: 1,
      total: 2,
      percent: 50,
      passed: true,
    });
  });
});

describe('scoreByLesson', () => {
  it('counts right answers per lesson in course order, questions without a lesson last', () => {
    const questions = [
      { id: 'q1', lessonId: 'b' },
      { id: 'q2' },
      { id: 'q3', lessonId: 'a' },
      { id: 'q4', lessonId: 'b' },
    ];
    const results = [
      { questionId: 'q1', correct: true },
      { questionId: 'q2', correct: false },
      { questionId: 'q3', correct: false },
      { questionId: 'q4', correct: false },
    ];
    expect(scoreByLesson(questions, results, ['a', 'b'])).toEqual([
      { lessonId: 'a', correct: 0, total: 1 },
      { lessonId: 'b', correct: 1, total: 2 },
      { lessonId: null, correct: 0, total: 1 },
    ]);
  });
});
