import { COMPETENCY_IMPORT_MAX_ROWS, type CompetencyImport, type PeriodCompetency } from '../../shared/protocol/akpk';
import { AKPK_LEVEL_MAX, BUILT_IN_COMPETENCIES, COMPETENCY_CODE } from '../../shared/records/akpk';
import { isStorableText, storableExcerpt } from '../../shared/text';
import { ApiError } from '../http/api-error';
import { foldHeader } from './roster-import/columns';
import { readGrid, withMessage, type ReadOptions } from './roster-import/read-table';

/**
 * The technical competencies a BKPSDM imports for a survey period, from the CSV or XLSX its
 * staff keep (`kode;nama;jabatan;level_standar`, an `opd` column optional). Read by the roster
 * import's reader, as forgivingly (`;`, `,` or tab, BOM or not, Windows-1252, the first sheet of
 * a workbook, header names in any case or spelling from the lists below, a title line above the
 * header); every row that does not read gets its own error (a code, what it names, an Indonesian
 * message), and the rows that do are kept.
 */
type Column = 'code' | 'name' | 'jabatan' | 'opd' | 'level';

const COLUMN_NAMES: ReadonlyMap<Column, readonly string[]> = new Map<Column, readonly string[]>([
  ['code', ['kode', 'Kode Kompetensi', 'Kode Kom', 'code']],
  ['name', ['nama', 'Nama Kompetensi', 'Kompetensi', 'Kompetensi Teknis', 'name']],
  ['jabatan', ['jabatan', 'Nama Jabatan', 'Jabatan Sasaran']],
  ['opd', ['opd', 'Perangkat Daerah', 'SKPD', 'Satuan Kerja', 'Unit Kerja Induk']],
  ['level', ['level_standar', 'Level Standar', 'Standar', 'Level', 'Level Kompetensi', 'Standar Level', 'Tingkat']],
]);
const BY_FOLDED = new Map<string, Column>(
  [...COLUMN_NAMES].flatMap(([column, names]) => names.map((name) => [foldHeader(name), column] as const)),
);
const columnOf = (cell: string): Column | null => BY_FOLDED.get(foldHeader(cell)) ?? null;

const HEADER_SEARCH_ROWS = 10;
const NAME_MAX = 200;
const PLACE_MAX = 200;
const BUILT_IN_CODES = new Set<string>(BUILT_IN_COMPETENCIES.map((competency) => competency.code));

type CompetencyError = CompetencyImport['errors'][number];
/** A reason without its message: what the screen words itself. */
type Reason = Omit<CompetencyError, 'row' | 'message'>;

const error = (row: number, reason: Reason): CompetencyError => ({
  row,
  ...reason,
  message: row === 0 ? errorMessage(reason) : `Baris ${row}: ${errorMessage(reason)}`,
});
const fileProblem = (reason: Reason): CompetencyImport => ({ competencies: [], errors: [error(0, reason)] });
const tooMany = () => fileProblem({ code: 'too_many_rows', limit: COMPETENCY_IMPORT_MAX_ROWS });

/**
 * A file that is no table at all (a broken or hostile workbook, a binary) is refused whole with
 * a 422 as the roster import does; a table with problems answers its rows and their errors.
 */
export async function readCompetencyFile(bytes: Uint8Array, options: ReadOptions = {}): Promise<CompetencyImport> {
  const read = await readGrid(
    bytes,
    (cell) => columnOf(cell) !== null,
    COMPETENCY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 100,
    options,
  );
  if (!read.ok) {
    if (read.problem.code === 'too_many_rows') return tooMany();
    const problem = withMessage(read.problem);
    throw new ApiError(422, 'invalid_competency_file', problem.message, problem);
  }
  const { grid } = read;
  const headerIndex = grid
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((record) => record.some((cell) => columnOf(cell) === 'code'));
  if (headerIndex === -1)
    return fileProblem({
      code: grid.every((record) => record.every((cell) => cell.trim() === '')) ? 'empty' : 'no_header',
    });
  const positions = new Map<Column, number>();
  for (const [index, cell] of (grid[headerIndex] ?? []).entries()) {
    const column = columnOf(cell);
    if (column === null) continue;
    if (positions.has(column))
      return fileProblem({ code: 'duplicate_column', column: storableExcerpt(cell.trim(), 40) });
    positions.set(column, index);
  }
  if (!positions.has('name')) return fileProblem({ code: 'missing_columns', column: label('name') });

  const competencies: PeriodCompetency[] = [];
  const errors: CompetencyImport['errors'] = [];
  const seen = new Map<string, number>();
  for (let index = headerIndex + 1; index < grid.length; index++) {
    const record = grid[index] ?? [];
    if (record.every((cell) => cell.trim() === '')) continue;
    const row = index + 1;
    const cell = (column: Column) => {
      const position = positions.get(column);
      return position === undefined ? '' : (record[position] ?? '').trim();
    };
    // Text PostgreSQL cannot store refuses its row alone, as every other reason does.
    const unstorable = [...positions.keys()].find((column) => !isStorableText(cell(column)));
    const result =
      unstorable === undefined ? readRow(cell, seen) : { code: 'unstorable_text' as const, column: label(unstorable) };
    if (!('type' in result)) errors.push(error(row, result));
    else {
      seen.set(result.code, row);
      competencies.push(result);
    }
  }
  if (competencies.length > COMPETENCY_IMPORT_MAX_ROWS) return tooMany();
  if (competencies.length === 0 && errors.length === 0) return fileProblem({ code: 'no_rows' });
  return { competencies, errors };
}

/** The column's name as the example file writes it: `kode`, `nama`, `level_standar`. */
const label = (column: Column): string => COLUMN_NAMES.get(column)?.[0] ?? column;

/** One row as a competency, or why it is refused. */
function readRow(cell: (column: Column) => string, seen: ReadonlyMap<string, number>): PeriodCompetency | Reason {
  const code = cell('code');
  const name = cell('name');
  const jabatan = cell('jabatan');
  const opd = cell('opd');
  const levelText = cell('level');
  if (code === '') return { code: 'missing_code' };
  if (!COMPETENCY_CODE.test(code)) return { code: 'invalid_code', value: storableExcerpt(code, 40) };
  if (BUILT_IN_CODES.has(code)) return { code: 'built_in_code', value: code };
  const earlier = seen.get(code);
  if (earlier !== undefined) return { code: 'duplicate_code', value: code, otherRow: earlier };
  if (name === '') return { code: 'missing_name' };
  if (name.length > NAME_MAX) return { code: 'name_too_long', limit: NAME_MAX };
  if (jabatan.length > PLACE_MAX || opd.length > PLACE_MAX) return { code: 'place_too_long', limit: PLACE_MAX };
  let requiredLevel: number | null = null;
  if (levelText !== '') {
    requiredLevel = Number(levelText.replace(',', '.'));
    if (!Number.isInteger(requiredLevel) || requiredLevel < 1 || requiredLevel > AKPK_LEVEL_MAX)
      return { code: 'invalid_level', value: storableExcerpt(levelText, 20), limit: AKPK_LEVEL_MAX };
  }
  return {
    code,
    name,
    type: 'teknis',
    jabatan: jabatan === '' ? null : jabatan,
    opd: opd === '' ? null : opd,
    requiredLevel,
  };
}

/** The reason in Bahasa Indonesia, for API clients (the admin screen words `code` itself). */
function errorMessage({ code, column = '', value = '', limit = 0, otherRow = 0 }: Reason): string {
  switch (code) {
    case 'empty':
      return 'Berkas kosong.';
    case 'no_rows':
      return 'Berkas tidak memuat baris data.';
    case 'no_header':
      return 'Baris judul kolom tidak ditemukan: baris pertama harus berbunyi kode;nama;jabatan;level_standar.';
    case 'duplicate_column':
      return `Kolom "${column}" muncul lebih dari sekali di baris judul.`;
    case 'missing_columns':
      return `Kolom wajib tidak ada: ${column}.`;
    case 'too_many_rows':
      return `Berkas memuat lebih dari ${limit} kompetensi. Bagi per OPD atau jabatan.`;
    case 'missing_code':
      return 'kode kosong.';
    case 'invalid_code':
      return (
        `kode "${value}" tidak sah: gunakan huruf, angka, titik, garis bawah atau tanda hubung ` + '(paling banyak 64).'
      );
    case 'built_in_code':
      return `kode ${value} dipakai kompetensi manajerial/sosial kultural bawaan; pilih kode lain.`;
    case 'duplicate_code':
      return `kode ${value} sudah dipakai di baris ${otherRow}.`;
    case 'missing_name':
      return 'nama kompetensi kosong.';
    case 'name_too_long':
      return `nama kompetensi lebih dari ${limit} karakter.`;
    case 'place_too_long':
      return `jabatan atau OPD lebih dari ${limit} karakter.`;
    case 'invalid_level':
      return `level_standar "${value}" harus bilangan bulat 1–${limit} (kosongkan agar mengikuti jenis ` + 'jabatan).';
    case 'unstorable_text':
      return (
        `kolom ${column} memuat karakter yang tidak dapat disimpan (karakter kendali NUL atau karakter Unicode ` +
        'rusak). Ketik ulang isi sel itu di Excel lalu unggah lagi.'
      );
  }
}
