import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDraw, drawQuestions, drawQuota, seededRandom, shuffled } from '../../../src/shared/scoring/draw';

const pool = (sizes: Record<string, number>) =>
  Object.entries(sizes).flatMap(([lessonId, size]) =>
    Array.from({ length: size }, (_, index) => ({ id: `${lessonId}-${index + 1}`, lessonId })),
  );
/** A fixed sequence of "random" numbers, so a draw is reproducible. */
const sequence = (...values: number[]) => {
  let index = 0;
  return () => values[index++ % values.length] ?? 0;
};

describe('drawQuota', () => {
  it('gives each lesson its share of the draw, the remainders to the largest fractions', () => {
    // 8 of 20 from 10/6/4: exact shares 4, 2.4, 1.6 → 4, 2, 1, and the one left to the 0.6.
    expect(Object.fromEntries(drawQuota(pool({ a: 10, b: 6, c: 4 }), 8))).toEqual({ a: 4, b: 2, c: 2 });
  });

  it('breaks equal remainders in favour of the lesson met first in the quiz file', () => {
    // 2 of 6 from 2/2/2: 0.67 each → the first two lessons.
    expect(Object.fromEntries(drawQuota(pool({ a: 2, b: 2, c: 2 }), 2))).toEqual({ a: 1, b: 1, c: 0 });
  });

  it('puts questions without a lesson in a stratum of their own, and never draws more than the pool', () => {
    expect(Object.fromEntries(drawQuota([{ lessonId: 'a' }, {}, {}], 5))).toEqual({ a: 1, '': 2 });
  });

  it('always sums to the draw (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        fc.nat(60),
        (sizes, draw) => {
          const questions = pool(Object.fromEntries(sizes.map((size, index) => [`l${index}`, size])));
          const quota = drawQuota(questions, draw);
          expect([...quota.values()].reduce((sum, count) => sum + count, 0)).toBe(Math.min(draw, questions.length));
        },
      ),
    );
  });
});

describe('drawQuestions', () => {
  const doc = { questions: pool({ a: 4, b: 4 }) };
  const entry = { draw: 4, questionCount: 8 };

  it('asks every question of a quiz without a draw', () => {
    expect(drawQuestions(doc, { questionCount: 8 }, Math.random)).toHaveLength(8);
  });

  it('draws each lesson its quota, in quiz-file order, and the server accepts the draw as stratified', () => {
    fc.assert(
      // Any double, NaN and ±Infinity included: a random source gone wrong must still draw a valid attempt.
      fc.property(fc.array(fc.double(), { minLength: 1 }), (randoms) => {
        const drawn = drawQuestions(doc, entry, sequence(...randoms));
        expect(drawn.filter((id) => id.startsWith('a-'))).toHaveLength(2);
        expect(drawn.filter((id) => id.startsWith('b-'))).toHaveLength(2);
        expect(checkDraw(doc, entry, drawn)).toMatchObject({ ok: true, stratified: true });
      }),
    );
  });

  it('prefers questions the learner has not met in an earlier attempt', () => {
    const first = drawQuestions(doc, entry, Math.random);
    const second = drawQuestions(doc, entry, Math.random, new Set(first));
    expect(second.filter((id) => first.includes(id))).toEqual([]);
  });
});

describe('shuffled', () => {
  it('returns a permutation even when the random source returns NaN, 1 or a negative number (regression)', () => {
    // fast-check once found NaN: Math.floor(NaN) indexed past the array and a question id became undefined.
    for (const bad of [Number.NaN, 1, -0.5, Number.POSITIVE_INFINITY]) {
      expect(shuffled(['a', 'b', 'c', 'd'], () => bad).sort()).toEqual(['a', 'b', 'c', 'd']);
    }
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed, always in [0, 1)', () => {
    const take = (seed: string) => Array.from({ length: 50 }, seededRandom(seed));
    expect(take('0190-attempt-a')).toEqual(take('0190-attempt-a'));
    expect(take('0190-attempt-a')).not.toEqual(take('0190-attempt-b'));
    expect(take('x').every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('makes a draw reproducible from the attempt id (a resumed attempt keeps its questions)', () => {
    const doc = { questions: pool({ a: 5, b: 5 }) };
    const entry = { draw: 4, questionCount: 10 };
    const first = drawQuestions(doc, entry, seededRandom('attempt-1'));
    expect(drawQuestions(doc, entry, seededRandom('attempt-1'))).toEqual(first);
    const others = new Set(
      Array.from({ length: 20 }, (_, n) => drawQuestions(doc, entry, seededRandom(`attempt-${n}`)).join()),
    );
    expect(others.size).toBeGreaterThan(1);
  });
});

describe('checkDraw', () => {
  const doc = { questions: pool({ a: 4, b: 4 }) };
  const entry = { draw: 4, questionCount: 8 };

  it('returns the drawn questions in the order shown', () => {
    const result = checkDraw(doc, entry, ['b-2', 'a-1', 'b-4', 'a-3']);
    expect(result.ok && result.questions.map((question) => question.id)).toEqual(['b-2', 'a-1', 'b-4', 'a-3']);
  });

  it('refuses a draw of the wrong size, an unknown question, or a question twice', () => {
    expect(checkDraw(doc, entry, ['a-1', 'a-2', 'b-1'])).toEqual({
      ok: false,
      reason: 'the attempt asked 3 questions, this quiz asks 4',
    });
    expect(checkDraw(doc, entry, ['a-1', 'a-2', 'b-1', 'x'])).toEqual({
      ok: false,
      reason: '"x" is not a question of this quiz',
    });
    expect(checkDraw(doc, entry, ['a-1', 'a-1', 'b-1', 'b-2'])).toEqual({
      ok: false,
      reason: 'question "a-1" was drawn twice',
    });
  });

  it('accepts a draw that skips the quota, but says it is not stratified (the server flags it)', () => {
    expect(checkDraw(doc, entry, ['a-1', 'a-2', 'a-3', 'b-1'])).toMatchObject({ ok: true, stratified: false });
  });
});
