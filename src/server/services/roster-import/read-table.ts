import { ROSTER_MAX_ROWS, type RosterFileProblem } from '../../../shared/protocol/roster-import';
import { columnOf, COLUMN_LABELS, REQUIRED_COLUMNS, type RosterColumn } from './columns';
import { decodeText, firstLines, guessSeparator, parseCsv, readCsvRecords, type Separator } from './csv';
import { WorkerJobError, WorkerJobs } from '../worker-jobs';
import { TimeSlices } from '../time-slices';
import { unpackGrid, type PackedGrid } from './packed-grid';
import { columnName, TABLE_MAX_CELLS, TABLE_MAX_COLUMNS } from './xlsx-bounds';

/** One data row: its number as the spreadsheet shows it, and its cells by column. */
export interface TableRow {
  row: number;
  cells: ReadonlyMap<RosterColumn, string>;
}

export type RosterTable = { ok: true; columns: ReadonlySet<RosterColumn>; rows: TableRow[] } | ProblemResult;
type ProblemResult = { ok: false; problem: RosterFileProblem };

/** Rows above the header that an export may carry (a title, a date line). */
const HEADER_SEARCH_ROWS = 10;

/** Reads a CSV or XLSX roster file (told apart by content, not by name) into rows by column. */
export async function readRosterTable(bytes: Uint8Array, options: ReadOptions = {}): Promise<RosterTable> {
  const grid = await readGrid(
    bytes,
    (cell) => columnOf(cell) !== null,
    ROSTER_MAX_ROWS + HEADER_SEARCH_ROWS + 1000,
    options,
  );
  if (grid.ok) return await toTable(grid.grid);
  const { problem } = grid;
  return problem.code === 'too_many_rows' ? tooManyRows() : { ok: false, problem: withMessage(problem) };
}

/** A file the reader cannot make a table of, with what the screen needs to say why (no message yet). */
export type UnreadableFile = Omit<RosterFileProblem, 'code' | 'message'> & { code: 'unreadable' };
/** Why a file body did not read as a grid; the caller words its own row cap. */
export type GridProblem = UnreadableFile | { code: 'too_many_rows' };
export type Grid = { ok: true; grid: string[][] } | { ok: false; problem: GridProblem };

/**
 * A CSV or XLSX file body (told apart by content, not by name) as its first sheet's cells, as
 * text. Every tabular import reads its file here, so all of them meet hostile files (zip bombs,
 * broken workbooks, binaries) the same way. `isColumn` says whether a header cell names a known
 * column (it picks the CSV separator); past `maxRecords` lines the file is refused. A cell may
 * hold text PostgreSQL cannot store: each import refuses the row holding it, not the file.
 */
export async function readGrid(
  bytes: Uint8Array,
  isColumn: (cell: string) => boolean,
  maxRecords: number,
  { signal, xlsx = sharedXlsxReader }: ReadOptions = {},
): Promise<Grid> {
  const grid = isZip(bytes) ? await xlsx.read(bytes, maxRecords, signal) : await readCsv(bytes, isColumn, maxRecords);
  if (Array.isArray(grid)) return { ok: true, grid };
  return { ok: false, problem: grid };
}

export interface ReadOptions {
  /** The request went away: an XLSX still waiting or being read is dropped (`readGrid` rejects with its reason). */
  signal?: AbortSignal;
  /** Tests: a reader with a shorter time limit, or a worker of their own. */
  xlsx?: XlsxReader;
}

export interface XlsxReadRequest {
  bytes: Uint8Array;
  maxRecords: number;
}
export type XlsxReadReply = string[][] | GridProblem;
/** What the worker answers: the cells packed (`packed-grid.ts`), or why the file did not read. */
export type XlsxJobReply = PackedGrid | GridProblem;

/** Reads XLSX files on a worker thread (`xlsx-read-worker.ts`), one at a time. */
export interface XlsxReader {
  read(bytes: Uint8Array, maxRecords: number, signal?: AbortSignal): Promise<XlsxReadReply>;
}

/**
 * What one XLSX may take on its worker before it is refused as `read_timeout`: a 50,000-row
 * roster takes ≈ 3 s, 11 s on this shared 2-core machine at load 20; the sheet caps
 * (xlsx-bounds.ts) bound the rest. Another file waits for it, not counted.
 */
export const XLSX_READ_TIME_LIMIT_MS = 60_000;

export function xlsxReader({
  timeLimitMs = XLSX_READ_TIME_LIMIT_MS,
  entry = 'xlsx-read-worker',
}: { timeLimitMs?: number; entry?: string | URL } = {}): XlsxReader {
  const jobs = new WorkerJobs<XlsxReadRequest, XlsxJobReply>({ entry, name: 'The XLSX reader' });
  return {
    async read(bytes, maxRecords, signal) {
      try {
        const reply = await jobs.run({ bytes, maxRecords }, { timeLimitMs, signal });
        return 'cellEnds' in reply ? await unpackGrid(reply) : reply;
      } catch (error) {
        // Refused as busy: the API answers 503 (app.ts), the file is not to blame.
        if (!(error instanceof WorkerJobError) || error.kind === 'busy') throw error;
        if (error.kind === 'timeout')
          return { code: 'unreadable', reason: 'read_timeout', limit: Math.ceil(timeLimitMs / 1000) };
        // A worker that died on a file (out of memory, a library bug) is the file's problem to the
        // admin; the operator's log keeps why.
        console.error(error);
        return { code: 'unreadable', reason: 'broken_xlsx' };
      }
    },
  };
}

/** The one XLSX reader of this process: the roster and AKPK imports' files wait for each other. */
export const sharedXlsxReader = xlsxReader();

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const idNumber = (value: number | undefined) => (value ?? 0).toLocaleString('id-ID');

/** Why a file is unreadable, in Bahasa Indonesia, for API clients (the admin screens word `reason` themselves). */
export function withMessage(problem: UnreadableFile): RosterFileProblem {
  const tooManyCells =
    `Berkas melewati batas ${idNumber(problem.limit)} sel. Hapus kolom yang tidak diperlukan atau bagi ` + 'berkasnya.';
  const message = ((): string => {
    switch (problem.reason) {
      case 'too_many_fields':
        return (
          `Sebuah baris memuat lebih dari ${idNumber(problem.limit)} kolom. Periksa pemisah kolomnya (titik ` +
          'koma, koma atau tab) dan hapus kolom yang tidak diperlukan.'
        );
      case 'too_many_cells':
        return tooManyCells;
      case 'column_too_far':
        return (
          `Lembar kerja memuat isian di kolom ${problem.column}, melewati batas ${idNumber(problem.limit)} kolom ` +
          `(kolom ${columnName(problem.limit ?? 0)}). Hapus kolom yang tidak diperlukan lalu simpan ulang.`
        );
      case 'sheet_too_large':
        return `Lembar kerja terlalu besar: ${idNumber(problem.rows)} baris × ${problem.width} kolom. ${tooManyCells}`;
      case 'unclosed_quote':
        return (
          `Tanda kutip (") di baris ${problem.rows} tidak ditutup, sehingga seluruh baris sesudahnya ` +
          'terbaca sebagai satu sel. Perbaiki sel itu, lalu simpan ulang dari Excel.'
        );
      case 'read_timeout':
        return (
          `Berkas XLSX tidak selesai dibaca dalam ${idNumber(problem.limit)} detik. Bagi berkasnya, atau simpan ` +
          'sebagai "CSV UTF-8" lalu unggah lagi.'
        );
      case 'not_a_table':
        return 'Berkas ini bukan CSV maupun XLSX. Simpan dari Excel sebagai "CSV UTF-8" atau "Excel Workbook".';
      default:
        return 'Berkas XLSX rusak atau tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.';
    }
  })();
  return { ...problem, message };
}

const tooManyRows = (): ProblemResult => ({
  ok: false,
  problem: {
    code: 'too_many_rows',
    limit: ROSTER_MAX_ROWS,
    message:
      `Berkas memuat lebih dari ${idNumber(ROSTER_MAX_ROWS)} baris. Bagi menjadi beberapa berkas ` +
      '(misalnya per OPD).',
  },
});

/** A header is short: the separator is guessed from this much of the file's start at most. */
const HEADER_SEARCH_CHARS = 64 * 1024;

async function readCsv(
  bytes: Uint8Array,
  isColumn: (cell: string) => boolean,
  maxRecords: number,
): Promise<string[][] | GridProblem> {
  const text = decodeText(bytes);
  const head = firstLines(text.slice(0, HEADER_SEARCH_CHARS), HEADER_SEARCH_ROWS);
  const separator = guessSeparator(head, isColumn);
  // NUL is what a binary file (a PDF, an image, UTF-16 without BOM) is full of, and what a text
  // file is not, but one NUL in a cell (or a byte Windows-1252 leaves undefined, `decodeText`) is
  // one bad cell: with a header naming a known column it is a table, and the import refuses the
  // row holding it (`unstorable_text`), not the rows beside it.
  if (text.includes('\u0000') && !namesAColumn(head, separator, isColumn))
    return { code: 'unreadable', reason: 'not_a_table' };
  const records = await readCsvRecords(text, separator, {
    maxRecords,
    maxFields: TABLE_MAX_COLUMNS,
    maxCells: TABLE_MAX_CELLS,
  });
  if (records === 'maxRecords') return { code: 'too_many_rows' };
  if (records === 'maxFields') return { code: 'unreadable', reason: 'too_many_fields', limit: TABLE_MAX_COLUMNS };
  if (records === 'maxCells') return { code: 'unreadable', reason: 'too_many_cells', limit: TABLE_MAX_CELLS };
  if (!Array.isArray(records)) return { code: 'unreadable', reason: 'unclosed_quote', rows: records.unclosedQuoteRow };
  return records;
}

/**
 * A header cell naming a known column, read as it is: a cell holding NUL does not count, since
 * UTF-16 without BOM reads `N\0I\0P\0`, which the header's folding would take for `NIP`.
 */
function namesAColumn(head: string, separator: Separator, isColumn: (cell: string) => boolean): boolean {
  return (parseCsv(head, separator) ?? []).some((record) =>
    record.some((cell) => !cell.includes('\u0000') && isColumn(cell)),
  );
}

async function toTable(grid: string[][]): Promise<RosterTable> {
  const headerIndex = grid
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((record) => record.some((cell) => columnOf(cell) === 'nip'));
  if (headerIndex === -1) {
    const empty = grid.every((record) => record.every((cell) => cell.trim() === ''));
    return {
      ok: false,
      problem: empty
        ? { code: 'empty', message: 'Berkas kosong.' }
        : {
            code: 'missing_columns',
            reason: 'no_header',
            message:
              'Baris judul kolom tidak ditemukan: baris pertama harus memuat judul seperti ' +
              'NIP;Nama;Status;Jabatan;Jenis Jabatan;Golongan;Unit Kerja;OPD;NIP Atasan.',
            columns: REQUIRED_COLUMNS.map(label),
          },
    };
  }
  const header = grid[headerIndex] ?? [];
  const positions = new Map<RosterColumn, number>();
  for (const [index, cell] of header.entries()) {
    const column = columnOf(cell);
    if (column === null) continue;
    if (positions.has(column))
      return {
        ok: false,
        problem: {
          code: 'duplicate_column',
          message: `Kolom ${label(column)} muncul lebih dari sekali di baris judul.`,
          columns: [label(column)],
        },
      };
    positions.set(column, index);
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0)
    return {
      ok: false,
      problem: {
        code: 'missing_columns',
        message: `Kolom wajib tidak ada: ${missing.map(label).join(', ')}.`,
        columns: missing.map(label),
      },
    };
  const rows: TableRow[] = [];
  const slices = new TimeSlices();
  for (let index = headerIndex + 1; index < grid.length; index++) {
    await slices.step();
    const record = grid[index] ?? [];
    if (record.every((cell) => cell.trim() === '')) continue;
    const cells = new Map<RosterColumn, string>();
    for (const [column, position] of positions) cells.set(column, record[position] ?? '');
    rows.push({ row: index + 1, cells });
  }
  if (rows.length > ROSTER_MAX_ROWS) return tooManyRows();
  if (rows.length === 0)
    return { ok: false, problem: { code: 'empty', reason: 'no_rows', message: 'Berkas tidak memuat baris data.' } };
  return { ok: true, columns: new Set(positions.keys()), rows };
}

function label(column: RosterColumn): string {
  return COLUMN_LABELS.get(column) ?? column;
}
