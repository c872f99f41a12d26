import type { GainBand, ItemStat, L1Band, ReactionSummary } from '../../shared/protocol/analysis';
import { MIN_DIFFICULTY_RATINGS } from '../../shared/difficulty-ratings';

/**
 * The statistics of the course analysis (issue 11.7, 11.8), as pure functions over plain rows
 * so that tests check them against hand-computed figures. Classical test theory, as Diklat
 * evaluations report it.
 */

/** One learner's attempt that counts (see `countingAttempts`). */
export interface CountedAttempt {
  userId: string;
  /** 0–1, the server's score. */
  scaled: number;
  items: readonly { questionId: string; correct: boolean }[];
}

/** Hake's normalized gain bands. */
export const GAIN_HIGH = 0.7;
export const GAIN_MEDIUM = 0.3;
/** Share of learners in each of the upper and lower groups for discrimination (Kelley). */
export const GROUP_SHARE = 0.27;
/** An item most learners already answer right before the course measures nothing (pre-test). */
export const TOO_EASY_PRE = 0.85;
/** An item most learners still miss after the course is too hard or badly written (post-test). */
export const TOO_HARD_POST = 0.4;

/**
 * Which attempt counts: each learner's **first** finished attempt of each test (by time). A
 * retake answers items drawn after the learner saw their per-lesson results, so the first
 * post-test is the measurement made under the same conditions as the pre-test.
 */
export function countingAttempts<T extends { userId: string; finishedAt: string }>(rows: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const row of rows) {
    const seen = first.get(row.userId);
    if (seen === undefined || row.finishedAt < seen.finishedAt) first.set(row.userId, row);
  }
  return first;
}

export interface GainSummary {
  /** Learners with both a pre- and a post-test. */
  learners: number;
  meanPre: number | null;
  meanPost: number | null;
  /** Mean of (post − pre), in points of 0–1. */
  meanGain: number | null;
  /** Mean of the learners' normalized gains (learners with pre = 100 % excluded). */
  meanNormalizedGain: number | null;
  /** Learners whose normalized gain is defined (pre below 100 %). */
  gainLearners: number;
  bands: Record<GainBand, number>;
}

/** g = (post − pre) / (1 − pre) per learner; a learner with a perfect pre-test has no room to gain and is left out. */
export function normalizedGain(pre: number, post: number): number | null {
  return pre >= 1 ? null : (post - pre) / (1 - pre);
}

export function gainBand(gain: number): GainBand {
  return gain >= GAIN_HIGH ? 'high' : gain >= GAIN_MEDIUM ? 'medium' : 'low';
}

export function summarizeGain(pre: ReadonlyMap<string, number>, post: ReadonlyMap<string, number>): GainSummary {
  const pairs = [...pre].flatMap(([userId, preScore]) => {
    const postScore = post.get(userId);
    return postScore === undefined ? [] : [{ pre: preScore, post: postScore }];
  });
  const gains = pairs.flatMap(({ pre: a, post: b }) => {
    const gain = normalizedGain(a, b);
    return gain === null ? [] : [gain];
  });
  const bands: Record<GainBand, number> = { high: 0, medium: 0, low: 0 };
  for (const gain of gains) bands[gainBand(gain)] += 1;
  return {
    learners: pairs.length,
    meanPre: mean(pairs.map((pair) => pair.pre)),
    meanPost: mean(pairs.map((pair) => pair.post)),
    meanGain: mean(pairs.map((pair) => pair.post - pair.pre)),
    meanNormalizedGain: mean(gains),
    gainLearners: gains.length,
    bands: {
      high: share(bands.high, gains.length) ?? 0,
      medium: share(bands.medium, gains.length) ?? 0,
      low: share(bands.low, gains.length) ?? 0,
    },
  };
}

/**
 * Per item of one test: difficulty p (share right among the attempts that asked it) and
 * discrimination D = p(upper 27 %) − p(lower 27 %), the groups cut by the attempt's total
 * score (at least one learner each; ties keep the order given). With a pool, each group's p
 * counts only the attempts that drew the item; D is null when either group never met it.
 */
export function itemStatistics(attempts: readonly CountedAttempt[]): Map<string, Omit<ItemStat, 'flag'>> {
  const ranked = [...attempts].sort((a, b) => b.scaled - a.scaled);
  const groupSize = ranked.length === 0 ? 0 : Math.max(1, Math.round(GROUP_SHARE * ranked.length));
  const upper = new Set(ranked.slice(0, groupSize));
  const lower = new Set(ranked.slice(ranked.length - groupSize));
  const tallies = new Map<string, { asked: number; right: number; up: [number, number]; low: [number, number] }>();
  for (const attempt of ranked) {
    for (const { questionId, correct } of attempt.items) {
      const tally = tallies.get(questionId) ?? { asked: 0, right: 0, up: [0, 0], low: [0, 0] };
      tally.asked += 1;
      if (correct) tally.right += 1;
      if (upper.has(attempt)) tally.up = [tally.up[0] + (correct ? 1 : 0), tally.up[1] + 1];
      if (lower.has(attempt)) tally.low = [tally.low[0] + (correct ? 1 : 0), tally.low[1] + 1];
      tallies.set(questionId, tally);
    }
  }
  const result = new Map<string, Omit<ItemStat, 'flag'>>();
  for (const [questionId, tally] of tallies) {
    const pUpper = share(...tally.up);
    const pLower = share(...tally.low);
    result.set(questionId, {
      questionId,
      answered: tally.asked,
      difficulty: share(tally.right, tally.asked) ?? 0,
      discrimination: pUpper === null || pLower === null ? null : round4(pUpper - pLower),
    });
  }
  return result;
}

/** The flag an item earns on its test: too easy on the pre-test, too hard on the post-test. */
export function itemFlag(kind: 'pre' | 'post', difficulty: number): ItemStat['flag'] {
  if (kind === 'pre' && difficulty > TOO_EASY_PRE) return 'tooEasy';
  if (kind === 'post' && difficulty < TOO_HARD_POST) return 'tooHard';
  return null;
}

/** Items in the reaction (level 1) index: difficulty is bipolar (3 is right) and stays outside. */
export const L1_INDEX_ITEMS = ['relevance', 'clarity', 'usefulness'] as const;
const SCALE_MAX = 5;
/** A difficulty rating at or above this is on the "too difficult" side of the bipolar scale. */
export const TOO_DIFFICULT_RATING = 4;
/** Share of "too difficult" at which the course is flagged (once it has `MIN_DIFFICULTY_RATINGS`). */
export const TOO_DIFFICULT_FLAG = 0.3;

/**
 * The SKM-style reaction index: the mean of the item means ÷ the scale maximum × 100, with
 * the predicate of the first band (highest `min` first) it reaches; and difficulty apart.
 */
export function reactionSummary(
  ratings: readonly { item: string; rating: number }[],
  bands: readonly L1Band[],
): ReactionSummary {
  const itemMeans = L1_INDEX_ITEMS.flatMap((item) => {
    const values = ratings.filter((row) => row.item === item).map((row) => row.rating);
    const value = mean(values);
    return value === null ? [] : [{ item, mean: value, count: values.length }];
  });
  const overall = mean(itemMeans.map((entry) => entry.mean));
  const index = overall === null ? null : Math.round((overall / SCALE_MAX) * 100 * 100) / 100;
  const difficulty = ratings.filter((row) => row.item === 'difficulty').map((row) => row.rating);
  const tooDifficult = share(difficulty.filter((rating) => rating >= TOO_DIFFICULT_RATING).length, difficulty.length);
  return {
    index,
    predicate: index === null ? null : l1Predicate(index, bands),
    items: itemMeans.map((entry) => ({ ...entry, mean: round4(entry.mean) })),
    difficulty: {
      ratings: difficulty.length,
      mean: mean(difficulty),
      tooDifficultShare: tooDifficult,
      flagged:
        difficulty.length >= MIN_DIFFICULTY_RATINGS && tooDifficult !== null && tooDifficult >= TOO_DIFFICULT_FLAG,
    },
  };
}

/** The predicate of the highest band whose minimum the index reaches. */
export function l1Predicate(index: number, bands: readonly L1Band[]): string | null {
  return [...bands].sort((a, b) => b.min - a.min).find((band) => index >= band.min)?.label ?? null;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : round4(values.reduce((sum, value) => sum + value, 0) / values.length);
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : round4(part / whole);
}

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;
