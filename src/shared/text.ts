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

/**
 * Invisible characters, one place for every text a person typed (issue: broken-input review).
 * Two rules, by what the text is for:
 *
 * - Identity text — a name, OPD, unit kerja, jabatan, NIP, an AKPK competency an admin types —
 *   is shown in admin lists, team lists and on certificates, and matched as a key ("Dinas
 *   Kesehatan" is one OPD). `stripInvisible` removes every default-ignorable character (zero-width
 *   space, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, variation selectors, the bidi marks
 *   LRM/RLM/ALM and the bidi embeddings, overrides and isolates) and turns control characters into
 *   spaces. Stripped rather than refused: none of them belongs in an Indonesian name or office,
 *   they arrive by copy and paste from a web page, Word or WhatsApp, and an admin cannot see them
 *   to delete them in Excel; once stripped, a right-to-left override cannot make "gnp.exe" read
 *   "exe.png", and two spellings of an OPD that look the same are the same.
 *
 * - Free text — a post, comment, feedback, action plan, a note — may need ZWJ (emoji sequences
 *   such as 👨‍👩‍👧), ZWNJ and the bidi marks (a quoted Arabic doa). `freeTextProblem` refuses it
 *   only when it shows nothing (`invisible`: blanks and zero-width characters alone) or holds a bidi
 *   embedding, override or isolate (`bidi_control`), which reorders what follows it for every
 *   reader. Refused, not stripped: the phone keeps the record it queued as written, so the server
 *   cannot quietly store something else; the phone's forms ask the same question first.
 */
const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const CONTROL = /\p{Cc}/gu;

/** Bidi embeddings, overrides and isolates: U+202A–U+202E, U+2066–U+2069. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_CONTROLS = new RegExp(BIDI_CONTROL.source, 'g');

/**
 * A character that shows: not a blank, a control or format character, a default-ignorable one, a
 * lone combining mark, or one of the blanks Unicode does not call blank (Braille blank, Hangul
 * fillers are default-ignorable already).
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}\u2800]/u;

/** Identity text without its invisible characters (see above); control characters become spaces. */
export function stripInvisible(value: string): string {
  return value.replace(DEFAULT_IGNORABLE, '').replace(CONTROL, ' ');
}

/**
 * Free text stored before its kind was held to `freeTextProblem`, as a reader is shown it: without
 * the bidi controls that would reorder it and whatever the page shows after it. The other
 * characters stay (ZWJ, the bidi marks): they reorder nothing beyond themselves.
 */
export function withoutBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS, '');
}

export function hasVisibleText(value: string): boolean {
  return VISIBLE.test(value);
}

export type FreeTextProblem = 'invisible' | 'bidi_control';

/**
 * Why free text a person typed cannot be stored as it is, or null. `optional` text (a note nobody
 * has to write) may be empty or blanks, but not zero-width characters passing for a note.
 */
export function freeTextProblem(value: string, options: { optional?: boolean } = {}): FreeTextProblem | null {
  if (BIDI_CONTROL.test(value)) return 'bidi_control';
  if (options.optional === true && value.trim() === '') return null;
  return hasVisibleText(value) ? null : 'invisible';
}
