import { zipSync } from 'fflate';
import { readSheet, type CellValue, type SheetData } from 'read-excel-file/node';
import { bundleLimits } from '../../../shared/bundle/limits';
import { extractZipEntries, listZipEntries } from '../../../shared/bundle/zip';
import type { GridProblem } from './read-table';
import { numberCellText } from './values';
import { measureSheets, TABLE_MAX_CELLS, TABLE_MAX_COLUMNS } from './xlsx-bounds';

/**
 * An XLSX is a zip, and a hostile one may be a zip bomb. It is opened with the same distrustful
 * reader as course bundles (caps checked on the directory, every entry inflated never past its
 * declared size, CRC checked), then handed to read-excel-file re-packed without compression, so
 * the spreadsheet library never inflates anything itself.
 */
const XLSX_LIMITS = bundleLimits({
  maxZipBytes: 25 * 1024 * 1024,
  maxTotalBytes: 200 * 1024 * 1024,
  maxFileBytes: 150 * 1024 * 1024,
  maxFiles: 1000,
});

/**
 * An XLSX file body as its first sheet's cells, as text; past `maxRecords` rows the file is
 * refused. Seconds of CPU for a big sheet that read-excel-file cannot interrupt: `readGrid`
 * runs it on a worker thread (`xlsx-read-worker.ts`).
 */
export async function readXlsx(bytes: Uint8Array, maxRecords: number): Promise<string[][] | GridProblem> {
  const broken: GridProblem = { code: 'unreadable', reason: 'broken_xlsx' };
  const listed = listZipEntries(bytes, XLSX_LIMITS);
  if (!listed.ok) return broken;
  const extracted = extractZipEntries(bytes, listed.value);
  if (!extracted.ok) return broken;
  const size = measureSheets(extracted.value, maxRecords);
  if (!size.ok) {
    if (size.problem === 'broken') return broken;
    if (size.problem === 'rows') return { code: 'too_many_rows' };
    if (size.problem === 'columns')
      return { code: 'unreadable', reason: 'column_too_far', column: size.column, limit: TABLE_MAX_COLUMNS };
    if (size.rows > maxRecords) return { code: 'too_many_rows' };
    return {
      code: 'unreadable',
      reason: 'sheet_too_large',
      rows: size.rows,
      width: size.columns,
      limit: TABLE_MAX_CELLS,
    };
  }
  const stored = zipSync(Object.fromEntries(size.parts), { level: 0 });
  let sheet: SheetData<string>;
  try {
    // Numbers as the file wrote them, but a NIP kept as a number must not read as a NIP.
    sheet = await readSheet<string>(Buffer.from(stored), { parseNumber: numberCellText });
  } catch {
    return broken;
  }
  if (sheet.length > maxRecords) return { code: 'too_many_rows' };
  return sheet.map((row) => row.map(cellText));
}

function cellText(cell: CellValue<string> | null): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? 'Ya' : 'Tidak';
  return cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
}
