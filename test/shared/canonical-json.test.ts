import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, withSortedKeys } from '../../src/shared/canonical-json';

/** The first implementation, kept as the oracle: stored statement hashes and bundle signatures were made with it. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => reference(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${reference(item)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('writes exactly the bytes the first implementation wrote, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes the same bytes for a value whose keys are already in canonical order (what phones send)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const sorted = withSortedKeys(value);
        expect(sorted).toEqual(value);
        expect(canonicalJson(sorted)).toBe(reference(value));
        expect(canonicalJson(structuredClone(sorted))).toBe(reference(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes keys in code-unit order even where JavaScript visits integer-like keys in numeric order', () => {
    const value = withSortedKeys({ '9': 'a', '10': 'b', x: { '2': [1, { b: 2, a: 1 }], '1': null } });
    expect(canonicalJson(value)).toBe('{"10":"b","9":"a","x":{"1":null,"2":[1,{"a":1,"b":2}]}}');
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('sorts keys by code unit, skips undefined members and reads an own __proto__ key as data', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":[2,null]},"a":"é","B":true,"ä":0}') as Record<string, unknown>;
    const value = { ...parsed, skipped: undefined, list: [undefined, 1] };
    expect(canonicalJson(value)).toBe('{"B":true,"__proto__":{"x":[2,null]},"a":"é","b":1,"list":[null,1],"ä":0}');
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(withSortedKeys(parsed))).toBe(reference(parsed));
  });

  it('writes a Date or a function member as it always did, not as JSON.stringify would', () => {
    const date = new Date(0);
    expect(canonicalJson({ a: date, b: [date] })).toBe(reference({ a: date, b: [date] }));
    expect(canonicalJson({ a: 1, b: undefined, c: [undefined] })).toBe('{"a":1,"c":[null]}');
  });
});
