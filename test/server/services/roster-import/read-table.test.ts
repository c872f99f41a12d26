import { describe, expect, it } from 'vitest';
import { readGrid, readRosterTable, withMessage } from '../../../../src/server/services/roster-import/read-table';
import { line, workbook } from '../../../fixtures/xlsx';
import { longestStall } from '../../event-loop';

const HEADER = 'NIP;Nama;Status;Jabatan;Jenis Jabatan;Golongan;Unit Kerja;OPD;NIP Atasan';
const isColumn = (cell: string) => HEADER.split(';').includes(cell);
const encode = (text: string) => new TextEncoder().encode(text);

describe('reading a roster CSV', () => {
  it('a big file never holds up other requests for long', async () => {
    const row =
      '199305182020121005;"Budi ""B"" Santoso, S.Kom.";PNS;Pranata Komputer Ahli Pertama;Fungsional;III/a;' +
      `Bidang Perencanaan;Badan Perencanaan Pembangunan Daerah;197002121995031002;${'x'.repeat(200)}`;
    // 50,000 rows (20 MB), and one quoted field of 8 MB: the character-at-a-time reader held the
    // server 7.5 and 11.5 s on them.
    const files = [[HEADER, ...Array<string>(50_000).fill(row)].join('\r\n'), `${HEADER}\n1;"${'a'.repeat(8e6)}"`];
    for (const text of files) {
      let rows = 0;
      const stall = await longestStall(async () => {
        const grid = await readGrid(encode(text), isColumn, 51_000);
        rows = grid.ok ? grid.grid.length : -1;
      });
      expect(rows).toBeGreaterThan(1);
      expect(stall).toBeLessThan(1000);
    }
  });

  it('a quote never closed refuses the file, naming its row, instead of swallowing the rest', async () => {
    const rows = ['199001012015031001;"Tanpa tutup;PNS;;;;U;Dinas', '199001012015031002;B;PNS;;;;U;Dinas'];
    const grid = await readGrid(encode([HEADER, ...rows].join('\n')), isColumn, 100);
    expect(grid).toMatchObject({
      ok: false,
      problem: { code: 'unreadable', reason: 'unclosed_quote', rows: 2 },
    });
    expect(grid.ok === false && 'reason' in grid.problem && withMessage(grid.problem).message).toContain('baris 2');
    // A quoted cell that holds a line break and closes is one cell, as before.
    const closed = await readGrid(encode(`${HEADER}\n1;"Dua\nbaris";PNS\n2;B;PNS`), isColumn, 100);
    expect(closed).toMatchObject({
      ok: true,
      grid: [expect.anything(), ['1', 'Dua\nbaris', 'PNS'], ['2', 'B', 'PNS']],
    });
  });

  it('a NUL or a byte Windows-1252 leaves undefined is one bad cell, not a refused file', async () => {
    // The import refuses the row holding it (`unstorable_text`); the rows beside it still read.
    const bytes = new Uint8Array([...encode(`${HEADER}\n199001012015031001;Jos`), 0xe9, 0x8d, ...encode(';PNS\n2;B')]);
    expect(await readGrid(bytes, isColumn, 100)).toMatchObject({
      ok: true,
      grid: [expect.anything(), ['199001012015031001', 'Jos\u00e9\u0000', 'PNS'], ['2', 'B']],
    });
    expect(await readGrid(encode(`${HEADER}\n1;A\u0000B;PNS\n2;B`), isColumn, 100)).toMatchObject({
      ok: true,
      grid: [expect.anything(), ['1', 'A\u0000B', 'PNS'], ['2', 'B']],
    });
    // A binary file (no header naming a column, NULs) is still no table at all.
    const pdf = encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Length 3 >>\nstream\n\u0000\u0001\u0002\nendstream');
    expect(await readGrid(pdf, isColumn, 100)).toMatchObject({
      ok: false,
      problem: { code: 'unreadable', reason: 'not_a_table' },
    });
    // Nor is UTF-16 without a BOM, whose header `N\0I\0P\0` the roster's folding would read as NIP.
    const utf16 = Buffer.from(
      `${HEADER}\r\n199001012015011001;Budi;PNS;Staf;Pelaksana;III/a;Umum;Dinas A;\r\n`,
      'utf16le',
    );
    expect(await readRosterTable(new Uint8Array(utf16))).toMatchObject({
      ok: false,
      problem: { code: 'unreadable', reason: 'not_a_table' },
    });
  });

  it('a record of more columns than any roster is refused, saying so', async () => {
    const grid = await readGrid(encode(`${HEADER}\n${';'.repeat(300)}`), isColumn, 100);
    expect(grid).toMatchObject({ ok: false, problem: { code: 'unreadable', reason: 'too_many_fields', limit: 256 } });
    if (grid.ok || grid.problem.code !== 'unreadable') return;
    expect(withMessage(grid.problem).message).toContain('256 kolom');
  });
});

describe('reading a roster XLSX', () => {
  it('a big sheet is read off the event loop: timers keep firing throughout', async () => {
    // 30,000 rows × 9 inline-string cells: on the main thread its inflating, measuring and
    // read-excel-file's layout held the server seconds at a time (11 s for 50,000 rows at load 20).
    const rows = Array.from({ length: 30_000 }, (_, index) =>
      line(index + 2, [
        String(199305182020121005n + BigInt(index)),
        `Pegawai ${index} ${(index * 7919).toString(36)}`,
        'PNS',
        `Jabatan ${index % 97}`,
        'Pelaksana',
        'III/a',
        `Unit ${index % 31}`,
        `Dinas ${index % 13}`,
        '',
      ]),
    );
    const xlsx = workbook(line(1, HEADER.split(';')) + rows.join(''));
    let read = -1;
    const started = performance.now();
    const stall = await longestStall(async () => {
      const grid = await readGrid(xlsx, isColumn, 51_000);
      read = grid.ok ? grid.grid.length : -1;
    });
    const took = performance.now() - started;
    expect(read).toBe(30_001);
    // Relative to the read itself, so a busy machine (slower read, longer OS pauses) judges the
    // same: read in one piece, the longest stall is about half the read (its two synchronous
    // halves); off the loop, only receiving the cells back holds it, briefly.
    expect(stall, `longest stall ${Math.round(stall)} ms of a ${Math.round(took)} ms read`).toBeLessThan(took / 4);
  });

  it('a sheet whose value lies past the rows a roster may have is refused before it is laid out', async () => {
    // 100,000 `<row r="…"/>` and one value after them, 200 KB: read-excel-file ran 97 s on it
    // (its file worker stopped at the 60 s limit, \`read_timeout\`); the CSV of it is refused at once.
    const emptyRows = Array.from({ length: 100_000 }, (_, index) => `<row r="${index + 2}"/>`).join('');
    const last = line(100_002, ['199501012020121021', 'Far', 'PNS', 'A', 'Pelaksana', 'III/a', 'U', 'D', '']);
    const grid = await readGrid(workbook(line(1, HEADER.split(';')) + emptyRows + last), isColumn, 51_000);
    expect(grid.ok ? grid.grid.length : grid.problem.code).toBe('too_many_rows');
  }, 120_000);
});
