/**
 * Reading the CSV files BKPSDM staff really have: what Excel, LibreOffice and SIMPEG exports
 * write. One place, tested as a property (test/server/roster-csv.test.ts): any table written
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
    return new TextDecoder('windows-1252').decode(body);
  }
}

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
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const length = text.length;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = (): boolean => {
    endField();
    records.push(record);
    record = [];
    return records.length <= maxRecords;
  };
  for (let at = 0; at < length; at++) {
    const character = text[at];
    if (quoted) {
      if (character === '"') {
        if (text[at + 1] === '"') {
          field += '"';
          at++;
        } else quoted = false;
      } else field += character;
      continue;
    }
    if (character === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (character === separator) endField();
    else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[at + 1] === '\n') at++;
      if (!endRecord()) return null;
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) {
    if (!endRecord()) return null;
  }
  return records;
}

/** The text up to the `count`-th line break outside quotes: the first records, for guessing the separator. */
export function firstLines(text: string, count: number): string {
  let quoted = false;
  let seen = 0;
  for (let at = 0; at < text.length; at++) {
    const character = text[at];
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '\n' && ++seen === count) return text.slice(0, at);
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
