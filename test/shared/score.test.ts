import { describe, expect, it } from 'vitest';
import type { QuizDoc } from '../../src/shared/schema/bundle';
import { scoreQuiz } from '../../src/shared/scoring/score';

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
