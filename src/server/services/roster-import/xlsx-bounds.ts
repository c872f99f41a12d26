/**
 * read-excel-file lays a sheet out as a full grid before anyone can look at it: every row up to
 * the last one holding a value, each padded to the last column holding a value anywhere. A
 * hostile 1.5 KB workbook with one value at A1 and one at XFD3000 so becomes 3,000 × 16,384
 * cells (1.2 GB, 10 s of a blocked server; row 20,000 runs out of memory). So every sheet part of
 * a workbook is measured from its text first, the way the library will lay it out, and a sheet
 * whose grid would pass the caps below is refused before the library sees it.
 *
 * The measure errs on the side of refusing: every `.xml` part with a `<sheetData>` is measured
 * (the library reads only the first sheet, but which one that is need not be agreed on), tags
 * are found the way the library's parser finds them, every `<c>` that is not self-closing counts
 * as holding a value, and a row or cell reference that is not plain (`r="12"`, `r="AB12"`) makes
 * the file unreadable. Excel and LibreOffice always write plain references.
 */

/**
 * Columns with a value, in an XLSX sheet or a CSV record: far more than any roster or
 * competency export uses (column IV, as old Excel).
 */
export const TABLE_MAX_COLUMNS = 256;
/**
 * Cells of a sheet's grid (rows × columns), or fields of a CSV: a 50,000-row roster with 80
 * columns still fits (read-excel-file lays out 4 million cells in ≈ 0.4 s and 140 MB).
 */
export const TABLE_MAX_CELLS = 4_000_000;
/** Excel's own last row: a row number past it is no spreadsheet's. */
const SHEET_MAX_ROW = 1_048_576;

/**
 * `ok`: the workbook's parts, each sheet without its empty rows (below). `rows`: a value past
 * the row the caller reads up to, refused before the library lays out what comes before it.
 */
export type SheetSize =
  | { ok: true; parts: Map<string, Uint8Array> }
  | { ok: false; problem: 'broken' }
  | { ok: false; problem: 'rows' }
  | { ok: false; problem: 'columns'; column: string }
  | { ok: false; problem: 'cells'; rows: number; columns: number };

type Measure = { ok: true; emptyRows: [number, number][]; pastMaxRows: boolean } | Exclude<SheetSize, { ok: true }>;

/** Where a tag ends: the first `>` outside quotes, as the library's parser (saxen) finds it. */
const TAG_END = /["'>]/g;
/**
 * An `r` attribute as the library's parser reads one: after white space, any prefix dropped
 * (`x:r`), a quoted value. It may also match inside another attribute's value: that only makes
 * the measure stricter, since such a value is never a plain reference.
 */
const REF = /\s(?:[\w.-]*:)?r=(?:"([^"]*)"|'([^']*)')/g;

/**
 * Measures every sheet part of an unpacked workbook; the first that passes a cap decides, and
 * the file is refused as too long when every sheet holds a value past row `maxRows`.
 *
 * A sheet whose rows all carry their number (`r`, as Excel and LibreOffice write them) comes back
 * without its empty rows: read-excel-file lays out a gap between numbered rows in no time, but
 * spends seconds per thousand explicit empty `<row>` elements (a 200 KB file of 50,000 held a
 * file worker 30–60 s), and lays the grid out the same either way. Where a row has no number,
 * the rows after it are numbered by counting, so nothing is taken out of that sheet.
 */
export function measureSheets(entries: ReadonlyMap<string, Uint8Array>, maxRows = SHEET_MAX_ROW): SheetSize {
  const decoder = new TextDecoder();
  const parts = new Map(entries);
  let sheets = 0;
  let long = 0;
  for (const [name, bytes] of entries) {
    if (!name.endsWith('.xml')) continue;
    const xml = decoder.decode(bytes);
    if (!xml.includes('sheetData')) continue;
    const size = measureSheet(xml, maxRows);
    if (!size.ok) return size;
    sheets++;
    if (size.pastMaxRows) long++;
    if (size.emptyRows.length > 0) parts.set(name, new TextEncoder().encode(without(xml, size.emptyRows)));
  }
  // Which sheet the library reads is not decided here: a long list on another sheet beside the
  // roster must not refuse it. Every sheet too long refuses the file whichever is read.
  if (sheets > 0 && long === sheets) return { ok: false, problem: 'rows' };
  return { ok: true, parts };
}

const BROKEN = { ok: false, problem: 'broken' } as const;

/** Walks the tags as saxen does (comments, CDATA and processing instructions skipped whole). */
function measureSheet(xml: string, maxRows: number): Measure {
  /** Rows the library will have made so far (a row without `r` follows the one before). */
  let rows = 0;
  let lastValueRow = 0;
  let lastValueColumn = 0;
  /** Where each numbered row without a value starts and ends, while every row is numbered. */
  let emptyRows: [number, number][] | null = [];
  /** The open numbered row's start, while none of its cells held a value; else -1. */
  let emptyRowStart = -1;
  for (let start = xml.indexOf('<'); start !== -1;) {
    let next: number;
    if (xml.startsWith('<![CDATA[', start)) next = after(xml.indexOf(']]>', start), 3);
    else if (xml.startsWith('<!--', start)) next = after(xml.indexOf('-->', start), 3);
    else if (xml.startsWith('<?', start)) next = after(xml.indexOf('?>', start), 2);
    else {
      const close = tagEnd(xml, start);
      if (close === -1) return BROKEN;
      next = close + 1;
      const element = elementAt(xml, start + 1);
      const selfClosing = xml[close - 1] === '/';
      if (xml[start + 1] === '/' && elementAt(xml, start + 2) === 'row') {
        if (emptyRowStart !== -1) emptyRows?.push([emptyRowStart, next]);
        emptyRowStart = -1;
      }
      if (element !== null) {
        // Only a cell with content widens the grid; `<c r="XFD9" s="1"/>` (formatting) does not.
        const holdsValue = element === 'c' && !selfClosing;
        if (holdsValue) emptyRowStart = -1;
        if (element === 'row') rows++;
        let numbered = false;
        const attributes = xml.slice(start + 1, close);
        REF.lastIndex = 0;
        for (let match = REF.exec(attributes); match !== null; match = REF.exec(attributes)) {
          const ref = cellRef(match[1] ?? match[2] ?? '', element === 'row');
          if (ref === null) return BROKEN;
          numbered = true;
          rows = Math.max(rows, ref.row);
          if (!holdsValue) continue;
          lastValueRow = Math.max(lastValueRow, rows);
          if (ref.column > TABLE_MAX_COLUMNS) return { ok: false, problem: 'columns', column: columnName(ref.column) };
          lastValueColumn = Math.max(lastValueColumn, ref.column);
        }
        if (element === 'row') {
          if (!numbered) emptyRows = null;
          else if (selfClosing) emptyRows?.push([start, next]);
          else emptyRowStart = start;
        }
        // A cell without its own number still holds a value in the current row.
        if (holdsValue) lastValueRow = Math.max(lastValueRow, rows);
        if (rows > SHEET_MAX_ROW) return { ok: false, problem: 'cells', rows, columns: lastValueColumn };
        if (lastValueRow * lastValueColumn > TABLE_MAX_CELLS)
          return { ok: false, problem: 'cells', rows: lastValueRow, columns: lastValueColumn };
      }
    }
    if (next === -1) return BROKEN;
    start = xml.indexOf('<', next);
  }
  return { ok: true, emptyRows: emptyRows ?? [], pastMaxRows: lastValueRow > maxRows };
}

/** `xml` without the given ranges (in order, not overlapping). */
function without(xml: string, ranges: readonly [number, number][]): string {
  const kept: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    kept.push(xml.slice(from, start));
    from = end;
  }
  kept.push(xml.slice(from));
  return kept.join('');
}

/** `row` or `c` when the tag at `at` (past its `<`) is one, whatever its prefix; else null. */
function elementAt(xml: string, at: number): 'row' | 'c' | null {
  let local = at;
  let end = at;
  for (; end < xml.length; end++) {
    const code = xml.charCodeAt(end);
    if (code <= 32 || code === 47 || code === 62) break; // white space, "/", ">"
    if (code === 58 && local === at) local = end + 1; // the first ":" ends a prefix
  }
  const name = end - local === 1 ? xml[local] : end - local === 3 ? xml.slice(local, end) : '';
  return name === 'c' || name === 'row' ? name : null;
}

const after = (index: number, length: number) => (index === -1 ? -1 : index + length);

/** The `>` ending the tag opened at `start`: a quote skips to its match, an unmatched one is text. */
function tagEnd(xml: string, start: number): number {
  TAG_END.lastIndex = start + 1;
  for (let mark = TAG_END.exec(xml); mark !== null; mark = TAG_END.exec(xml)) {
    if (mark[0] === '>') return mark.index;
    const match = xml.indexOf(mark[0], mark.index + 1);
    if (match !== -1) TAG_END.lastIndex = match + 1;
  }
  return -1;
}

/**
 * A plain reference: `12` for a row, `AB12` for a cell (at most 3 letters and 7 digits); null
 * for anything else (an entity, lower case, a sign), which the library might read otherwise.
 */
function cellRef(text: string, isRow: boolean): { row: number; column: number } | null {
  let column = 0;
  let at = 0;
  for (; at < text.length && at < 3 && !isRow; at++) {
    const code = text.charCodeAt(at);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  if (isRow === at > 0 || at === text.length || text.length - at > 7 || text[at] === '0') return null;
  let row = 0;
  for (; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 48 || code > 57) return null;
    row = row * 10 + code - 48;
  }
  return { row, column };
}

/** 1 → "A", 27 → "AA": how Excel names a column, for messages. */
export function columnName(number: number): string {
  let name = '';
  for (let rest = number; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}
