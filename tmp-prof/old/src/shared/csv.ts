/**
 * CSV as BKPSDM staff open it, for every export (attempts on the phone, JP reports and the
 * SIASN file on the server):
 * - separator `;`: Excel on Indonesian Windows (id-ID) uses `,` as the decimal mark and `;` as
 *   the list separator, so a `;` file opens straight into columns;
 * - UTF-8 with a BOM: without it Excel reads the file as ANSI and garbles names and units;
 * - CRLF line ends (RFC 4180); a field with `;`, `"` or a line break is quoted;
 * - a cell starting with = + - @ would run as a formula in Excel; names come from user data,
 *   so such a cell gets a leading apostrophe.
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole file: BOM, one line per row. */
export function csvDocument(rows: readonly (readonly (string | number)[])[]): string {
  return BOM + rows.map((row) => row.map((cell) => csvField(String(cell))).join(CSV_SEPARATOR)).join('\r\n') + '\r\n';
}
