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
  unit: 'Bappeda',
  courseId: 'etika-berakhlak',
  courseVersion: '1.1.0',
  completedAt: '2026-11-21T04:00:00Z',
  jp: 2,
  studyMinutes: 1,
  requiredMinutes: 30,
};

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
      [`POST ${completionReviewsApi.decide(review.userId, review.courseId, 'accept')}`]: () =>
        new Response(null, { status: 204 }),
    });
    render(<CompletionReviews courseTitle={() => 'Etika dan Nilai BerAKHLAK'} />);
    expect(
      await screen.findByText('Waktu belajar tercatat 1 menit; aturan server meminta sedikitnya 30 menit · 2 JP'),
    ).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Terima (JP diberikan)' }));
    expect(await screen.findByText('Tidak ada kelulusan yang menunggu pemeriksaan.')).toBeDefined();
    expect(calls.some((call) => call.method === 'POST' && call.url.endsWith('/accept'))).toBe(true);
  });

  it('a refusal the server does not take is explained, and the row stays', async () => {
    stubFetch({ [`GET ${completionReviewsApi.list}`]: () => Response.json({ reviews: [review], next: null }) });
    render(<CompletionReviews courseTitle={() => 'Etika'} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tolak' }));
    expect(await screen.findByRole('alert')).toBeDefined();
    expect(screen.getByText(/Budi Santoso/)).toBeDefined();
  });
});
