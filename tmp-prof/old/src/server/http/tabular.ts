import writeXlsxFile from 'write-excel-file/node';

/**
 * An XLSX workbook of one sheet from rows of text and numbers: the first row is the header
 * (bold). Text stays text (an 18-digit NIP keeps every digit, a name starting with `=` is no
 * formula): only numbers are written as numbers. CSV is `shared/csv.ts`.
 */
export async function xlsxDocument(
  rows: readonly (readonly (string | number)[])[],
  sheet: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const [header = [], ...body] = rows;
  const data = [
    header.map((value) => ({ value: String(value), type: String, fontWeight: 'bold' as const })),
    ...body.map((row) =>
      row.map((value) => (typeof value === 'number' ? { value, type: Number } : { value, type: String })),
    ),
  ];
  const buffer = await writeXlsxFile(data, { sheet: sheet.slice(0, 31) }).toBuffer();
  return new Uint8Array(buffer);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

/** `attachment; filename=…` for a name we built (ASCII, no quotes). */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;
}
