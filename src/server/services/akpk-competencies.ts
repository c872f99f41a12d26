import { COMPETENCY_IMPORT_MAX_ROWS, type CompetencyImport, type PeriodCompetency } from '../../shared/protocol/akpk';
import { AKPK_LEVEL_MAX, BUILT_IN_COMPETENCIES, COMPETENCY_CODE } from '../../shared/records/akpk';
import { ApiError } from '../http/api-error';
import { foldHeader } from './roster-import/columns';
import { readGrid } from './roster-import/read-table';

/**
 * The technical competencies a BKPSDM imports for a survey period, from the CSV or XLSX its
 * staff keep (`kode;nama;jabatan;level_standar`, an `opd` column optional). Read by the roster
 * import's reader, as forgivingly (`;`, `,` or tab, BOM or not, Windows-1252, the first sheet of
 * a workbook, header names in any case or spelling from the lists below, a title line above the
 * header); every row that does not read gets its own Indonesian message, and the rows that do are kept.
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

const fileProblem = (message: string): CompetencyImport => ({ competencies: [], errors: [{ row: 0, message }] });

const tooMany = () =>
  fileProblem(`Berkas memuat lebih dari ${COMPETENCY_IMPORT_MAX_ROWS} kompetensi. Bagi per OPD atau jabatan.`);

/**
 * A file that is no table at all (a broken or hostile workbook, a binary) is refused whole with
 * a 422 as the roster import does; a table with problems answers its rows and their errors.
 */
export async function readCompetencyFile(bytes: Uint8Array): Promise<CompetencyImport> {
  const read = await readGrid(
    bytes,
    (cell) => columnOf(cell) !== null,
    COMPETENCY_IMPORT_MAX_ROWS + HEADER_SEARCH_ROWS + 100,
  );
  if (!read.ok) {
    if (read.problem.code === 'too_many_rows') return tooMany();
    throw new ApiError(422, 'invalid_competency_file', read.problem.message);
  }
  const { grid } = read;
  const headerIndex = grid
    .slice(0, HEADER_SEARCH_ROWS)
    .findIndex((record) => record.some((cell) => columnOf(cell) === 'code'));
  // An empty file, or one without the header, is no competency table either: 422 as documented.
  if (headerIndex === -1)
    throw new ApiError(
      422,
      'invalid_competency_file',
      grid.every((record) => record.every((cell) => cell.trim() === ''))
        ? 'Berkas kosong.'
        : 'Baris judul kolom tidak ditemukan: baris pertama harus berbunyi kode;nama;jabatan;level_standar.',
    );
  const positions = new Map<Column, number>();
  for (const [index, cell] of (grid[headerIndex] ?? []).entries()) {
    const column = columnOf(cell);
    if (column === null) continue;
    if (positions.has(column)) return fileProblem(`Kolom "${cell.trim()}" muncul lebih dari sekali di baris judul.`);
    positions.set(column, index);
  }
  if (!positions.has('name')) return fileProblem('Kolom wajib tidak ada: nama.');

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
    const result = readRow(cell, seen);
    if (typeof result === 'string') errors.push({ row, message: `Baris ${row}: ${result}` });
    else {
      seen.set(result.code, row);
      competencies.push(result);
    }
  }
  if (competencies.length > COMPETENCY_IMPORT_MAX_ROWS) return tooMany();
  if (competencies.length === 0 && errors.length === 0)
    throw new ApiError(422, 'invalid_competency_file', 'Berkas tidak memuat baris data.');
  return { competencies, errors };
}

/** One row as a competency, or why it is refused (Indonesian, for the admin). */
function readRow(cell: (column: Column) => string, seen: ReadonlyMap<string, number>): PeriodCompetency | string {
  const code = cell('code');
  const name = cell('name');
  const jabatan = cell('jabatan');
  const opd = cell('opd');
  const levelText = cell('level');
  if (code === '') return 'kode kosong.';
  if (!COMPETENCY_CODE.test(code))
    return (
      `kode "${code.slice(0, 40)}" tidak sah: gunakan huruf, angka, titik, ` +
      'garis bawah atau tanda hubung (paling banyak 64).'
    );
  if (BUILT_IN_CODES.has(code))
    return `kode ${code} dipakai kompetensi manajerial/sosial kultural bawaan; pilih kode lain.`;
  const earlier = seen.get(code);
  if (earlier !== undefined) return `kode ${code} sudah dipakai di baris ${earlier}.`;
  if (name === '') return 'nama kompetensi kosong.';
  if (name.length > NAME_MAX) return `nama kompetensi lebih dari ${NAME_MAX} karakter.`;
  if (jabatan.length > PLACE_MAX || opd.length > PLACE_MAX) return `jabatan atau OPD lebih dari ${PLACE_MAX} karakter.`;
  let requiredLevel: number | null = null;
  if (levelText !== '') {
    requiredLevel = Number(levelText.replace(',', '.'));
    if (!Number.isInteger(requiredLevel) || requiredLevel < 1 || requiredLevel > AKPK_LEVEL_MAX)
      return (
        `level_standar "${levelText.slice(0, 20)}" harus bilangan bulat 1–${AKPK_LEVEL_MAX} (kosongkan agar ` +
        'mengikuti jenis jabatan).'
      );
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
