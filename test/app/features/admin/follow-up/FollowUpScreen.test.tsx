// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import FollowUpScreen from '../../../../../src/app/features/admin/follow-up/FollowUpScreen';
import { cycleApi, type EvidenceList } from '../../../../../src/shared/protocol/cycle';
import { bundleApi } from '../../../../../src/shared/protocol/bundles';
import { attachmentsApi } from '../../../../../src/shared/records/attachment';
import { initAdminI18n, signInAs, stubFetch } from '../fakes';

const SHA = 'd'.repeat(64);
const evidence: EvidenceList = {
  reports: [
    {
      reportId: '0193a1b2-0000-7000-8000-0000000000bb',
      name: 'Siti Rahmawati',
      opd: 'Dinas Kependudukan dan Pencatatan Sipil',
      courseId: 'etika-berakhlak',
      checkpoint: 30,
      writtenAt: '2026-11-20T04:00:00Z',
      items: [
        {
          what: 'Pasang papan biaya layanan',
          status: 'done',
          evidence: 'Terpasang di loket 2',
          photo: { sha256: SHA, type: 'image/jpeg' },
        },
      ],
    },
  ],
};

beforeAll(() => initAdminI18n());
beforeEach(() => {
  signInAs('admin');
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:evidence', revokeObjectURL: () => {} }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the admin follow-up screen', () => {
  it('shows the latest evidence with its photo, read with the session token', async () => {
    const calls = stubFetch({
      [`GET ${cycleApi.followUp}`]: () => Response.json({ rows: [] }),
      [`GET ${cycleApi.evidence}`]: () => Response.json(evidence),
      [`GET ${attachmentsApi.file(SHA)}`]: () =>
        new Response(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), { headers: { 'content-type': 'image/jpeg' } }),
      [`GET ${bundleApi.adminCourses}`]: () =>
        Response.json({
          courses: [
            {
              id: 'etika-berakhlak',
              title: { id: 'Etika ASN BerAKHLAK', en: 'BerAKHLAK civil service ethics' },
              publishedVersion: '1.0.0',
              versions: [],
            },
          ],
        }),
    });
    render(<FollowUpScreen />);
    await screen.findByText('Siti Rahmawati');
    // The course by its title in the admin's language, not its id.
    expect(await screen.findByText(/Etika ASN BerAKHLAK/)).toBeDefined();
    expect(screen.queryByText(/etika-berakhlak/)).toBeNull();
    expect(screen.getByText(/Pasang papan biaya layanan — Selesai: Terpasang di loket 2/)).toBeDefined();
    expect(((await screen.findByAltText('Foto bukti')) as HTMLImageElement).src).toBe('blob:evidence');
    expect(calls.some((call) => call.url === attachmentsApi.file(SHA))).toBe(true);
  });
});
