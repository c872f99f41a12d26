import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { measureSheets } from '../../../../src/server/services/roster-import/xlsx-bounds';

const measure = (sheetData: string) =>
  measureSheets(
    new Map([['xl/worksheets/sheet1.xml', strToU8(`<worksheet><sheetData>${sheetData}</sheetData></worksheet>`)]]),
  );
const FAR = '<c r="XFD1"><v>1</v></c>';

describe('measuring a sheet before read-excel-file lays it out', () => {
  it('sees a far cell however the XML hides it from a simpler reader', () => {
    for (const sheetData of [
      `<row r="1">${FAR}</row>`,
      `<x:row r="1"><x:c x:r="XFD1"><v>1</v></x:c></x:row>`,
      `<row r="1"><c :r="XFD1"><v>1</v></c></row>`,
      `<row r="1"><c a=">" r="XFD1"><v>1</v></c></row>`,
      `<!-- " --><row r="1">${FAR}</row><!-- " -->`,
      `<foo a="<!--"/><row r="1">${FAR}</row><!-- -->`,
    ])
      expect(measure(sheetData), sheetData).toEqual({ ok: false, problem: 'columns', column: 'XFD' });
  });

  it('refuses references that are not plain, and counts formatting and row gaps as the library does', () => {
    expect(measure('<row r="1"><c r="&#88;FD1"><v>1</v></c></row>')).toEqual({ ok: false, problem: 'broken' });
    expect(measure('<row r="1"><c r="xfd1"><v>1</v></c></row>')).toEqual({ ok: false, problem: 'broken' });
    expect(measure('<row r="1"><c r="XFD1" s="1"/></row>')).toEqual({ ok: true });
    expect(measure('<row r="16000"><c r="IV16000"><v>1</v></c></row>')).toMatchObject({ problem: 'cells' });
    expect(measure('<row r="2000000"/>')).toMatchObject({ problem: 'cells', rows: 2_000_000 });
    expect(measure('<row r="15000"><c r="IV15000"><v>1</v></c></row>')).toEqual({ ok: true });
  });
});
