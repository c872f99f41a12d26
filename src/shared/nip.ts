/**
 * Civil-service numbers. Both are 18 digits and start with the birth date (YYYYMMDD); checking
 * the dates catches most typos before a login round-trip over a slow link.
 *
 * NIP (Nomor Induk Pegawai, PNS and CPNS; Perka BKN 43/2007): birth date + TMT CPNS as YYYYMM +
 * sex (1 man, 2 woman) + a 3-digit sequence.
 *
 * NI PPPK (Nomor Induk PPPK): birth date + the year of first appointment as PPPK (YYYY) + `2`
 * (the PPPK code) + the number of the work agreement (1–9) + sex + a 3-digit sequence. Where a
 * NIP has its appointment month, a NI PPPK therefore has 21, 22, … — never a calendar month.
 * Real NI PPPK seen in public school and agency rosters: `19830207 202121 2 004`,
 * `19921107 202221 1 001` (golongan IX), `19951124 202321 1 015`, `19910523 202421 2 031`.
 * PPPK exist since PP 49/2018 (first recruitment 2019), so no NI PPPK has an earlier year.
 */

/** A PNS/CPNS NIP: real birth date, appointment month 1–12 at age 15 or later, sex, sequence. */
export function isValidNip(nip: string): boolean {
  const parts = commonParts(nip);
  if (parts === null) return false;
  const appointedMonth = Number(nip.slice(12, 14));
  return appointedMonth >= 1 && appointedMonth <= 12;
}

/**
 * A NI PPPK: real birth date, first appointment in 2019 or later at age
 * 15 or later, `2` + agreement 1–9, sex, sequence.
 */
export function isValidNiPppk(nip: string): boolean {
  const parts = commonParts(nip);
  if (parts === null || parts.appointedYear < FIRST_PPPK_YEAR) return false;
  return nip[12] === '2' && nip[13] !== '0';
}

/** Either number: what a login form or an atasan field accepts (the account's status says which applies). */
export function isValidAsnNumber(nip: string): boolean {
  return isValidNip(nip) || isValidNiPppk(nip);
}

const FIRST_PPPK_YEAR = 2019;

/** The checks both numbers share: 18 digits, a real birth date from 1940, appointment at 15 or older, sex, sequence. */
function commonParts(nip: string): { appointedYear: number } | null {
  if (!/^\d{18}$/.test(nip)) return null;
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return null;
  if (year < 1940) return null;
  const appointedYear = Number(nip.slice(8, 12));
  if (appointedYear < year + 15) return null;
  const sex = nip[14];
  if (sex !== '1' && sex !== '2') return null;
  if (nip.slice(15) === '000') return null;
  return { appointedYear };
}
