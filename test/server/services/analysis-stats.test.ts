import { MIN_DIFFICULTY_RATINGS } from '../../../src/shared/difficulty-ratings';
import { describe, expect, it } from 'vitest';
import {
  countingAttempts,
  gainBand,
  itemFlag,
  itemStatistics,
  l1Predicate,
  normalizedGain,
  reactionSummary,
  summarizeGain,
} from '../../../src/server/services/analysis-stats';
import { DEFAULT_L1_BANDS } from '../../../src/shared/protocol/analysis';

// Every expected figure below was computed by hand (the working is in the comments).
describe('learning gain', () => {
  it('normalized gain g = (post − pre) / (1 − pre), undefined for a perfect pre-test; bands at 0.7 and 0.3', () => {
    expect(normalizedGain(0.4, 0.8)).toBeCloseTo(0.6667, 4); // 0.4 / 0.6
    expect(normalizedGain(1, 0.9)).toBeNull();
    expect(normalizedGain(0.5, 0.25)).toBe(-0.5);
    expect([gainBand(0.7), gainBand(0.6999), gainBand(0.3), gainBand(0.2999), gainBand(-1)]).toEqual([
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });

  it('summarizes learners with both tests: means, mean gain, mean normalized gain and the band shares', () => {
    // A 0.4→0.8 (g 0.667, medium), B 0.5→1.0 (g 1, high), C 1.0→0.9 (no g), D 0.2→0.2 (g 0, low), E pre only.
    const pre = new Map([
      ['A', 0.4],
      ['B', 0.5],
      ['C', 1],
      ['D', 0.2],
      ['E', 0.3],
    ]);
    const post = new Map([
      ['A', 0.8],
      ['B', 1],
      ['C', 0.9],
      ['D', 0.2],
    ]);
    expect(summarizeGain(pre, post)).toEqual({
      learners: 4,
      meanPre: 0.525, // 2.1 / 4
      meanPost: 0.725, // 2.9 / 4
      meanGain: 0.2, // 0.8 / 4
      meanNormalizedGain: 0.5556, // (0.6667 + 1 + 0) / 3
      gainLearners: 3,
      bands: { high: 0.3333, medium: 0.3333, low: 0.3333 },
    });
  });

  it("counts each learner's first finished attempt", () => {
    const rows = [
      { userId: 'A', finishedAt: '2026-11-02T00:00:00.000Z', scaled: 0.9 },
      { userId: 'A', finishedAt: '2026-11-01T00:00:00.000Z', scaled: 0.5 },
      { userId: 'B', finishedAt: '2026-11-03T00:00:00.000Z', scaled: 0.7 },
    ];
    expect([...countingAttempts(rows).values()].map((row) => row.scaled)).toEqual([0.5, 0.7]);
  });
});

describe('item analysis', () => {
  // Four learners ranked 1.0, 0.75, 0.5, 0.25: groups of round(0.27 × 4) = 1, upper u1, lower u4.
  const attempts = [
    {
      userId: 'u3',
      scaled: 0.5,
      items: [
        { questionId: 'q1', correct: true },
        { questionId: 'q2', correct: false },
        { questionId: 'q3', correct: false },
      ],
    },
    {
      userId: 'u1',
      scaled: 1,
      items: [
        { questionId: 'q1', correct: true },
        { questionId: 'q2', correct: true },
      ],
    },
    {
      userId: 'u4',
      scaled: 0.25,
      items: [
        { questionId: 'q1', correct: false },
        { questionId: 'q2', correct: true },
      ],
    },
    {
      userId: 'u2',
      scaled: 0.75,
      items: [
        { questionId: 'q1', correct: true },
        { questionId: 'q2', correct: false },
        { questionId: 'q3', correct: true },
      ],
    },
  ];

  it('difficulty is the share right among those asked; discrimination is p(upper 27 %) − p(lower 27 %)', () => {
    const stats = itemStatistics(attempts);
    // q1: 3 of 4 right; u1 right, u4 wrong → D = 1.
    expect(stats.get('q1')).toEqual({ questionId: 'q1', answered: 4, difficulty: 0.75, discrimination: 1 });
    // q2: 2 of 4; u1 right, u4 right → D = 0.
    expect(stats.get('q2')).toEqual({ questionId: 'q2', answered: 4, difficulty: 0.5, discrimination: 0 });
    // q3 (a pool item drawn by u2 and u3 only): 1 of 2; neither group met it → no D.
    expect(stats.get('q3')).toEqual({ questionId: 'q3', answered: 2, difficulty: 0.5, discrimination: null });
  });

  it('flags items too easy on the pre-test (p > 0.85) and too hard on the post-test (p < 0.4)', () => {
    expect([itemFlag('pre', 0.9), itemFlag('pre', 0.85), itemFlag('post', 0.39), itemFlag('post', 0.4)]).toEqual([
      'tooEasy',
      null,
      'tooHard',
      null,
    ]);
    expect(itemFlag('post', 0.95)).toBeNull();
  });
});

describe('reaction (level 1)', () => {
  it('index = mean of the item means ÷ 5 × 100, difficulty apart with its "too difficult" share and flag', () => {
    const ratings = [
      ...[5, 4].map((rating) => ({ item: 'relevance', rating })), // mean 4.5
      ...[4, 4].map((rating) => ({ item: 'clarity', rating })), // mean 4
      ...[5, 3].map((rating) => ({ item: 'usefulness', rating })), // mean 4
      ...[5, 4, 3, 2, 1, 3].map((rating) => ({ item: 'difficulty', rating })), // 2 of 6 are 4 or 5
    ];
    expect(reactionSummary(ratings, DEFAULT_L1_BANDS)).toEqual({
      index: 83.33, // (4.5 + 4 + 4) / 3 = 4.1667; ÷ 5 × 100
      predicate: 'Baik',
      items: [
        { item: 'relevance', mean: 4.5, count: 2 },
        { item: 'clarity', mean: 4, count: 2 },
        { item: 'usefulness', mean: 4, count: 2 },
      ],
      difficulty: { ratings: 6, mean: 3, tooDifficultShare: 0.3333, flagged: true },
    });
    expect(reactionSummary([], DEFAULT_L1_BANDS)).toMatchObject({ index: null, predicate: null });
  });

  it('does not flag "too difficult" below the results card minimum of ratings: one 4 is not 100 % of learners', () => {
    const difficulty = (ratings: number[]) =>
      reactionSummary(
        ratings.map((rating) => ({ item: 'difficulty', rating })),
        DEFAULT_L1_BANDS,
      ).difficulty;
    expect(MIN_DIFFICULTY_RATINGS).toBe(5);
    // 4 ratings, all "too difficult": 100 %, yet too few to say "many learners".
    expect(difficulty([5, 4, 4, 5])).toEqual({ ratings: 4, mean: 4.5, tooDifficultShare: 1, flagged: false });
    // The fifth rating is enough; 2 of 5 = 40 % reaches the 30 % flag.
    expect(difficulty([5, 4, 3, 3, 2])).toMatchObject({ ratings: 5, tooDifficultShare: 0.4, flagged: true });
  });

  it('predicates follow the SKM bands at their edges, and other bands when configured', () => {
    const at = (index: number) => l1Predicate(index, DEFAULT_L1_BANDS);
    expect([at(100), at(88.31), at(88.3), at(76.61), at(76.6), at(65), at(64.99), at(0)]).toEqual([
      'Sangat Baik',
      'Sangat Baik',
      'Baik',
      'Baik',
      'Kurang Baik',
      'Kurang Baik',
      'Tidak Baik',
      'Tidak Baik',
    ]);
    expect(
      l1Predicate(70, [
        { min: 0, label: 'C' },
        { min: 80, label: 'A' },
        { min: 60, label: 'B' },
      ]),
    ).toBe('B');
  });
});
