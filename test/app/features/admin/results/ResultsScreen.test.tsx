// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import ResultsScreen from '../../../../../src/app/features/admin/results/ResultsScreen';
import {
  api,
  completionReviewsApi,
  syncApi,
  type AdminAttempt,
  type StatementConflict,
} from '../../../../../src/shared/protocol';
import { bundleApi } from '../../../../../src/shared/protocol/bundles';
import { reportsApi, type CourseReport } from '../../../../../src/shared/protocol/reports';
import { saveFile } from '../../../../../src/app/features/admin/results/attemptsCsv';
import { manifestFixture, postTestEntry } from '../../../builders';
import { adminCourse, signInAs, stubFetch, initAdminI18n } from '../fakes';

vi.mock('../../../../../src/app/features/admin/results/attemptsCsv', async (original) => ({
  ...(await original<object>()),
  saveFile: vi.fn(),
}));

function attempt(overrides: Partial<AdminAttempt> = {}): AdminAttempt {
  return {
    id: 'attempt-1',
    courseId: 'etika-berakhlak',
    quizId: 'post-test',
    kind: 'post',
    scaled: 0.8,
    passed: true,
    flagged: false,
    overLimit: false,
    finishedAt: '2026-11-20T02:30:00Z',
    userId: 'user-siti',
    userName: 'Siti Rahmawati',
    nip: '199207212019032001',
    unit: 'Disdukcapil',
    clientScaled: 0.8,
    grants: [],
    decidable: true,
    ...overrides,
  };
}

const conflict: StatementConflict = {
  statementId: '0193a1b2-0000-7000-8000-000000000001',
  cursor: `0193a1b2-0000-7000-8000-000000000001:${'a'.repeat(64)}`,
  userId: 'user-siti',
  receivedAt: '2026-11-21T04:00:00Z',
  stored: { verb: 'passed', score: 0.8 },
  received: { verb: 'failed', score: 0.4 },
};

function report(overrides: Partial<CourseReport> = {}): CourseReport {
  return {
    courseId: 'etika-berakhlak',
    version: '1.1.0',
    title: { id: 'Etika Pemerintahan & Nilai BerAKHLAK', en: 'Government Ethics & BerAKHLAK Values' },
    jp: 4,
    enrolled: 40,
    completed: 30,
    postTest: { attempts: 36, passed: 27, passRate: 0.75 },
    preTestAverage: 0.619,
    postTestAverage: 0.858,
    averageGain: 0.239,
    feedback: { relevance: [0, 1, 4, 15, 10], difficulty: [2, 6, 8, 10, 4] },
    tooDifficultShare: 0.2,
    jpCredited: 120,
    ...overrides,
  };
}

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** No completion waiting for review nor refused (`CompletionReviews.test.tsx` covers those lists). */
const noHeldCompletions = {
  [`GET ${completionReviewsApi.list}`]: () => Response.json({ reviews: [], next: null }),
  [`GET ${completionReviewsApi.refused}`]: () => Response.json({ reviews: [], next: null }),
};

function serveResults(attempts: AdminAttempt[], reports: CourseReport[] = [report()]) {
  return stubFetch({
    [`GET ${reportsApi.courses}`]: () => Response.json({ courses: reports, generatedAt: '2026-11-22T00:00:00Z' }),
    [`GET ${bundleApi.adminCourses}`]: () => Response.json({ courses: [adminCourse()] }),
    [`GET ${syncApi.adminAttempts}`]: () => Response.json({ attempts, next: null }),
    [`GET ${syncApi.adminAttempts}?courseId=etika-berakhlak`]: () =>
      Response.json({ attempts: attempts.slice(0, 1), next: null }),
    [`GET ${syncApi.adminConflicts}`]: () => Response.json({ conflicts: [conflict], next: null }),
    [`GET ${api.course('etika-berakhlak')}`]: () => Response.json({ manifest: etikaManifest, signature: 'AA==' }),
    ...noHeldCompletions,
  });
}

/** The published course, whose quizzes the attempts table names. */
const etikaManifest = manifestFixture({
  id: 'etika-berakhlak',
  quizzes: [{ ...postTestEntry, title: { id: 'Post-test Etika ASN', en: 'Ethics post-test' } }],
  files: ['lessons/satu.json', 'lessons/dua.json', postTestEntry.file].map((path) => ({
    path,
    size: 1,
    sha256: '0'.repeat(64),
    type: 'application/json',
  })),
});

describe('ResultsScreen', () => {
  it("shows the server's score and flags an attempt whose phone score disagreed", async () => {
    serveResults([
      attempt(),
      attempt({
        id: 'attempt-2',
        userName: 'Budi Santoso',
        scaled: 0.4,
        passed: false,
        flagged: true,
        clientScaled: 0.9,
      }),
    ]);
    const { container } = render(<ResultsScreen />);
    const budi = (await screen.findByText('Budi Santoso')).closest('tr')!;
    expect(budi.textContent).toContain('40');
    expect(within(budi).getByRole('note').textContent).toBe(
      'skor dari ponsel berbeda — skor server yang berlaku (ponsel: 90)',
    );
    expect(budi.textContent).toContain('Tidak');
    const siti = screen.getByText('Siti Rahmawati').closest('tr')!;
    expect(within(siti).queryByRole('note')).toBeNull();
    expect(siti.textContent).toContain('Etika Pemerintahan & Nilai BerAKHLAK');
    // The quiz by its title in the course, not its id ("post-test").
    await within(siti).findByText('Post-test Etika ASN');
    expect(container.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('asks the server for one course when the admin filters', async () => {
    const calls = serveResults([attempt(), attempt({ id: 'attempt-2', userName: 'Budi Santoso' })]);
    render(<ResultsScreen />);
    await screen.findByText('Budi Santoso');
    const select = screen.getByLabelText('Pelatihan') as HTMLSelectElement;
    await vi.waitFor(() => expect(select.options).toHaveLength(2));
    select.value = 'etika-berakhlak';
    // Dispatched by hand: testing-library's `fireEvent.change` becomes `input` under preact/compat.
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(screen.queryByText('Budi Santoso')).toBeNull());
    expect(calls.map((call) => call.url)).toContain(`${syncApi.adminAttempts}?courseId=etika-berakhlak`);
  });

  it('loads older attempts a page at a time, and the CSV holds every page', async () => {
    const older = attempt({ id: 'attempt-9', userName: 'Rina Older', finishedAt: '2026-01-05T02:30:00Z' });
    const calls = stubFetch({
      [`GET ${reportsApi.courses}`]: () => Response.json({ courses: [], generatedAt: '2026-11-22T00:00:00Z' }),
      [`GET ${bundleApi.adminCourses}`]: () => Response.json({ courses: [adminCourse()] }),
      [`GET ${syncApi.adminAttempts}`]: () => Response.json({ attempts: [attempt()], next: 'attempt-1' }),
      [`GET ${syncApi.adminAttempts}?after=attempt-1`]: () => Response.json({ attempts: [older], next: null }),
      [`GET ${syncApi.adminConflicts}`]: () => Response.json({ conflicts: [], next: null }),
    });
    render(<ResultsScreen />);
    await screen.findByText('Siti Rahmawati');
    expect(screen.queryByText('Rina Older')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Ekspor CSV (Excel)' }));
    await vi.waitFor(() => expect(saveFile).toHaveBeenCalledTimes(1));
    const csv = vi.mocked(saveFile).mock.calls[0]![1];
    expect(csv).toContain('Siti Rahmawati');
    expect(csv).toContain('Rina Older');

    fireEvent.click(screen.getByRole('button', { name: 'Tampilkan lebih banyak (1 ditampilkan)' }));
    expect(await screen.findByText('Rina Older')).toBeDefined();
    expect(screen.queryByRole('button', { name: /Tampilkan lebih banyak/ })).toBeNull();
    expect(calls.filter((call) => call.url.includes('after=attempt-1'))).toHaveLength(2);
  });

  it('says so when the next page cannot be loaded, keeping the attempts already shown', async () => {
    stubFetch({
      [`GET ${reportsApi.courses}`]: () => Response.json({ courses: [], generatedAt: '2026-11-22T00:00:00Z' }),
      [`GET ${bundleApi.adminCourses}`]: () => Response.json({ courses: [adminCourse()] }),
      [`GET ${syncApi.adminAttempts}`]: () => Response.json({ attempts: [attempt()], next: 'attempt-1' }),
      [`GET ${syncApi.adminConflicts}`]: () => Response.json({ conflicts: [], next: null }),
      ...noHeldCompletions,
    });
    render(<ResultsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Tampilkan lebih banyak (1 ditampilkan)' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Data tidak ditemukan.');
    expect(screen.getByText('Siti Rahmawati')).toBeDefined();
  });

  it('lists sync conflicts with the learner and both versions', async () => {
    serveResults([attempt()]);
    const { container } = render(<ResultsScreen />);
    await screen.findByText(conflict.statementId);
    const item = screen.getByText(conflict.statementId).closest('li')!;
    await vi.waitFor(() => expect(item.textContent).toContain('Siti Rahmawati'));
    const versions = [...container.querySelectorAll('.admin-conflicts pre')].map(
      (pre) => JSON.parse(pre.textContent!) as unknown,
    );
    expect(versions).toEqual([conflict.stored, conflict.received]);
  });

  it('reports enrolment, completion, pass rate, the pre → post gain and the JP credited', async () => {
    serveResults([]);
    const { container } = render(<ResultsScreen />);
    const card = (await screen.findByText('Peserta terdaftar')).closest('article')!;
    const figures = Object.fromEntries(
      [...card.querySelectorAll('dl > div')].map((div) => [
        div.querySelector('dt')!.textContent,
        div.querySelector('dd')!.textContent,
      ]),
    );
    expect(figures).toEqual({
      'Peserta terdaftar': '40',
      Menyelesaikan: '30 (75%)',
      'Kelulusan post-test': '75% (27 lulus dari 36 percobaan)',
      'Rata-rata pre-test → post-test': '61,9 → 85,8',
      'Rata-rata kenaikan (poin)': '+23,9',
      'JP diberikan': '120 JP (4 JP per peserta)',
    });
    expect(container.querySelector('[data-alert="true"]')).toBeNull();
  });

  it('draws one bar per rating 1–5 for every feedback item', async () => {
    serveResults([]);
    const { container } = render(<ResultsScreen />);
    await screen.findByText('Relevansi dengan pekerjaan', { exact: false });
    const relevance = container.querySelector('[data-item="relevance"]')!;
    const bars = [...relevance.querySelectorAll<HTMLElement>('.admin-feedback__bar')].map((bar) => bar.style.width);
    expect(bars).toEqual(['0%', '3.3%', '13.3%', '50%', '33.3%']);
    expect([...relevance.querySelectorAll('.admin-feedback__count')].map((count) => count.textContent)).toEqual([
      '0',
      '1',
      '4',
      '15',
      '10',
    ]);
  });

  it('highlights a course that 40 % or more found too difficult', async () => {
    serveResults([], [report({ tooDifficultShare: 0.45 })]);
    const { container } = render(<ResultsScreen />);
    await screen.findByText(/Menilai terlalu sulit/);
    const difficulty = container.querySelector('.admin-report__difficulty')!;
    expect(difficulty.getAttribute('data-alert')).toBe('true');
    expect(difficulty.className).toContain('notice--warning');
    expect(difficulty.textContent).toContain('45%');
    expect(difficulty.textContent).toContain('pertimbangkan menyederhanakan materi');
  });

  it('gives no "many learners" advice from a handful of difficulty ratings, but says how many there are', async () => {
    serveResults([], [report({ feedback: { difficulty: [0, 0, 0, 1, 0] }, tooDifficultShare: 1 })]);
    const { container } = render(<ResultsScreen />);
    await screen.findByText(/Menilai terlalu sulit/);
    const difficulty = container.querySelector('.admin-report__difficulty')!;
    expect(difficulty.getAttribute('data-alert')).toBe('false');
    expect(difficulty.className).not.toContain('notice--warning');
    expect(difficulty.textContent).not.toContain('Banyak peserta');
    expect(difficulty.textContent).toContain('Baru 1 penilaian kesulitan');
  });
});
