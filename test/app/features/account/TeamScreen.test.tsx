// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import TeamScreen from '../../../../src/app/features/account/TeamScreen';
import { initI18n } from '../../../../src/app/i18n';
import { useNetwork } from '../../../../src/app/stores/network';
import { useSession } from '../../../../src/app/stores/session';
import { api } from '../../../../src/shared/protocol';
import { assignmentsApi } from '../../../../src/shared/protocol/assignments';
import type { TeamMember, TeamResponse } from '../../../../src/shared/protocol/people';
import { complianceApi, type ComplianceReport } from '../../../../src/shared/protocol/record';
import { aUser } from '../../builders';

const member = (nip: string, name: string, yearJp: number, yearTarget: number | null): TeamMember => ({
  id: crypto.randomUUID(),
  nip,
  name,
  jabatan: 'Analis Kepegawaian',
  unit: 'Bidang Mutasi',
  status: yearTarget === null ? 'PPPK' : 'PNS',
  aktif: true,
  jpTotal: yearJp + 4,
  yearJp,
  yearTarget,
  courses: [],
});

const team: TeamResponse = {
  year: 2026,
  members: [
    member('198001012005011001', 'Ani Lestari', 8, 20),
    member('198001012005011002', 'Budi Santoso', 20, 20),
    member('199011232022211004', 'Citra PPPK', 6, null),
  ],
  next: null,
  fetchedAt: '2026-11-30T03:00:00.000Z',
};

const row = { group: '', people: 3, reached: 1, share: 33.33, averageJp: 9.33, zeroJp: 1 };
const compliance: ComplianceReport = { year: 2026, target: 20, groupBy: 'opd', rows: [], total: row };

let asked: string[];
const answering = (report: ComplianceReport, members: TeamResponse): typeof fetch =>
  vi.fn(async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url, 'http://lentera.test').pathname;
    asked.push(url);
    if (path === api.team) return Response.json(members);
    if (path === complianceApi.team) return Response.json(report);
    if (path === assignmentsApi.team) return Response.json({ assignments: [] });
    return new Response('not found', { status: 404 });
  });

beforeAll(() => initI18n('id'));
beforeEach(() => {
  asked = [];
  useNetwork.setState({ online: true });
  useSession.setState({ token: 't', user: aUser({ role: 'learner' }), expired: false });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useSession.getState().signOut();
});

describe('Tim saya', () => {
  it("shows the year's JP compliance of the direct reports and each one's JP against the target", async () => {
    vi.stubGlobal('fetch', answering(compliance, team));
    render(<TeamScreen />);

    expect(await screen.findByText('Pemenuhan 20 JP tahun 2026')).toBeTruthy();
    expect(screen.getByText('1 dari 3 pegawai mencapai target (33,33%)')).toBeTruthy();
    expect(screen.getByText(/Rata-rata 9,33 JP/).textContent).toContain('1 pegawai belum memiliki JP');
    // The summary was asked for the year the team list counted.
    expect(asked.some((url) => url.includes(`${complianceApi.team}?year=2026`))).toBe(true);

    const ani = screen.getByText('Ani Lestari').closest('li');
    expect(ani?.textContent).toContain('JP 2026: 8 dari 20');
    expect(ani?.textContent).toContain('12 JP sepanjang masa');
    // A PPPK has no minimum unless the admin set one: the year's JP without a target.
    expect(screen.getByText('Citra PPPK').closest('li')?.textContent).toContain('JP 2026: 6 JP');
  });

  it('shows no summary to someone without direct reports', async () => {
    vi.stubGlobal(
      'fetch',
      answering(
        { ...compliance, total: { ...row, people: 0, reached: 0, share: 0, averageJp: 0, zeroJp: 0 } },
        { ...team, members: [] },
      ),
    );
    render(<TeamScreen />);
    expect(await screen.findByText(/Belum ada pegawai yang tercatat/)).toBeTruthy();
    expect(screen.queryByText(/Pemenuhan 20 JP/)).toBeNull();
  });

  it('refuses a summary that does not match the shared response schema', async () => {
    vi.stubGlobal('fetch', answering({ ...compliance, total: { ...row, share: '33%' } } as never, team));
    render(<TeamScreen />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByText('Pemenuhan 20 JP tahun 2026')).toBeNull();
  });

  it('offline says so at once without asking the server, and loads the team once back online', async () => {
    vi.stubGlobal('fetch', answering(compliance, team));
    useNetwork.setState({ online: false });
    render(<TeamScreen />);
    expect((await screen.findByRole('alert')).textContent).toContain('Periksa koneksi internet');
    expect(asked).toEqual([]);
    act(() => useNetwork.setState({ online: true }));
    expect(await screen.findByText('Ani Lestari')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
