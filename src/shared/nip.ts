/**
 * NIP (Nomor Induk Pegawai): 18 digits = birth date YYYYMMDD + appointment (TMT CPNS) YYYYMM
 * + sex (1 man, 2 woman) + a 3-digit sequence. Checking the dates catches most typos before
 * a login round-trip over a slow link.
 */
export function isValidNip(nip: string): boolean {
  if (!/^\d{18}$/.test(nip)) return false;
  const year = Number(nip.slice(0, 4));
  const month = Number(nip.slice(4, 6));
  const day = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (year < 1940) return false;
  const appointedYear = Number(nip.slice(8, 12));
  const appointedMonth = Number(nip.slice(12, 14));
  if (appointedMonth < 1 || appointedMonth > 12 || appointedYear < year + 15) return false;
  const sex = nip[14];
  if (sex !== '1' && sex !== '2') return false;
  return nip.slice(15) !== '000';
}
