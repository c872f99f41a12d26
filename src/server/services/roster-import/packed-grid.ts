import { TimeSlices } from '../time-slices';

/**
 * A sheet's cells as its reader's worker hands them back: every cell's text in one string, and
 * where each cell and each row ends. Posted as `string[][]`, a 50,000-row sheet's 450,000
 * strings were rebuilt on the event loop in one piece when the message arrived (0.1–0.3 s, more
 * on a busy machine, every other request waiting); one string and two transferred arrays arrive
 * at once, and the rows are cut out of them in time slices.
 */
export interface PackedGrid {
  text: string;
  /** `text`'s offset where each cell ends, cells in row order. */
  cellEnds: Uint32Array<ArrayBuffer>;
  /** How many cells end at the end of each row (cumulative). */
  rowEnds: Uint32Array<ArrayBuffer>;
}

export function packGrid(grid: readonly (readonly string[])[]): PackedGrid {
  const cells = grid.flat();
  const cellEnds = new Uint32Array(cells.length);
  let end = 0;
  for (const [index, cell] of cells.entries()) cellEnds[index] = end += cell.length;
  const rowEnds = new Uint32Array(grid.length);
  let cellCount = 0;
  for (const [index, row] of grid.entries()) rowEnds[index] = cellCount += row.length;
  return { text: cells.join(''), cellEnds, rowEnds };
}

export async function unpackGrid({ text, cellEnds, rowEnds }: PackedGrid): Promise<string[][]> {
  const slices = new TimeSlices();
  const grid: string[][] = [];
  let cell = 0;
  let at = 0;
  for (const rowEnd of rowEnds) {
    const row: string[] = [];
    for (; cell < rowEnd; cell++) {
      const end = cellEnds[cell] ?? at;
      row.push(text.slice(at, end));
      at = end;
    }
    grid.push(row);
    await slices.step();
  }
  return grid;
}
