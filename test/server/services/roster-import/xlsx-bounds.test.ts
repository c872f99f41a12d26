import { strFromU8, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { measureSheets } from '../../../../src/server/services/roster-import/xlsx-bounds';

const SHEET = 'xl/worksheets/sheet1.xml';
const measure = (sheetData: string, maxRows?: number) =>
  measureSheets(new Map([[SHEET, strToU8(`<worksheet><sheetData>${sheetData}</sheetData></worksheet>`)]]), maxRows);
const sheetRead = (sheetData: string) => {
  const size = measure(sheetData);
  if (!size.ok) throw new Error(`refused: ${size.problem}`);
  return strFromU8(size.parts.get(SHEET)!);
};
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
    expect(measure('<row r="1"><c r="XFD1" s="1"/></row>')).toMatchObject({ ok: true });
    expect(measure('<row r="16000"><c r="IV16000"><v>1</v></c></row>')).toMatchObject({ problem: 'cells' });
    expect(measure('<row r="2000000"/>')).toMatchObject({ problem: 'cells', rows: 2_000_000 });
    expect(measure('<row r="15000"><c r="IV15000"><v>1</v></c></row>')).toMatchObject({ ok: true });
  });

  it('refuses a value past the rows the caller reads before the library lays out the rows before it', () => {
    const last = '<row r="50002"><c r="A50002"><v>1</v></c></row>';
    expect(measure(last, 50_001)).toEqual({ ok: false, problem: 'rows' });
    expect(measure(last, 50_002)).toMatchObject({ ok: true });
    // Numbered or counted, the row of a value is the row the library puts it in.
    expect(measure(`${'<row/>'.repeat(5)}<row><c><v>1</v></c></row>`, 5)).toEqual({ ok: false, problem: 'rows' });
    // A long list on another sheet does not refuse the roster beside it (the library reads one).
    const sheet = (rows: string) => strToU8(`<worksheet><sheetData>${rows}</sheetData></worksheet>`);
    const roster = '<row r="1"><c r="A1"><v>1</v></c></row>';
    const twoSheets = new Map([
      [SHEET, sheet(roster)],
      ['xl/worksheets/sheet2.xml', sheet(last)],
    ]);
    expect(measureSheets(twoSheets, 50_001)).toMatchObject({ ok: true });
  });

  it('hands the library a sheet without its empty numbered rows, which it reads many times slower', () => {
    const value = (row: number) => `<row r="${row}"><c r="A${row}" t="inlineStr"><is><t>x</t></is></c></row>`;
    const empty = '<row r="2"/><row r="3" ht="20"><c r="A3" s="1"/><c r="B3" s="2"/></row><x:row r="4"></x:row>';
    expect(sheetRead(`${value(1)}${empty}${value(5)}`)).toBe(
      `<worksheet><sheetData>${value(1)}${value(5)}</sheetData></worksheet>`,
    );
    // A row without a number is counted from the one before it: then nothing is taken out.
    const counted = `${value(1)}<row r="2"/><row><c t="inlineStr"><is><t>y</t></is></c></row>`;
    expect(sheetRead(counted)).toBe(`<worksheet><sheetData>${counted}</sheetData></worksheet>`);
  });
});
