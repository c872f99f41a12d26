import { ROSTER_COLUMNS, type RosterColumnName } from '../../../shared/protocol/roster-import';

export type RosterColumn = RosterColumnName;

/**
 * The roster file's columns and the header names accepted for each. A header is compared after
 * folding: lower case, accents removed, everything but letters and digits dropped — so
 * "Unit Kerja", "UNIT_KERJA", "unit kerja " and "Unit-Kerja" are one name. The lists are the
 * names BKPSDM and SIMPEG exports use (the README prints them). Keyed by every column of the shared
 * list (`ROSTER_COLUMNS`): a column added there fails to compile here until it has its names.
 */
const HEADER_NAMES: Readonly<Record<RosterColumn, readonly string[]>> = {
  nip: ['NIP', 'NIP Baru', 'NIP 18', 'NI PPPK', 'NIP/NI PPPK', 'NIP PPPK', 'Nomor Induk Pegawai'],
  name: ['Nama', 'Nama Lengkap', 'Nama Pegawai', 'Nama ASN', 'Nama PNS'],
  status: ['Status', 'Status Pegawai', 'Status Kepegawaian', 'Status ASN', 'Jenis Pegawai', 'Jenis ASN'],
  jabatan: ['Jabatan', 'Nama Jabatan', 'Jabatan Terakhir'],
  jenisJabatan: ['Jenis Jabatan', 'Jns Jabatan', 'Kelompok Jabatan', 'Tipe Jabatan'],
  golongan: [
    'Golongan',
    'Gol',
    'Gol Ruang',
    'Golongan Ruang',
    'Golru',
    'Pangkat/Golongan',
    'Pangkat Golongan',
    'Pangkat/Gol',
  ],
  unit: ['Unit Kerja', 'Unker', 'Unor', 'Unit Organisasi', 'Sub Unit Kerja', 'Unit'],
  opd: ['OPD', 'Perangkat Daerah', 'SKPD', 'Satuan Kerja', 'Satker', 'Instansi Induk', 'Unit Kerja Induk'],
  atasanNip: ['NIP Atasan', 'NIP Atasan Langsung', 'Atasan NIP', 'NIP Pejabat Penilai', 'NIP Penilai'],
  aktif: ['Aktif', 'Status Aktif', 'Masih Aktif'],
};

/** The columns in the shared list's order (`ROSTER_COLUMNS`), each with its header names. */
export const COLUMN_NAMES: ReadonlyMap<RosterColumn, readonly string[]> = new Map(
  ROSTER_COLUMNS.map((column) => [column, HEADER_NAMES[column]] as const),
);

/** Columns a file must have; the others may be left out (then an update keeps what the roster has). */
export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['nip', 'name', 'status', 'unit', 'opd'];

export function foldHeader(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

const BY_FOLDED = new Map<string, RosterColumn>(
  [...COLUMN_NAMES].flatMap(([column, names]) => names.map((name) => [foldHeader(name), column] as const)),
);

export function columnOf(header: string): RosterColumn | null {
  return BY_FOLDED.get(foldHeader(header)) ?? null;
}

/** Indonesian names of the columns, for messages ("kolom NIP Atasan"). */
export const COLUMN_LABELS: ReadonlyMap<RosterColumn, string> = new Map<RosterColumn, string>(
  [...COLUMN_NAMES].map(([column, names]) => [column, names[0] ?? column]),
);
