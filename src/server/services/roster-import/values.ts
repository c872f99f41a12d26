import { normalizeGolongan, type EmploymentStatus, type JenisJabatan } from '../../../shared/roster';
import { foldHeader } from './columns';

/**
 * Cell values as BKPSDM files write them, read forgivingly: "pns", "Calon PNS", "P3K";
 * "Jabatan Fungsional", "JFT"; "Penata Muda / III/a"; "'199207212019032001" (Excel's text
 * marker), "19920721 201903 2 001". Null when the text is not one of them.
 */

const STATUSES = new Map<string, EmploymentStatus>([
  ['pns', 'PNS'],
  ['pegawainegerisipil', 'PNS'],
  ['cpns', 'CPNS'],
  ['calonpns', 'CPNS'],
  ['calonpegawainegerisipil', 'CPNS'],
  ['pppk', 'PPPK'],
  ['p3k', 'PPPK'],
  ['pegawaipemerintahdenganperjanjiankerja', 'PPPK'],
]);

export function parseStatus(text: string): EmploymentStatus | null {
  return STATUSES.get(foldHeader(text)) ?? null;
}

const JENIS = new Map<string, JenisJabatan>([
  ['jpt', 'JPT'],
  ['pimpinantinggi', 'JPT'],
  ['jptpratama', 'JPT'],
  ['jptmadya', 'JPT'],
  ['administrator', 'Administrator'],
  ['administrasi', 'Administrator'],
  ['pengawas', 'Pengawas'],
  ['pelaksana', 'Pelaksana'],
  // "Fungsional umum" was the old name of what is now Pelaksana (PermenPANRB 41/2018).
  ['jfu', 'Pelaksana'],
  ['fungsionalumum', 'Pelaksana'],
  ['fungsional', 'Fungsional'],
  ['jf', 'Fungsional'],
  ['jft', 'Fungsional'],
  ['fungsionaltertentu', 'Fungsional'],
]);

export function parseJenisJabatan(text: string): JenisJabatan | null {
  const folded = foldHeader(text);
  return JENIS.get(folded) ?? JENIS.get(folded.replace(/^jabatan/, '')) ?? null;
}

/** The golongan in the roster's form, also when the cell carries the pangkat too ("Penata Muda, III/a"). */
export function parseGolongan(text: string, status: EmploymentStatus): string | null {
  const whole = normalizeGolongan(text, status);
  if (whole !== null) return whole;
  if (status === 'PPPK') {
    for (const token of text.split(/[^A-Za-z]+/)) {
      const golongan = normalizeGolongan(token, status);
      if (golongan !== null) return golongan;
    }
    return null;
  }
  const match = /\b(IV|III|II|I)\s*\/\s*([a-e])\b/i.exec(text);
  return match === null ? null : normalizeGolongan(`${match[1]}/${match[2]}`, status);
}

const AKTIF = new Map<string, boolean>([
  ['ya', true],
  ['y', true],
  ['aktif', true],
  ['1', true],
  ['true', true],
  ['yes', true],
  ['tidak', false],
  ['t', false],
  ['tidakaktif', false],
  ['nonaktif', false],
  ['0', false],
  ['false', false],
  ['no', false],
  ['n', false],
]);

export function parseAktif(text: string): boolean | null {
  return AKTIF.get(foldHeader(text)) ?? null;
}

export type NipCell = { ok: true; nip: string } | { ok: false; code: 'missing_nip' | 'nip_as_number' };

/**
 * The text of a numeric XLSX cell, as read-excel-file hands it over (`parseNumber`). A numeric
 * cell holds a double: past 2^53 its digits are not the ones typed, and writers other than Excel
 * (LibreOffice, PhpSpreadsheet, write-excel-file) save an 18-digit NIP as 199804042023042020,
 * which looks like a valid NIP of someone else. Such a number is written in exponent form
 * ("1.9980404202304202e+17"), which no identifier column accepts; smaller numbers (Aktif 1,
 * a level) read as written.
 */
export function numberCellText(text: string): string {
  const value = Number(text);
  return Number.isInteger(value) && !Number.isSafeInteger(value) ? value.toExponential() : text;
}

/**
 * The NIP without spaces and Excel's leading apostrophe. A NIP a spreadsheet turned into a
 * number ("1.99207E+17", "1,99207212019032E+17", a numeric XLSX cell) has lost digits for good:
 * said so, not guessed.
 */
export function parseNipCell(text: string): NipCell {
  const nip = text.replace(/\s+/g, '').replace(/^'/, '');
  if (nip === '') return { ok: false, code: 'missing_nip' };
  if (/^\d+([.,]\d+)?e\+?\d+$/i.test(nip)) return { ok: false, code: 'nip_as_number' };
  // Excel keeps 15 significant digits: an 18-digit NIP it saved as a number ends in 000, a sequence no NIP has.
  if (/^\d{15}000$/.test(nip)) return { ok: false, code: 'nip_as_number' };
  return { ok: true, nip };
}
