import { readXlsx } from './roster-import/read-xlsx';
import type { XlsxReadReply, XlsxReadRequest } from './roster-import/read-table';
import { serveJobs } from './worker-jobs';

/**
 * The worker thread behind `readGrid`'s XLSX files: inflating, measuring and laying out a
 * 50,000-row sheet is 3–11 s of CPU, which on the main thread would stall every other request.
 */
serveJobs<XlsxReadRequest, XlsxReadReply>(async ({ bytes, maxRecords }) => ({
  reply: await readXlsx(bytes, maxRecords),
}));
