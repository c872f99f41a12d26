import { packGrid } from './roster-import/packed-grid';
import { readXlsx } from './roster-import/read-xlsx';
import type { XlsxJobReply, XlsxReadRequest } from './roster-import/read-table';
import { serveJobs } from './worker-jobs';

/**
 * The worker thread behind `readGrid`'s XLSX files: inflating, measuring and laying out a
 * 50,000-row sheet is 3–11 s of CPU, which on the main thread would stall every other request.
 */
serveJobs<XlsxReadRequest, XlsxJobReply>(async ({ bytes, maxRecords }) => {
  const grid = await readXlsx(bytes, maxRecords);
  if (!Array.isArray(grid)) return { reply: grid };
  const packed = packGrid(grid);
  return { reply: packed, transfer: [packed.cellEnds.buffer, packed.rowEnds.buffer] };
});
