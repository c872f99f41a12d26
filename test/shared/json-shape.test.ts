import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, type JsonShapeLimits } from '../../src/shared/json-shape';

const limits = (overrides: Partial<JsonShapeLimits> = {}): JsonShapeLimits => ({
  maxDepth: 10,
  maxValues: 1_000,
  maxStringLength: 100,
  ...overrides,
});

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 1; level < depth; level++) value = level % 2 === 0 ? [value] : { k: value };
  return value;
}

describe('jsonShapeProblem: the one depth and size check before any recursive code', () => {
  it('a value is refused exactly when it is nested deeper than the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (depth, maxDepth) => {
        // `nested(d)` holds d - 1 containers around a number: containers are what the limit counts.
        const problem = jsonShapeProblem(nested(depth + 1), limits({ maxDepth }));
        expect(problem?.code === 'too_deep').toBe(depth > maxDepth);
      }),
    );
  });

  it('a million levels deep is a problem found without overflowing the stack', () => {
    expect(jsonShapeProblem(nested(1_000_000), limits())).toMatchObject({ code: 'too_deep' });
  });

  it('too many values, a long string or key, a non-finite number and a cycle are each named', () => {
    expect(
      jsonShapeProblem(
        Array.from({ length: 2_000 }, () => 0),
        limits(),
      )?.code,
    ).toBe('too_many_values');
    expect(jsonShapeProblem({ a: 'x'.repeat(101) }, limits())).toMatchObject({ code: 'string_too_long', path: 'a' });
    expect(jsonShapeProblem({ ['k'.repeat(101)]: 1 }, limits())?.code).toBe('string_too_long');
    expect(jsonShapeProblem([1, Infinity], limits())).toMatchObject({ code: 'not_json', path: '[1]' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(jsonShapeProblem(cycle, limits())?.code).toBe('not_json');
  });

  it('any JSON value within the limits passes', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        expect(
          jsonShapeProblem(value, limits({ maxDepth: 7, maxValues: 100_000, maxStringLength: 10_000 })),
        ).toBeNull();
      }),
    );
  });
});
