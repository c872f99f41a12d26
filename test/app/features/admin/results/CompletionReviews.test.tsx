// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompletionReviews } from '../../../../../src/app/features/admin/results/CompletionReviews';
import { completionReviewsApi, type CompletionReview } from '../../../../../src/shared/protocol';
import { initAdminI18n, signInAs, stubFetch } from '../fakes';

/** Issue 9.7: a completion held for implausibly short study is shown to the admin, who accepts or refuses it. */
const review: CompletionReview = {
  userId: '0193a1b2-0000-7000-8000-0000000000aa',
  userName: 'Budi Santoso',
  nip: '199001012015021001',
  opd: 'Badan Perencanaan Pembangunan Daerah',
  unit: 'Bidang Perencanaan',
  courseId: 'etika-berakhlak',
  courseVersion: '1.1.0',
  completedAt: '2026-11-21T04:00:00Z',
  jp: 2,
  studyMinutes: 1,
  requiredMinutes: 30,
  refusedAt: null,
  refusedBy: null,
};
const refusal: CompletionReview = {
  ...review,
  userId: '0193a1b2-0000-7000-8000-0000000000bb',
  userName: 'Rina Marlina',
  nip: '199203032016022002',
  refusedAt: '2026-11-22T02:30:00Z',
  refusedBy: 'Admin BKPSDM Demo',
};
const none = () => Response.json({ reviews: [], next: null });

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('CompletionReviews', () => {
  it('shows the recorded and required minutes; accepting sends the decision and removes the row', async () => {
    const calls = stubFetch({
      [`GET ${completionReviewsApi.list}`]: () => Response.json({ reviews: [review], next: null }),
      [`GET ${completionReviewsApi.refused}`]: none,
      [`POST ${completionReviewsApi.decide(review.userId, review.courseId, 'accept', 'pending')}`]: () =>
        new Response(null, { status: 204 }),
    });
    render(<CompletionReviews courseTitle={() => 'Etika dan Nilai BerAKHLAK'} />);
    expect(
      await screen.findByText('Waktu belajar tercatat 1 menit; aturan server meminta sedikitnya 30 menit · 2 JP'),
    ).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Terima (JP diberikan)' }));
    expect(await screen.findByText('Tidak ada kelulusan yang menunggu pemeriksaan.')).toBeDefined();
    expect(calls.some((call) => call.method === 'POST' && call.url.endsWith('/accept?seen=pending'))).toBe(true);
  });

  it('a refusal the server does not take is explained, and the row stays', async () => {
    stubFetch({
      [`GET ${completionReviewsApi.list}`]: () => Response.json({ reviews: [review], next: null }),
      [`GET ${completionReviewsApi.refused}`]: none,
    });
    render(<CompletionReviews courseTitle={() => 'Etika'} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tolak' }));
    expect(await screen.findByRole('alert')).toBeDefined();
    expect(screen.getByText(/Budi Santoso/)).toBeDefined();
  });

  it('lists refusals with NIP, OPD, when and by whom; "Terima" asks first, then credits and says so', async () => {
    const calls = stubFetch({
      [`GET ${completionReviewsApi.list}`]: none,
      [`GET ${completionReviewsApi.refused}`]: () => Response.json({ reviews: [refusal], next: null }),
      [`POST ${completionReviewsApi.decide(refusal.userId, refusal.courseId, 'accept', 'refused')}`]: () =>
        new Response(null, { status: 204 }),
    });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    render(<CompletionReviews courseTitle={() => 'Etika dan Nilai BerAKHLAK'} />);
    expect(screen.getByRole('heading', { name: 'Ditolak' })).toBeDefined();
    expect(
      await screen.findByText(
        /Rina Marlina · 199203032016022002 · Badan Perencanaan Pembangunan Daerah · Etika dan Nilai BerAKHLAK/,
      ),
    ).toBeDefined();
    expect(screen.getByText(/^Ditolak pada .* oleh Admin BKPSDM Demo$/)).toBeDefined();
    const accept = screen.getByRole('button', {
      name: 'Terima kelulusan Rina Marlina untuk Etika dan Nilai BerAKHLAK',
    });
    expect(accept.textContent).toBe('Terima');

    // Cancelled: nothing is sent and the refusal stays.
    fireEvent.click(accept);
    expect(confirm).toHaveBeenCalledWith(
      'Terima kelulusan Rina Marlina untuk Etika dan Nilai BerAKHLAK? 2 JP akan diberikan dan sertifikat diterbitkan.',
    );
    expect(calls.some((call) => call.method === 'POST')).toBe(false);

    confirm.mockReturnValue(true);
    fireEvent.click(accept);
    const notice = await screen.findByText(
      'Kelulusan Rina Marlina untuk Etika dan Nilai BerAKHLAK diterima; JP telah diberikan.',
    );
    expect(screen.getByRole('status').contains(notice)).toBe(true);
    // The button pressed is gone with its row: the keyboard goes on from the message.
    await vi.waitFor(() => expect(document.activeElement).toBe(notice));
    expect(screen.getByText('Tidak ada kelulusan yang ditolak.')).toBeDefined();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      completionReviewsApi.decide(refusal.userId, refusal.courseId, 'accept', 'refused'),
    ]);
  });

  it('a completion refused here moves to the refused list, where it can be accepted again', async () => {
    let refusedNow = false;
    stubFetch({
      [`GET ${completionReviewsApi.list}`]: () => Response.json({ reviews: [review], next: null }),
      [`GET ${completionReviewsApi.refused}`]: () =>
        Response.json({
          reviews: refusedNow ? [{ ...review, refusedAt: '2026-11-22T02:30:00Z', refusedBy: 'Admin BKPSDM' }] : [],
          next: null,
        }),
      [`POST ${completionReviewsApi.decide(review.userId, review.courseId, 'refuse', 'pending')}`]: () => {
        refusedNow = true;
        return new Response(null, { status: 204 });
      },
    });
    render(<CompletionReviews courseTitle={() => 'Etika'} />);
    expect(await screen.findByText('Tidak ada kelulusan yang ditolak.')).toBeDefined();
    fireEvent.click(await screen.findByRole('button', { name: 'Tolak' }));
    expect((await screen.findByRole('status')).textContent).toContain('dapat menerimanya kembali dari daftar Ditolak');
    expect(await screen.findByRole('button', { name: 'Terima kelulusan Budi Santoso untuk Etika' })).toBeDefined();
    expect(screen.getByText('Tidak ada kelulusan yang menunggu pemeriksaan.')).toBeDefined();
  });
});
