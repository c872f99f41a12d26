/**
 * PostgreSQL's jsonb and text cannot hold NUL or an unpaired UTF-16 surrogate: a string with
 * one would fail the whole transaction it is written in. Anything a phone sends is checked
 * with this first, so such a string is refused as one record instead of stalling a queue.
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}
