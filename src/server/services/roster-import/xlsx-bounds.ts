/**
 * read-excel-file lays a sheet out as a full grid before anyone can look at it: every row up to
 * the last one holding a value, each padded to the last column holding a value anywhere. A
 * hostile 1.5 KB workbook with one value at A1 and one at XFD3000 so becomes 3,000 × 16,384
 * cells (1.2 GB, 10 s of a blocked server; row 20,000 runs out of memory). So every sheet part of
 * a workbook is measured from its text first, the way the library will lay it out, and a sheet
 * whose grid would pass the caps below is refused before the library sees it.
 *
 * The measure errs on the side of refusing: every `.xml` part with a `<sheetData>` is measured
 * (the library reads only the first sheet, but which one that is need not be agreed on), every
 * `<c>` that is not self-closing counts as holding a value, and a row or cell reference that is
 * not plain (`r="12"`, `r="AB12"`) makes the file unreadable. Excel and LibreOffice always
 * write plain references.
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

export type SheetSize =
  | { ok: true }
  | { ok: false; problem: 'broken' }
  | { ok: false; problem: 'columns'; column: string }
  | { ok: false; problem: 'cells'; rows: number; columns: number };

/** A `<row …>` or `<c …>` start tag, with any namespace prefix (the library drops prefixes). */
const TAG = /<(?:[^\s<>/!?:]+:)?(row|c)(?=[\s/>])([^>]*)>/g;
/** The whole of a start tag's attribute text: if a value held a `>`, the tag was cut short and fails this. */
const ATTRIBUTES = /^(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?$/;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ROW_REF = /^[1-9]\d{0,6}$/;
const CELL_REF = /^([A-Z]{1,3})([1-9]\d{0,6})$/;

/** Measures every sheet part of an unpacked workbook; the first that passes a cap decides. */
export function measureSheets(entries: ReadonlyMap<string, Uint8Array>): SheetSize {
  const decoder = new TextDecoder();
  for (const [name, bytes] of entries) {
    if (!name.endsWith('.xml')) continue;
    const xml = decoder.decode(bytes);
    if (!xml.includes('sheetData')) continue;
    const size = measureSheet(xml);
    if (!size.ok) return size;
  }
  return { ok: true };
}

function measureSheet(xml: string): SheetSize {
  const broken: SheetSize = { ok: false, problem: 'broken' };
  /** Rows the library will have made so far (a row without `r` follows the one before). */
  let rows = 0;
  let lastValueRow = 0;
  let lastValueColumn = 0;
  for (const [, element, attributeText = ''] of xml.matchAll(TAG)) {
    if (!ATTRIBUTES.test(attributeText)) return broken;
    const refs = [...attributeText.matchAll(ATTRIBUTE)]
      // The library drops an attribute's prefix too: `x:r` is `r`.
      .filter(([, name = '']) => name.slice(name.indexOf(':') + 1) === 'r')
      .map(([, , double, single]) => double ?? single ?? '');
    if (element === 'row') {
      rows++;
      for (const ref of refs) {
        if (!ROW_REF.test(ref)) return broken;
        rows = Math.max(rows, Number(ref));
      }
    } else {
      const holdsValue = !attributeText.endsWith('/');
      for (const ref of refs) {
        const [, letters = '', digits = ''] = CELL_REF.exec(ref) ?? [];
        if (letters === '') return broken;
        rows = Math.max(rows, Number(digits));
        if (!holdsValue) continue;
        lastValueRow = Math.max(lastValueRow, rows);
        const column = columnNumber(letters);
        if (column > TABLE_MAX_COLUMNS) return { ok: false, problem: 'columns', column: letters };
        lastValueColumn = Math.max(lastValueColumn, column);
      }
    }
    if (rows > SHEET_MAX_ROW) return { ok: false, problem: 'cells', rows, columns: lastValueColumn };
    if (lastValueRow * lastValueColumn > TABLE_MAX_CELLS)
      return { ok: false, problem: 'cells', rows: lastValueRow, columns: lastValueColumn };
  }
  return { ok: true };
}

/** "A" → 1, "Z" → 26, "AA" → 27, "XFD" → 16,384. */
function columnNumber(letters: string): number {
  let number = 0;
  for (const letter of letters) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

/** 1 → "A", 27 → "AA": how Excel names a column, for messages. */
export function columnName(number: number): string {
  let name = '';
  for (let rest = number; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}
