import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv, SEPARATORS } from '../../../../src/server/services/roster-import/csv';
import {
  parseGolongan,
  parseJenisJabatan,
  parseNipCell,
  parseStatus,
} from '../../../../src/server/services/roster-import/values';
import { columnOf } from '../../../../src/server/services/roster-import/columns';

/** RFC 4180 writing: a field is quoted when it holds the separator, a quote or a line break. */
function writeCsv(records: string[][], separator: string, eol: string): string {
  const field = (text: string) =>
    /["\r\n]/.test(text) || text.includes(separator) ? `"${text.replaceAll('"', '""')}"` : text;
  return records.map((record) => record.map(field).join(separator)).join(eol);
}

/**
 * The reader as it was, a character at a time (it took 11.5 s for one 8 MB quoted field): the
 * reference the fast one is held to on any text.
 */
function referenceParse(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let at = 0; at < text.length; at++) {
    const character = text[at];
    if (quoted) {
      if (character !== '"') field += character;
      else if (text[at + 1] === '"') {
        field += '"';
        at++;
      } else quoted = false;
    } else if (character === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (character === separator) endField();
    else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[at + 1] === '\n') at++;
      endRecord();
    } else {
      field += character;
      fieldStarted = true;
    }
  }
  if (fieldStarted || field !== '' || record.length > 0) endRecord();
  return records;
}

describe('CSV reading', () => {
  it('reads back any table written with RFC 4180 quoting, whatever the separator and line endings', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ';', ',', '\t', '"', '\n', '\r', 'é', '0'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...SEPARATORS),
        fc.constantFrom('\r\n', '\n', '\r'),
        fc.boolean(),
        (records, separator, eol, finalBreak) => {
          const text = writeCsv(records, separator, eol) + (finalBreak ? eol : '');
          expect(parseCsv(text, separator)).toEqual(records);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads any text, however broken its quoting, as the character-at-a-time reader did', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', ';', ',', '\t', '"', '\n', '\r'), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.constantFrom(...SEPARATORS), (csv, separator) => {
        expect(parseCsv(csv, separator)).toEqual(referenceParse(csv, separator));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a stray quote inside an unquoted field, and stops past the record cap', () => {
    expect(parseCsv('a"b;c\n', ';')).toEqual([['a"b', 'c']]);
    expect(parseCsv('a\nb\nc\n', ';', 2)).toBeNull();
    expect(parseCsv('a\nb\n', ';', 2)).toEqual([['a'], ['b']]);
  });

  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, and falls back to Windows-1252', () => {
    const utf8 = new TextEncoder().encode('Nama;José');
    expect(decodeText(utf8)).toBe('Nama;José');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe('Nama;José');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x4e, 0, 0xe9, 0]))).toBe('Né');
    expect(decodeText(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]))).toBe('José');
  });

  it("reads Excel's plain CSV by the Windows-1252 table, not as Latin-1: ’ “ ” € – are no control characters", () => {
    // "Jum’at “Rapat” € 5 – Š…" as Excel writes it on Windows.
    const bytes = [0x4a, 0x75, 0x6d, 0x92, 0x61, 0x74, 0x20, 0x93, 0x52, 0x94, 0x20, 0x80, 0x20, 0x96, 0x8a, 0x85];
    expect(decodeText(new Uint8Array(bytes))).toBe('Jum’at “R” € –Š…');
    // Every byte 0x80–0x9F is a character, except the five the code page leaves undefined: those
    // become NUL, which the reader refuses as a file that is no CSV, instead of a guess in a name.
    const high = Array.from({ length: 32 }, (_, index) => 0x80 + index);
    const decoded = [...decodeText(new Uint8Array(high))];
    expect(decoded.filter((character) => /[\u0080-\u009f]/.test(character))).toEqual([]);
    expect(high.filter((_, index) => decoded[index] === '\u0000')).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
  });
});

describe('forgiving headers and values', () => {
  it.each([
    ['NIP', 'nip'],
    [' nip baru ', 'nip'],
    ['NI PPPK', 'nip'],
    ['NAMA_LENGKAP', 'name'],
    ['Status Kepegawaian', 'status'],
    ['Jenis-Jabatan', 'jenisJabatan'],
    ['Pangkat/Gol', 'golongan'],
    ['UNIT KERJA', 'unit'],
    ['Perangkat Daerah', 'opd'],
    ['SKPD', 'opd'],
    ['NIP Atasan Langsung', 'atasanNip'],
    ['Aktif', 'aktif'],
    ['Alamat', null],
  ] as const)('header %j is column %s', (header, column) => {
    expect(columnOf(header)).toBe(column);
  });

  it('reads statuses, jenis jabatan, golongan and NIP cells as BKPSDM files write them', () => {
    expect(['pns', 'Calon PNS', 'P3K', 'honorer'].map(parseStatus)).toEqual(['PNS', 'CPNS', 'PPPK', null]);
    expect(['Jabatan Fungsional', 'JFU', 'jpt', 'Struktural'].map(parseJenisJabatan)).toEqual([
      'Fungsional',
      'Pelaksana',
      'JPT',
      null,
    ]);
    expect(parseGolongan('Penata Muda Tk. I, III/b', 'PNS')).toBe('III/b');
    expect(parseGolongan('Golongan IX', 'PPPK')).toBe('IX');
    expect(parseGolongan('IX', 'PNS')).toBeNull();
    expect(parseNipCell("'19920721 201903 2 001")).toEqual({ ok: true, nip: '199207212019032001' });
    expect(parseNipCell('1.99207E+17')).toEqual({ ok: false, code: 'nip_as_number' });
    expect(parseNipCell('199207212019032000')).toEqual({ ok: false, code: 'nip_as_number' });
    expect(parseNipCell('  ')).toEqual({ ok: false, code: 'missing_nip' });
  });
});
