import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/shared/canonical-json';
import {
  freeTextProblem,
  isStorableJson,
  isStorableText,
  stripInvisible,
  withoutBidiControls,
} from '../../src/shared/text';

/** The characters that matter here, and the ones that could be mistaken for them in JSON text. */
const tricky = fc.string({
  unit: fc.constantFrom('\0', '\\', 'u', '0', 'd', '8', '\ud83d', '\ude00', '😀', '"', 'a', '\u0001'),
  maxLength: 8,
});
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    tricky,
    fc.integer(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(tricky, tie('value'), { maxKeys: 3 }),
  ),
})).value;

function everyText(json: unknown, check: (text: string) => boolean): boolean {
  if (typeof json === 'string') return check(json);
  if (Array.isArray(json)) return json.every((item) => everyText(item, check));
  if (typeof json === 'object' && json !== null)
    return Object.entries(json).every(([key, item]) => check(key) && everyText(item, check));
  return true;
}

describe('isStorableJson: isStorableText of every string and key, read off the JSON text', () => {
  it('agrees with checking each string and key of the value', () => {
    fc.assert(
      fc.property(value, (json) => {
        expect(isStorableJson(canonicalJson(json))).toBe(everyText(json, isStorableText));
        expect(isStorableJson(JSON.stringify(json))).toBe(everyText(json, isStorableText));
      }),
      { numRuns: 2_000 },
    );
  });

  it('a backslash written before u0000 is text, not a NUL', () => {
    expect(isStorableJson(JSON.stringify({ response: 'C:\\u0000\\ud800' }))).toBe(true);
    expect(isStorableJson(JSON.stringify({ response: '\\\u0000' }))).toBe(false);
    expect(isStorableJson(JSON.stringify({ ['kunci\ud800']: 1 }))).toBe(false);
  });
});

describe('invisible characters: stripped from identity text, refused in free text', () => {
  it('strips zero-width characters, bidi marks and overrides from a name, and keeps the letters', () => {
    expect(stripInvisible('\u202eSiti\u200b Rahma\u00adwati\u200f\u2066\ufeff')).toBe('Siti Rahmawati');
    expect(stripInvisible('Dinas\u0085Kesehatan\u0092')).toBe('Dinas Kesehatan ');
  });

  it('refuses free text that shows nothing, or that a bidi override reorders', () => {
    expect(freeTextProblem('\u200b\u200b \u2060\ufeff\u200d')).toBe('invisible');
    expect(freeTextProblem('\u2800\u3164\u0301')).toBe('invisible');
    expect(freeTextProblem('lampiran \u202egnp.exe')).toBe('bidi_control');
    expect(freeTextProblem('\u2067teks\u2069')).toBe('bidi_control');
    expect(freeTextProblem('', { optional: true })).toBeNull();
    expect(freeTextProblem('\u200b', { optional: true })).toBe('invisible');
  });

  it('keeps emoji sequences (ZWJ), ZWNJ and bidi marks in free text', () => {
    expect(freeTextProblem('Keluarga 👨\u200d👩\u200d👧')).toBeNull();
    expect(freeTextProblem('👍')).toBeNull();
    expect(freeTextProblem('می\u200cخواهم')).toBeNull();
    expect(freeTextProblem('doa \u200fبِسْمِ اللَّهِ\u200e selesai')).toBeNull();
  });

  it('shows free text stored before the rule without bidi controls, keeping the marks and joiners', () => {
    const shown = withoutBidiControls(
      '\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069 👨\u200d👩 \u200fدعاء\u200e',
    );
    expect(shown).toBe('abcdefgh 👨\u200d👩 \u200fدعاء\u200e');
    expect(freeTextProblem(shown)).toBeNull();
  });
});
