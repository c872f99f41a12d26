import { TimeSlices } from '../time-slices';

/**
 * Reading the CSV files BKPSDM staff really have: what Excel, LibreOffice and SIMPEG exports
 * write. One place, tested as a property (test/server/services/roster-import/csv.test.ts): any table written
 * with RFC 4180 quoting reads back cell for cell, whatever the separator and line endings.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's text. UTF-8 with or without BOM (Excel's "CSV UTF-8"); UTF-16 with BOM (Excel's
 * "Unicode Text"); otherwise Windows-1252, which is what Excel's plain "CSV" writes on an
 * Indonesian Windows — a name with "é" must not become "�".
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = UTF8_BOM.every((byte, index) => bytes[index] === byte) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    // Node 20's decoder, full ICU and all, reads 'windows-1252' as Latin-1: 0x80–0x9F come out
    // as the C1 controls U+0080–U+009F, so ’ “ ” € – would be stored as invisible characters.
    // They are mapped here by the code page's own table (whichever way a later Node decodes them).
    return new TextDecoder('windows-1252')
      .decode(body)
      .replace(/[\u0080-\u009f]/g, (control) => WINDOWS_1252_80_9F[control.charCodeAt(0) - 0x80] ?? UNDECODABLE);
  }
}

/**
 * What a byte 0x81, 0x8D, 0x8F, 0x90 or 0x9D becomes: no character in Windows-1252, so a file
 * holding one is neither UTF-8 nor Excel's plain "CSV". NUL, which PostgreSQL cannot store, so the
 * import refuses the row holding it instead of guessing a character into a name.
 */
const UNDECODABLE = '\u0000';

/**
 * Windows-1252 bytes 0x80–0x9F, one character each (the rest of the code page is Latin-1); NUL
 * (`UNDECODABLE`) for the five it leaves undefined.
 */
const WINDOWS_1252_80_9F = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

export const SEPARATORS = [';', ',', '\t'] as const;
export type Separator = (typeof SEPARATORS)[number];

/**
 * Splits CSV text into records of fields (RFC 4180, forgiving): a field may be quoted with `"`
 * (then it may hold separators, line breaks and `""` for a quote); a quote inside an unquoted
 * field is kept as written; text after a closing quote is kept too; records end at CRLF, LF or
 * CR. A final line break does not make an empty record. Stops with `null` past `maxRecords`.
 */
export function parseCsv(text: string, separator: Separator, maxRecords = Infinity): string[][] | null {
  const records: string[][] = [];
  for (const record of csvRecords(text, separator, Infinity)) {
    if (record === null || records.push(record) > maxRecords) return null;
  }
  return records;
}

/** Where reading a whole file stops: more records, fields in one record, or fields in all than allowed. */
export interface CsvLimits {
  maxRecords: number;
  maxFields: number;
  maxCells: number;
}
export type CsvOverflow = keyof CsvLimits;

/**
 * A quoted field whose closing quote never comes: it would swallow every later line into one cell
 * (a roster of one row, a competency named with the rest of the file), so the file is refused,
 * naming the record (row, header = 1) where the quote opened.
 */
export interface CsvUnclosedQuote {
  unclosedQuoteRow: number;
}

/**
 * `parseCsv` for a whole uploaded file: stops at the first limit passed, and gives the event loop
 * back every few milliseconds, so a 20 MB file never holds up the other requests for long.
 */
export async function readCsvRecords(
  text: string,
  separator: Separator,
  limits: CsvLimits,
): Promise<string[][] | CsvOverflow | CsvUnclosedQuote> {
  const records: string[][] = [];
  let cells = 0;
  const slices = new TimeSlices();
  let unclosedQuoteRow: number | null = null;
  const unclosed = () => (unclosedQuoteRow = records.length + 1);
  for (const record of csvRecords(text, separator, limits.maxFields, unclosed)) {
    if (record === null) return 'maxFields';
    if (records.push(record) > limits.maxRecords) return 'maxRecords';
    cells += record.length;
    if (cells > limits.maxCells) return 'maxCells';
    await slices.step();
  }
  return unclosedQuoteRow === null ? records : { unclosedQuoteRow };
}

/**
 * The records of `text` one at a time; `null` (and the end) for a record of more than
 * `maxFields` fields. Fields are cut out whole (`indexOf` and a regular expression, native
 * searches, then `slice`), never built a character at a time: that took 11.5 s for one 8 MB
 * quoted field, every other request waiting. A quote never closed takes the rest of the text
 * (forgiving, for a header cut from a file's start) and calls `onUnclosedQuote` first.
 */
function* csvRecords(
  text: string,
  separator: Separator,
  maxFields: number,
  onUnclosedQuote: () => void = () => {},
): Generator<string[] | null> {
  if (text === '') return;
  const fieldEnd = new RegExp(`[${separator}\\r\\n]`, 'g');
  const length = text.length;
  let record: string[] = [];
  let at = 0;
  for (;;) {
    // `at` is where a field starts.
    let field = '';
    if (text[at] === '"') {
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          onUnclosedQuote();
          field += text.slice(from);
          at = length;
          break;
        }
        field += text.slice(from, quote);
        if (text[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        field += '"';
        from = quote + 2;
      }
    }
    fieldEnd.lastIndex = at;
    const end = fieldEnd.exec(text)?.index ?? length;
    if (record.push(field + text.slice(at, end)) > maxFields) {
      yield null;
      return;
    }
    if (end === length) break;
    at = end + 1;
    if (text[end] === separator) continue;
    if (text[end] === '\r' && text[at] === '\n') at++;
    yield record;
    record = [];
    if (at === length) return;
  }
  yield record;
}

/** The text up to the `count`-th line break outside quotes: the first records, for guessing the separator. */
export function firstLines(text: string, count: number): string {
  const marks = /["\n]/g;
  let quoted = false;
  let seen = 0;
  for (let mark = marks.exec(text); mark !== null; mark = marks.exec(text)) {
    if (mark[0] === '"') quoted = !quoted;
    else if (!quoted && ++seen === count) return text.slice(0, mark.index);
  }
  return text;
}

/**
 * The separator under which a line of `head` names the most known columns (`;` on a tie:
 * Excel's Indonesian default). `isColumn` says whether a header cell names a known column.
 */
export function guessSeparator(head: string, isColumn: (cell: string) => boolean): Separator {
  let best: Separator = ';';
  let bestScore = -1;
  for (const separator of SEPARATORS) {
    const records = parseCsv(head, separator) ?? [];
    const score = Math.max(0, ...records.map((record) => record.filter(isColumn).length));
    if (score > bestScore) {
      best = separator;
      bestScore = score;
    }
  }
  return best;
}
