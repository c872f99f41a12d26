// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import AnalysisScreen from '../../../../../src/app/features/admin/analysis/AnalysisScreen';
import { commentsCsv } from '../../../../../src/app/features/admin/analysis/commentsCsv';
import { i18n } from '../../../../../src/app/i18n';
import { analysisApi, type CourseAnalysis } from '../../../../../src/shared/protocol/analysis';
import { reportsApi, type CourseReport } from '../../../../../src/shared/protocol/reports';
import { initAdminI18n, signInAs, stubFetch } from '../fakes';

const courseReport: CourseReport = {
  courseId: 'etika-berakhlak',
  version: '1.1.0',
  title: { id: 'Etika', en: 'Ethics' },
  jp: 2,
  enrolled: 4,
  completed: 2,
  postTest: { attempts: 4, passed: 2, passRate: 0.5 },
  preTestAverage: 0.5,
  postTestAverage: 0.7,
  averageGain: 0.2,
  feedback: {},
  tooDifficultShare: 0.3,
  jpCredited: 4,
};

const analysis: CourseAnalysis = {
  courseId: 'etika-berakhlak',
  title: { id: 'Etika', en: 'Ethics' },
  counts: 'first-attempt',
  filter: { opd: null, jenisJabatan: null },
  gain: {
    learners: 4,
    meanPre: 0.525,
    meanPost: 0.725,
    meanGain: 0.2,
    meanNormalizedGain: 0.5556,
    gainLearners: 3,
    bands: { high: 0.3333, medium: 0.3333, low: 0.3333 },
  },
  preScores: [0.4, 0.5, 1, 0.2],
  postScores: [0.8, 1, 0.9, 0.2],
  items: [
    {
      kind: 'pre',
      questionId: 'q1',
      prompt: { id: 'Apa itu gratifikasi?', en: 'What is gratification?' },
      lessonId: 'gratifikasi',
      answered: 4,
      difficulty: 0.9,
      discrimination: 0.1,
      flag: 'tooEasy',
    },
    {
      kind: 'post',
      questionId: 'q1',
      prompt: { id: 'Batas waktu lapor UPG?', en: 'UPG deadline?' },
      lessonId: 'gratifikasi',
      answered: 4,
      difficulty: 0.25,
      discrimination: 0.5,
      flag: 'tooHard',
    },
  ],
  reaction: {
    index: 83.33,
    predicate: 'Baik',
    items: [
      { item: 'relevance', mean: 4.5, count: 2 },
      { item: 'clarity', mean: 4, count: 2 },
      { item: 'usefulness', mean: 4, count: 2 },
    ],
    difficulty: { ratings: 6, mean: 3, tooDifficultShare: 0.3333, flagged: true },
  },
  generatedAt: '2026-11-30T00:00:00Z',
};

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AnalysisScreen', () => {
  it('shows the gain with what counts, item flags, the reaction index with its predicate, and comments', async () => {
    const calls = stubFetch({
      // The course list comes from the reports, which OPD admins may read too.
      [`GET ${reportsApi.courses}`]: () =>
        Response.json({ courses: [courseReport], generatedAt: '2026-11-30T00:00:00Z' }),
      [`GET ${analysisApi.course('etika-berakhlak')}`]: () => Response.json(analysis),
      [`GET ${analysisApi.course('etika-berakhlak')}?jenisJabatan=Pelaksana`]: () =>
        Response.json({ ...analysis, gain: { ...analysis.gain, learners: 1 } }),
      [`GET ${analysisApi.comments}?courseId=etika-berakhlak`]: () =>
        Response.json({
          comments: [
            {
              id: 'c1',
              courseId: 'etika-berakhlak',
              lessonId: null,
              userName: 'Siti',
              nip: '199207212019032001',
              opd: 'Disdukcapil',
              comment: 'Contohnya dekat dengan pekerjaan',
              at: '2026-11-20T02:00:00Z',
            },
          ],
          next: null,
        }),
    });
    render(<AnalysisScreen />);
    expect(await screen.findByText('Contohnya dekat dengan pekerjaan')).toBeTruthy();
    const gain = document.querySelector('[data-section="gain"]')?.textContent ?? '';
    expect(gain).toContain('percobaan pertama');
    expect(gain).toContain('52,5 → 72,5');
    expect(gain).toContain('0,56');
    expect(gain).toContain('33% · 33% · 33%');
    expect(document.querySelector('[data-item="pre/q1"]')?.textContent).toContain('Terlalu mudah untuk mengukur');
    expect(document.querySelector('[data-item="post/q1"]')?.textContent).toContain('Terlalu sulit');
    const reaction = document.querySelector('[data-section="reaction"]')?.textContent ?? '';
    expect(reaction).toContain('83,33');
    expect(reaction).toContain('Baik');
    expect(reaction).toContain('30 % atau lebih peserta menilai pelatihan ini terlalu sulit');

    // fireEvent.change becomes an `input` event once preact/compat is loaded (see upload.test.tsx).
    const select = screen.getByLabelText<HTMLSelectElement>('Jenis jabatan');
    select.value = 'Pelaksana';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(document.querySelector('[data-section="gain"] dd')?.textContent).toBe('1'));
    expect(calls.some((call) => call.url.endsWith('?jenisJabatan=Pelaksana'))).toBe(true);
  });

  it('says how few difficulty ratings there are instead of a share that means nothing yet', async () => {
    const few = {
      ...analysis,
      reaction: { ...analysis.reaction, difficulty: { ratings: 2, mean: 4.5, tooDifficultShare: 1, flagged: false } },
    };
    stubFetch({
      [`GET ${reportsApi.courses}`]: () =>
        Response.json({ courses: [courseReport], generatedAt: '2026-11-30T00:00:00Z' }),
      [`GET ${analysisApi.course('etika-berakhlak')}`]: () => Response.json(few),
      [`GET ${analysisApi.comments}?courseId=etika-berakhlak`]: () => Response.json({ comments: [], next: null }),
    });
    render(<AnalysisScreen />);
    await vi.waitFor(() => expect(document.querySelector('[data-section="reaction"]')).not.toBeNull());
    const reaction = document.querySelector('[data-section="reaction"]')?.textContent ?? '';
    expect(reaction).not.toContain('30 % atau lebih');
    expect(reaction).toContain(i18n.t('admin.report.tooFewRatings', { count: 2, min: 5 }));
  });

  it('shows a comment holding HTML as the text it is', async () => {
    const written = '<img src=x onerror="alert(1)"><b>tebal</b>';
    stubFetch({
      [`GET ${reportsApi.courses}`]: () =>
        Response.json({ courses: [courseReport], generatedAt: '2026-11-30T00:00:00Z' }),
      [`GET ${analysisApi.course('etika-berakhlak')}`]: () => Response.json(analysis),
      [`GET ${analysisApi.comments}?courseId=etika-berakhlak`]: () =>
        Response.json({
          comments: [
            {
              id: 'c1',
              courseId: 'etika-berakhlak',
              lessonId: null,
              userName: 'Siti',
              nip: '199207212019032001',
              opd: 'Disdukcapil',
              comment: written,
              at: '2026-11-20T02:00:00Z',
            },
          ],
          next: null,
        }),
    });
    render(<AnalysisScreen />);
    expect((await screen.findByText(written)).tagName).toBe('BLOCKQUOTE');
    const section = document.querySelector('[data-section="comments"]');
    expect(section?.querySelector('img, b')).toBeNull();
  });

  it('exports comments as an Excel-ready CSV with formulas defused', () => {
    const csv = commentsCsv(
      [
        {
          id: 'c1',
          courseId: 'x',
          lessonId: 'materi-2',
          userName: 'Budi',
          nip: '198503302010011002',
          opd: 'Bappeda',
          comment: '=1+1; "kutipan"',
          at: '2026-11-20T02:00:00Z',
        },
      ],
      i18n.t.bind(i18n),
    );
    expect(csv.split('\r\n')[0]).toBe('\uFEFFPeserta;NIP;OPD;Materi;Komentar;Waktu');
    expect(csv.split('\r\n')[1]).toBe(
      'Budi;198503302010011002;Bappeda;materi-2;"\'=1+1; ""kutipan""";2026-11-20T02:00:00Z',
    );
  });
});
