import type { RosterRecord } from '../roster';

/**
 * Roster import (issue 10.2): a BKPSDM or OPD admin, or a SIMPEG integration, sends the staff
 * file as it is (`POST /api/admin/roster`, CSV or XLSX as the body); rows upsert by NIP.
 * Types and routes only, so the admin screen imports it without anything else.
 */

/**
 * Why one row was not applied. The server's `message` says it in Bahasa Indonesia for API
 * clients; the admin screen words `code` with `field` and `value` in the reader's language.
 */
export const ROSTER_ROW_CODES = [
  /** No NIP in the row. */
  'missing_nip',
  /** Not a NIP (PNS/CPNS) or NI PPPK (PPPK) of the row's status. */
  'invalid_nip',
  /** The spreadsheet kept the NIP as a number, so its last digits are lost (1.99207E+17). */
  'nip_as_number',
  /** The same NIP appears in another row of the file. */
  'duplicate_nip',
  /** Name, unit kerja or OPD empty. */
  'required',
  'too_long',
  /** Status is not PNS, CPNS or PPPK. */
  'unknown_status',
  /** Jenis jabatan is not JPT, Administrator, Pengawas, Pelaksana or Fungsional. */
  'unknown_jenis_jabatan',
  /** Not a golongan of the row's status ("III/a"; PPPK "I"–"XVII"). */
  'invalid_golongan',
  /** NIP atasan is not a NIP. */
  'invalid_atasan_nip',
  /** The row names its own NIP as atasan. */
  'own_atasan',
  /** NIP atasan is neither in the roster nor in an accepted row of the file. */
  'unknown_atasan',
  /** Aktif is not Ya/Tidak. */
  'invalid_aktif',
  /** An OPD admin's file names another OPD, or a person who belongs to another OPD. */
  'other_opd',
  /** An OPD admin's file names an administrator account, which only the BKPSDM manages. */
  'not_manageable',
  /** An OPD admin's file creates an account whose NIP people outside their OPD name as atasan (BKPSDM only). */
  'atasan_of_other_opd',
  /**
   * A cell holds text PostgreSQL cannot store (NUL, half a UTF-16 surrogate pair: `_x0000_`,
   * `&#xD800;` in a workbook): only its row is refused, `field` names the column.
   */
  'unstorable_text',
] as const;
export type RosterRowCode = (typeof ROSTER_ROW_CODES)[number];

export interface RejectedRow {
  /** The row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  /** The NIP as written in the file (may be empty or malformed). */
  nip: string;
  code: RosterRowCode;
  /** The column the reason is about (`required`, `too_long`, `unstorable_text`). */
  field?: RosterColumnName;
  /**
   * What the reason quotes, cut short: the value the file wrote (status, jenis jabatan,
   * golongan, aktif, NIP atasan), the status a NIP was checked against (`invalid_nip`), or the
   * other rows holding the same NIP (`duplicate_nip`, "3, 7").
   */
  value?: string;
  /** In Bahasa Indonesia, for API clients. */
  message: string;
}

/**
 * A roster file's columns, as the rows and changes name them: the one list the wire schema
 * (`people-responses.ts`) and the server's header names (`roster-import/columns.ts`) are built from.
 */
export const ROSTER_COLUMNS = [
  'nip',
  'name',
  'status',
  'jabatan',
  'jenisJabatan',
  'golongan',
  'unit',
  'opd',
  'atasanNip',
  'aktif',
] as const satisfies readonly (keyof RosterRecord | 'aktif')[];
export type RosterColumnName = (typeof ROSTER_COLUMNS)[number];

/**
 * An account of the OPDs in the file that the file does not name (a full re-import): the admin chooses to deactivate.
 */
export interface MissingPerson {
  id: string;
  nip: string;
  name: string;
  opd: string;
}

/** What a change does to one person (the preview lists them). */
export interface RosterChange {
  row: number;
  nip: string;
  name: string;
  kind: 'created' | 'updated';
  /** For an update: the fields that change, with the old and new value. */
  fields: { field: RosterColumnName; from: string | null; to: string | null }[];
}

/** Answer of `POST /api/admin/roster` (also with `?dryRun=true`, when nothing is written). */
export interface RosterImportResult {
  dryRun: boolean;
  /** Data rows read (the header not counted, blank rows skipped). */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: RejectedRow[];
  /** The first `ROSTER_CHANGES_SHOWN` changes, for the preview. */
  changes: RosterChange[];
  missing: MissingPerson[];
  /** Accounts missing from the file in all (`missing` may be cut at `ROSTER_MISSING_SHOWN`). */
  missingCount: number;
  /** New accounts without a password per OPD: hand out their initial passwords next. */
  needPasswords: { opd: string; count: number }[];
}

export const ROSTER_CHANGES_SHOWN = 500;
export const ROSTER_MISSING_SHOWN = 2000;
/** Data rows one file may hold: a province's roster fits; a runaway export does not. */
export const ROSTER_MAX_ROWS = 50_000;
/** Bytes of one roster file (a 50,000-row CSV is about 10 MB). */
export const ROSTER_MAX_BYTES = 20 * 1024 * 1024;

/** A file the server cannot read as a roster at all: nothing is applied. */
export const ROSTER_FILE_CODES = [
  'unreadable',
  'empty',
  'missing_columns',
  'duplicate_column',
  'too_many_rows',
] as const;
export type RosterFileCode = (typeof ROSTER_FILE_CODES)[number];

/**
 * What exactly is wrong with a file, so the screen can say what to do about it. The roster and
 * the AKPK competency imports read files with one reader and share these.
 */
export const TABLE_FILE_REASONS = [
  /** `unreadable`: neither CSV nor XLSX (a binary, a NUL byte in a CSV). */
  'not_a_table',
  /** `unreadable`: an XLSX that does not open (a broken zip, a malformed sheet). */
  'broken_xlsx',
  /** `unreadable`: an XLSX whose reading took more than `limit` seconds (a sheet too heavy, a server too busy). */
  'read_timeout',
  /** `unreadable`: a CSV quote opened in row `rows` and never closed (the rest would be one cell). */
  'unclosed_quote',
  /** `unreadable`: a CSV record of more than `limit` fields. */
  'too_many_fields',
  /** `unreadable`: more than `limit` cells in all. */
  'too_many_cells',
  /** `unreadable`: a sheet value in `column`, past the `limit`-th column. */
  'column_too_far',
  /** `unreadable`: a sheet grid of `rows` × `width` cells, past `limit`. */
  'sheet_too_large',
  /** `missing_columns`: no header row in the first lines. */
  'no_header',
  /** `empty`: a header, then no data row. */
  'no_rows',
] as const;
export type TableFileReason = (typeof TABLE_FILE_REASONS)[number];

/** `details` of a 422 `invalid_roster_file` answer (and of `invalid_competency_file`). */
export interface RosterFileProblem {
  code: RosterFileCode;
  reason?: TableFileReason;
  /** In Bahasa Indonesia, for API clients; the admin screen words `code`, `reason` and the values below. */
  message: string;
  /** For `missing_columns` and `duplicate_column`: which (header names as the file should have them). */
  columns?: string[];
  /** The cap passed: rows for `too_many_rows`, fields, cells or columns for `unreadable`, seconds (`read_timeout`). */
  limit?: number;
  /** For `column_too_far`: the sheet column holding the value ("XFD"). */
  column?: string;
  /** For `sheet_too_large`: the grid's rows and columns; for `unclosed_quote`: the row the quote opened in. */
  rows?: number;
  width?: number;
}

/** `POST /api/admin/roster/deactivate`: the accounts a full re-import found missing, chosen by the admin. */
export interface DeactivateRequest {
  ids: string[];
}
export const DEACTIVATE_MAX = 5000;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const rosterApi = {
  import: (dryRun: boolean) => `/api/admin/roster${dryRun ? '?dryRun=true' : ''}`,
  deactivate: '/api/admin/roster/deactivate',
} as const;
