import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/shared/canonical-json';

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

  it('sorts keys by code unit, skips undefined members and reads an own __proto__ key as data', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":[2,null]},"a":"é","B":true,"ä":0}') as Record<string, unknown>;
    const value = { ...parsed, skipped: undefined, list: [undefined, 1] };
    expect(canonicalJson(value)).toBe('{"B":true,"__proto__":{"x":[2,null]},"a":"é","b":1,"list":[null,1],"ä":0}');
    expect(canonicalJson(value)).toBe(reference(value));
  });
});
