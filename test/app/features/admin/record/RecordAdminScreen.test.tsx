// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import RecordAdminScreen from '../../../../../src/app/features/admin/record/RecordAdminScreen';
import { DEFAULT_TIME_ZONE, jpYear } from '../../../../../src/shared/ledger';
import {
  complianceApi,
  type CompliancePeoplePage,
  type ComplianceReport,
  type ComplianceRow,
  type AdminExternalRecord,
} from '../../../../../src/shared/protocol/record';
import { setLanguage } from '../../../../../src/app/i18n';
import { choose, initAdminI18n, signInAs, stubFetch } from '../fakes';

/** Issue 10.1 on the admin's screen: "Pemenuhan 20 JP" per OPD or per jenis jabatan, with drill-down and export. */
const year = jpYear(new Date(), DEFAULT_TIME_ZONE);
const row = (group: string | null, people: number, reached: number): ComplianceRow => ({
  group,
  people,
  reached,
  share: Math.round((reached / people) * 10_000) / 100,
  averageJp: 10,
  zeroJp: 0,
});
const report = (groupBy: ComplianceReport['groupBy'], rows: ComplianceRow[]): ComplianceReport => ({
  year,
  target: 20,
  groupBy,
  rows,
  total: row('', 5, 2),
});
const unfilled: CompliancePeoplePage = {
  year,
  target: 20,
  people: [
    {
      id: '0193a1b2-0000-7000-8000-0000000000b1',
      nip: '198001012005011050',
      name: 'Operator Dinkes',
      status: 'PNS',
      jabatan: 'Operator',
      jenisJabatan: null,
      unit: 'Dinas Kesehatan',
      opd: 'Dinas Kesehatan',
      jp: 4,
      reached: false,
    },
  ],
  next: null,
};

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('RecordAdminScreen grouping', () => {
  it('switches from OPD to jenis jabatan, drills down into a group and exports with the grouping', async () => {
    const calls = stubFetch({
      [`GET ${complianceApi.report}?year=${year}&groupBy=opd`]: () =>
        Response.json(report('opd', [row('Dinas Kesehatan', 5, 2)])),
      [`GET ${complianceApi.report}?year=${year}&groupBy=jenis_jabatan`]: () =>
        Response.json(report('jenis_jabatan', [row('Pelaksana', 4, 2), row(null, 1, 0)])),
      [`GET ${complianceApi.people}?year=${year}&jenisJabatan=none`]: () => Response.json(unfilled),
      [`GET ${complianceApi.export}?year=${year}&groupBy=jenis_jabatan&format=csv`]: () =>
        new Response('NIP;Nama\r\n', { headers: { 'content-type': 'text/csv' } }),
      ['GET /api/admin/external-learning?status=pending']: () => Response.json({ records: [], next: null }),
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => undefined }));
    render(<RecordAdminScreen />);
    const table = async () =>
      (await screen.findByRole('columnheader', { name: /^(OPD|Jenis jabatan)$/ })).closest('table')!;
    expect(within(await table()).getByRole('button', { name: 'Dinas Kesehatan' })).toBeDefined();

    choose(screen.getByRole('combobox', { name: 'Kelompokkan menurut' }), 'jenis_jabatan');
    // Headers, rows and chart change together, when the server's grouped answer is in.
    const header = await screen.findByRole('columnheader', { name: 'Jenis jabatan' });
    const byJenis = header.closest('table')!;
    expect(within(byJenis).getByRole('button', { name: 'Pelaksana' })).toBeDefined();
    expect(within(byJenis).queryByRole('button', { name: 'Dinas Kesehatan' })).toBeNull();
    expect(screen.getByText(`Persentase pegawai yang mencapai target JP per jenis jabatan, ${year}`)).toBeDefined();

    // People whose roster has no jenis jabatan are a group of their own, reachable like the others.
    fireEvent.click(within(byJenis).getByRole('button', { name: 'Belum diisi' }));
    expect(await screen.findByRole('heading', { name: 'Pegawai dengan jenis jabatan Belum diisi' })).toBeDefined();
    expect(await screen.findByText('Operator Dinkes')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Unduh CSV' }));
    await vi.waitFor(() =>
      expect(calls.map((call) => call.url)).toContain(
        `${complianceApi.export}?year=${year}&groupBy=jenis_jabatan&format=csv`,
      ),
    );
  });
});

const webinar: AdminExternalRecord = {
  id: '0193a1b2-0000-7000-8000-0000000000e1',
  userId: '0193a1b2-0000-7000-8000-0000000000b2',
  nip: '199001012015032001',
  userName: 'Siti Rahmawati',
  opd: 'Dinas Kesehatan',
  jenisDiklatId: 1,
  kind: 'webinar',
  name: 'Webinar SPBE',
  organiser: 'Kominfo',
  startDate: `${year}-03-01`,
  endDate: `${year}-03-02`,
  claimedJp: 5,
  certificateNumber: '',
  fileType: null,
  status: 'pending',
  approvedJp: null,
  refusalReason: null,
  createdAt: `${year}-03-03T00:00:00Z`,
  alreadySubmitted: false,
};

describe('RecordAdminScreen learning done elsewhere', () => {
  it('refreshes the compliance table after an approval, and labels the reason for a refusal', async () => {
    let approved = false;
    stubFetch({
      [`GET ${complianceApi.report}?year=${year}&groupBy=opd`]: () =>
        Response.json(report('opd', [{ ...row('Dinas Kesehatan', 5, 2), averageJp: approved ? 8.5 : 7.5 }])),
      ['GET /api/admin/external-learning?status=pending']: () =>
        Response.json({ records: approved ? [] : [webinar], next: null }),
      [`POST /api/admin/external-learning/${webinar.id}/decision`]: () => {
        approved = true;
        return Response.json({ ok: true });
      },
    });
    render(<RecordAdminScreen />);
    const table = (await screen.findByRole('columnheader', { name: 'OPD' })).closest('table')!;
    expect(within(table).getByRole('cell', { name: '7,5' })).toBeDefined();
    // On a 360 px phone the figures scroll sideways in their own box instead of breaking mid-word.
    expect(table.parentElement?.classList.contains('admin-table__scroll')).toBe(true);
    expect(table.classList.contains('admin-table--figures')).toBe(true);
    // The refusal's reason is a labelled field (a placeholder alone vanishes once typed and is not read out).
    expect(screen.getByRole('textbox', { name: 'Alasan penolakan (wajib jika menolak)' })).toBeDefined();
    // Its days read as the reader writes them, not as raw ISO dates.
    expect(screen.getByText(/Webinar SPBE/).closest('li')?.textContent).toContain(`(1 Mar ${year} – 2 Mar ${year})`);

    fireEvent.click(await screen.findByRole('button', { name: 'Setujui' }));
    expect(await within(table).findByRole('cell', { name: '8,5' })).toBeDefined();
  });

  it('a record another admin decided first: says so and drops it from the list', async () => {
    let decidedElsewhere = false;
    stubFetch({
      [`GET ${complianceApi.report}?year=${year}&groupBy=opd`]: () => Response.json(report('opd', [])),
      ['GET /api/admin/external-learning?status=pending']: () =>
        Response.json({ records: decidedElsewhere ? [] : [webinar], next: null }),
      [`POST /api/admin/external-learning/${webinar.id}/decision`]: () => {
        decidedElsewhere = true;
        return Response.json({ error: { code: 'already_decided', message: 'decided' } }, { status: 409 });
      },
    });
    render(<RecordAdminScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Setujui' }));
    expect(await screen.findByText(/sudah diputuskan lebih dahulu/i)).toBeDefined();
    expect(await screen.findByText('Tidak ada yang menunggu.')).toBeDefined();
  });
});

describe('RecordAdminScreen copies of one certificate', () => {
  afterEach(() => setLanguage('id'));

  it('marks a record whose copy is pending or approved as already submitted, in Indonesian and English', async () => {
    const copy = { ...webinar, id: '0193a1b2-0000-7000-8000-0000000000e2', alreadySubmitted: true };
    stubFetch({
      [`GET ${complianceApi.report}?year=${year}&groupBy=opd`]: () => Response.json(report('opd', [])),
      ['GET /api/admin/external-learning?status=pending']: () =>
        Response.json({ records: [webinar, copy], next: null }),
    });
    const { unmount } = render(<RecordAdminScreen />);
    const items = (await screen.findAllByRole('button', { name: 'Setujui' })).map((button) => button.closest('li')!);
    expect(items.map((item) => /Sudah diajukan/.test(item.textContent ?? ''))).toEqual([false, true]);
    unmount();
    await setLanguage('en');
    render(<RecordAdminScreen />);
    expect(await screen.findByText(/Already submitted: the same record for this person/)).toBeDefined();
  });
});

describe('RecordAdminScreen in English', () => {
  afterEach(() => setLanguage('id'));

  it('writes shares with the reader’s decimal mark', async () => {
    await setLanguage('en');
    stubFetch({
      [`GET ${complianceApi.report}?year=${year}&groupBy=opd`]: () =>
        Response.json(report('opd', [row('Dinas Kesehatan', 8, 1)])),
      ['GET /api/admin/external-learning?status=pending']: () => Response.json({ records: [], next: null }),
    });
    render(<RecordAdminScreen />);
    const group = (await screen.findByRole('button', { name: 'Dinas Kesehatan' })).closest('tr')!;
    expect(group.textContent).toContain('12.50 %');
  });
});
