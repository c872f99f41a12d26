import { isValidAsnNumber, isValidNip, isValidNiPppk } from './nip';
import { hasVisibleText, stripInvisible } from './text';

/**
 * The roster fields every account carries, as BKPSDM staff data has them. One set of rules for
 * the admin forms, the server and the roster import.
 */

export const EMPLOYMENT_STATUSES = ['PNS', 'CPNS', 'PPPK'] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export const JENIS_JABATAN = ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional'] as const;
export type JenisJabatan = (typeof JENIS_JABATAN)[number];

/** Longest name, jabatan, unit kerja or OPD kept (the database checks the same). */
export const ROSTER_TEXT_MAX = 200;

/** A PNS or CPNS has a NIP; a PPPK has a NI PPPK (see `nip.ts`). */
export function isValidNumberForStatus(nip: string, status: EmploymentStatus): boolean {
  return status === 'PPPK' ? isValidNiPppk(nip) : isValidNip(nip);
}

const PNS_GOLONGAN = /^(I|II|III)\/[a-d]$|^IV\/[a-e]$/;
/** PPPK golongan I–XVII (Perpres 98/2020). */
const PPPK_GOLONGAN = new Set([
  'I',
  'II',
  'III',
  'IV',
  'V',
  'VI',
  'VII',
  'VIII',
  'IX',
  'X',
  'XI',
  'XII',
  'XIII',
  'XIV',
  'XV',
  'XVI',
  'XVII',
]);

/**
 * The golongan as the roster writes it ("III/a", PPPK "IX"), from what a person or a
 * spreadsheet typed ("iii / A", " ix "); null when it is not a golongan of that status.
 */
export function normalizeGolongan(text: string, status: EmploymentStatus): string | null {
  const compact = text.replace(/\s+/g, '');
  const [rank = '', letter] = compact.split('/');
  const normalized = letter === undefined ? rank.toUpperCase() : `${rank.toUpperCase()}/${letter.toLowerCase()}`;
  if (status === 'PPPK') return PPPK_GOLONGAN.has(normalized) ? normalized : null;
  return PNS_GOLONGAN.test(normalized) ? normalized : null;
}

/**
 * Names and places as stored: invisible characters stripped (`stripInvisible`: no zero-width
 * space or right-to-left override in a name on a certificate), trimmed, inner runs of spaces
 * collapsed (so "Dinas  Kesehatan" is one OPD). Text with nothing visible left (lone combining
 * marks) is blank: it would print as nothing in lists and on certificates, so a required field
 * refuses it as empty.
 */
export function normalizeRosterText(text: string): string {
  const tidied = stripInvisible(text.normalize('NFC')).trim().replace(/\s+/g, ' ');
  return hasVisibleText(tidied) ? tidied : '';
}

/** One person's roster entry: what an admin form or a roster row says about them. */
export interface RosterRecord {
  /** NIP, or NI PPPK for status PPPK. */
  nip: string;
  name: string;
  status: EmploymentStatus;
  jabatan: string;
  jenisJabatan: JenisJabatan | null;
  golongan: string | null;
  /** Unit kerja. */
  unit: string;
  opd: string;
  atasanNip: string | null;
}

export type RosterField = keyof RosterRecord;

export const ROSTER_PROBLEM_CODES = [
  'invalid_nip',
  'required',
  'too_long',
  'invalid_golongan',
  'invalid_atasan_nip',
  'own_atasan',
] as const;
export type RosterProblemCode = (typeof ROSTER_PROBLEM_CODES)[number];

export interface RosterProblem {
  field: RosterField;
  code: RosterProblemCode;
}

/**
 * What is wrong with a roster entry, every problem at once (empty when it can be stored).
 * Status and jenis jabatan are checked by type at the boundary; here the rules between fields.
 * Expects text already passed through `normalizeRosterText` and a golongan through `normalizeGolongan`.
 */
export function rosterProblems(record: RosterRecord): RosterProblem[] {
  const problems: RosterProblem[] = [];
  if (!isValidNumberForStatus(record.nip, record.status)) problems.push({ field: 'nip', code: 'invalid_nip' });
  if (record.name === '') problems.push({ field: 'name', code: 'required' });
  for (const field of ['name', 'jabatan', 'unit', 'opd'] as const) {
    if (record[field].length > ROSTER_TEXT_MAX) problems.push({ field, code: 'too_long' });
  }
  if (record.golongan !== null && normalizeGolongan(record.golongan, record.status) !== record.golongan)
    problems.push({ field: 'golongan', code: 'invalid_golongan' });
  if (record.atasanNip !== null) {
    if (!isValidAsnNumber(record.atasanNip)) problems.push({ field: 'atasanNip', code: 'invalid_atasan_nip' });
    else if (record.atasanNip === record.nip) problems.push({ field: 'atasanNip', code: 'own_atasan' });
  }
  return problems;
}
