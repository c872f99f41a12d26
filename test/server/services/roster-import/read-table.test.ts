import { describe, expect, it } from 'vitest';
import { readGrid, withMessage } from '../../../../src/server/services/roster-import/read-table';

const HEADER = 'NIP;Nama;Status;Jabatan;Jenis Jabatan;Golongan;Unit Kerja;OPD;NIP Atasan';
const isColumn = (cell: string) => HEADER.split(';').includes(cell);
const encode = (text: string) => new TextEncoder().encode(text);

/** The longest the event loop was held while `work` ran, in milliseconds. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  await new Promise((resolve) => setTimeout(resolve, 10));
  last = performance.now();
  longest = 0;
  await work();
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(timer);
  return longest;
}

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

  it('a record of more columns than any roster is refused, saying so', async () => {
    const grid = await readGrid(encode(`${HEADER}\n${';'.repeat(300)}`), isColumn, 100);
    expect(grid).toMatchObject({ ok: false, problem: { code: 'unreadable', reason: 'too_many_fields', limit: 256 } });
    if (grid.ok || grid.problem.code !== 'unreadable') return;
    expect(withMessage(grid.problem).message).toContain('256 kolom');
  });
});
