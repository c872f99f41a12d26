/**
 * PostgreSQL's jsonb and text cannot hold NUL or an unpaired UTF-16 surrogate: a string with
 * one would fail the whole transaction it is written in. Anything a phone sends is checked
 * with this first, so such a string is refused as one record instead of stalling a queue.
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * `isStorableText` for every string and key of a value, read off its JSON text in one pass
 * instead of walking the value: `JSON.stringify` writes NUL as `\u0000` and an unpaired
 * surrogate as `\udXXX`, and every other character it escapes differently or not at all. An
 * escape counts only after an even run of backslashes: `\\u0000` is a backslash, then text.
 */
const ESCAPED_UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f])/;

export function isStorableJson(json: string): boolean {
  return !ESCAPED_UNSTORABLE.test(json);
}

/**
 * What a file wrote, quoted back in an answer: at most `max` UTF-16 units, a character
 * PostgreSQL refuses shown as "�". Cut first, then mended: a cut may split a surrogate pair.
 */
export function storableExcerpt(text: string, max: number): string {
  return [...text.slice(0, max)].map((char) => (isStorableText(char) ? char : '\uFFFD')).join('');
}
