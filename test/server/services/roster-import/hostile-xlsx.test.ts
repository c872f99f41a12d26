import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoginResponse } from '../../../../src/shared/protocol';
import { akpkApi } from '../../../../src/shared/protocol/akpk';
import { rosterApi, XLSX_MEDIA_TYPE } from '../../../../src/shared/protocol/roster-import';
import { createApp } from '../../../../src/server/app';
import { xlsxReader, type XlsxReader } from '../../../../src/server/services/roster-import/read-table';
import { WorkerJobError } from '../../../../src/server/services/worker-jobs';
import { cell, line, row, workbook } from '../../../fixtures/xlsx';
import { backends } from '../../backends';
import { bearer, login, startTestServer, type TestServer } from '../../harness';
import { SETUP_TIMEOUT_MS } from '../../sync-kit';

/**
 * Workbooks a hostile or broken exporter may send to the roster and AKPK competency imports:
 * each is refused with a 422 saying why, never a 500, never a server held up building a grid.
 */

const ROSTER_HEADER = ['NIP', 'Nama', 'Status', 'Jabatan', 'Jenis Jabatan', 'Golongan', 'Unit Kerja', 'OPD'];
const rosterRow = (name: string) =>
  line(2, ['199305182020121005', name, 'PNS', 'Staf', 'Pelaksana', 'III/a', 'Sekretariat', 'Dinas Kesehatan']);
const competencyRows = (name: string) => [
  line(1, ['kode', 'nama', 'jabatan', 'level_standar']),
  line(2, ['TEK.01', name, 'Pranata Komputer', '3']),
];

describe.each(backends)('hostile workbooks on $name', (backend) => {
  let server: TestServer;
  let admin: LoginResponse;

  beforeAll(async () => {
    server = await startTestServer(backend);
    admin = await login(server.app, 'admin');
  }, SETUP_TIMEOUT_MS);
  afterAll(() => server.close());

  const post = (path: string, body: Uint8Array, app = server.app) =>
    app.request(path, {
      method: 'POST',
      headers: { ...bearer(admin.token), 'content-type': XLSX_MEDIA_TYPE },
      body: new Blob([body as Uint8Array<ArrayBuffer>]),
    });
  const refusal = async (response: Response) => {
    const body = (await response.json()) as { error: { code: string; message: string; details?: { code: string } } };
    return { status: response.status, code: body.error.code, file: body.error.details?.code, text: body.error.message };
  };

  it('a value far to the right or far down is refused before a grid is built', async () => {
    // One value at XFD2 would make every row 16,384 cells wide; one at IV16000 makes a grid of 4 million.
    const wide = workbook(line(1, ROSTER_HEADER) + row(2, [cell('A2', '199305182020121005'), cell('XFD2', 'x')]));
    const large = workbook(line(1, ROSTER_HEADER) + rosterRow('Budi') + row(16_000, [cell('IV16000', 'x')]));
    for (const [body, says] of [
      [wide, /kolom XFD.*256 kolom/],
      [large, /16\.000 baris × 256 kolom/],
    ] as const)
      for (const dryRun of [true, false]) {
        const answer = await refusal(await post(rosterApi.import(dryRun), body));
        expect(answer).toMatchObject({ status: 422, file: 'unreadable', text: expect.stringMatching(says) });
      }
    const competencies = await refusal(await post(akpkApi.competencies, wide));
    expect(competencies).toMatchObject({ status: 422, code: 'invalid_competency_file' });
    // Past the competency file's own row cap, it says so as before.
    const tooMany = await post(akpkApi.competencies, large);
    expect(await tooMany.json()).toMatchObject({
      errors: [{ row: 0, message: expect.stringContaining('lebih dari') }],
    });
  });

  it('a wide sheet within the caps still reads', async () => {
    const columns = Array.from({ length: 200 }, (_, index) => `Kolom ${index}`);
    const header = row(1, [
      ...ROSTER_HEADER.map((text, index) => cell(`${String.fromCharCode(65 + index)}1`, text)),
      cell('GR1', columns[0] ?? ''),
    ]);
    const response = await post(rosterApi.import(true), workbook(header + rosterRow('Budi Santoso')));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rows: 1, rejected: [] });
  });

  it('a cell with NUL or half a surrogate pair refuses its row alone, naming the column (preview, apply)', async () => {
    const other = (number: number, nip: string) =>
      line(number, [nip, 'Sari Dewi', 'PNS', 'Staf', 'Pelaksana', 'III/a', 'Sekretariat', 'Dinas Kesehatan']);
    for (const [index, name] of ['Budi&#0;X', 'Budi_x0000_X', 'Budi&#xD800;X', 'Budi_xDC00_'].entries()) {
      // A fresh NIP per round, so the applied row of one round is not "unchanged" in the next.
      const nip = `19930518202012${String(1010 + index)}`;
      for (const dryRun of [true, false]) {
        const response = await post(
          rosterApi.import(dryRun),
          workbook(line(1, ROSTER_HEADER) + rosterRow(name) + other(3, nip)),
        );
        expect(response.status, `${name} dryRun=${dryRun}`).toBe(200);
        expect(await response.json(), `${name} dryRun=${dryRun}`).toMatchObject({
          rows: 2,
          created: 1,
          rejected: [
            {
              row: 2,
              nip: '199305182020121005',
              code: 'unstorable_text',
              field: 'name',
              message: expect.stringContaining('Kolom Nama'),
            },
          ],
          changes: [{ row: 3, nip, kind: 'created' }],
        });
      }
      const competency = await post(
        akpkApi.competencies,
        workbook([...competencyRows(name), line(3, ['TEK.02', 'Analisis data', '', '2'])].join('')),
      );
      expect(competency.status, name).toBe(200);
      expect(await competency.json(), name).toMatchObject({
        competencies: [{ code: 'TEK.02' }],
        errors: [{ row: 2, message: expect.stringContaining('kolom nama') }],
      });
    }
    // A NIP that cannot be stored is refused before it is looked up (PostgreSQL would refuse the query).
    const badNip = await post(
      rosterApi.import(true),
      workbook(line(1, ROSTER_HEADER) + other(2, '19930518_x0000_2020121005')),
    );
    expect(badNip.status).toBe(200);
    expect(await badNip.json()).toMatchObject({ rejected: [{ row: 2, code: 'unstorable_text', field: 'nip' }] });
  });

  it('a reader that dies or runs past its time limit refuses the file with a 422, never a 500', async () => {
    // The same server's routes, with an XLSX reader whose worker fails: one that dies on every
    // file (as on running out of memory), one given 1 ms.
    const withReader = (xlsxReader: XlsxReader) =>
      createApp({
        db: server.db,
        blobs: server.blobs,
        config: { staticDir: server.staticDir, tokenTtlDays: 30, xlsxReader },
      });
    const dying = withReader(
      xlsxReader({ entry: new URL('../../../fixtures/workers/test-worker.ts', import.meta.url) }),
    );
    const slow = withReader(xlsxReader({ timeLimitMs: 1 }));
    const body = workbook(line(1, ROSTER_HEADER) + rosterRow('Budi'));
    for (const [app, reason, says] of [
      [dying, 'broken_xlsx', /^Berkas XLSX rusak/],
      [slow, 'read_timeout', /^Berkas XLSX tidak selesai dibaca dalam 1 detik/],
    ] as const) {
      for (const dryRun of [true, false]) {
        const response = await post(rosterApi.import(dryRun), body, app);
        expect(await refusal(response)).toMatchObject({ status: 422, code: 'invalid_roster_file', file: 'unreadable' });
      }
      const competencies = await post(akpkApi.competencies, workbook(competencyRows('Analisis').join('')), app);
      const { error } = (await competencies.json()) as { error: { code: string; message: string; details: object } };
      expect(competencies.status).toBe(422);
      expect(error).toMatchObject({ code: 'invalid_competency_file', message: expect.stringMatching(says) });
      expect(error.details).toMatchObject({ code: 'unreadable', reason });
    }
    // The server's own reader was not touched: the same file still reads.
    expect((await post(rosterApi.import(true), body)).status).toBe(200);
  });

  it('a file refused because enough files wait already is answered 503 server_busy with Retry-After', async () => {
    const busyReader: XlsxReader = {
      read: () => Promise.reject(new WorkerJobError('busy', 'The XLSX reader has 4 jobs waiting already')),
    };
    const app = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, xlsxReader: busyReader },
    });
    const response = await post(rosterApi.import(true), workbook(line(1, ROSTER_HEADER) + rosterRow('Budi')), app);
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect(await response.json()).toMatchObject({ error: { code: 'server_busy' } });
  });

  it('an import whose admin went away is dropped quietly, not logged as a server error', async () => {
    const gone = new AbortController();
    const readers = xlsxReader();
    // The request goes away while its file is read: the reader rejects with the abort.
    const leaving: XlsxReader = {
      read: (bytes, maxRecords, signal) => {
        const reading = readers.read(bytes, maxRecords, signal);
        gone.abort();
        return reading;
      },
    };
    const app = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, xlsxReader: leaving },
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await app.request(rosterApi.import(true), {
        method: 'POST',
        headers: { ...bearer(admin.token), 'content-type': XLSX_MEDIA_TYPE },
        body: new Blob([workbook(line(1, ROSTER_HEADER) + rosterRow('Budi')) as Uint8Array<ArrayBuffer>]),
        signal: gone.signal,
      });
      expect(response.status).not.toBe(500);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
