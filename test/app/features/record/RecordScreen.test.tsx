// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import RecordScreen from '../../../../src/app/features/record/RecordScreen';
import { setLanguage } from '../../../../src/app/i18n';
import { completedOnPhone, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('record');
const COURSE = 'etika-dasar';

beforeEach(async () => {
  // The server confirmed the completion; no certificate came with it.
  await db.meta.put({
    key: 'record:snapshot',
    value: {
      timeZone: 'Asia/Jakarta',
      status: 'PNS',
      target: 20,
      entries: [
        {
          kind: 'course',
          id: COURSE,
          title: 'Etika Dasar',
          jp: 2,
          completedAt: '2026-09-20T03:00:00.000Z',
          year: 2026,
          certificateCode: null,
        },
      ],
      external: [],
      fetchedAt: '2026-09-30T17:00:00.000Z',
    },
  });
});

const requirePlan = (actionPlanRequired: boolean) =>
  db.meta.put({
    key: 'cycle:state',
    value: {
      settings: { checkpoints: [30, 90], actionPlanRequired },
      reviewsDue: [],
      survey: null,
      surveyReviewsDue: [],
    },
  });

describe('"Sertifikat saya" while a certificate waits', () => {
  it('says the certificate waits for the action plan the admin requires, with a link to write it', async () => {
    await requirePlan(true);
    render(<RecordScreen />);
    expect(await screen.findByText(/Sertifikat terbit setelah Bapak\/Ibu mengisi Rencana Tindak Lanjut/)).toBeDefined();
    const link = screen.getByRole('link', { name: 'Isi Rencana Tindak Lanjut' });
    expect(link.getAttribute('href')).toBe(`/courses/${COURSE}/plan`);
  });

  it('once the plan is written on the phone, or when no plan is required, it waits only for the sync', async () => {
    await requirePlan(true);
    await db.actionPlans.put({
      id: '01900000-0000-7000-8000-000000000001',
      kind: 'action_plan',
      body: {
        courseId: COURSE,
        actions: [{ id: 'a1', what: 'Menerapkan', indicator: 'Ada bukti', targetDate: '2026-12-01', support: '' }],
        writtenAt: '2026-09-21T03:00:00.000Z',
      },
      createdAt: '2026-09-21T03:00:00.000Z',
    });
    render(<RecordScreen />);
    expect(await screen.findByText('Sertifikat terbit setelah sinkronisasi.')).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Isi Rencana Tindak Lanjut' })).toBeNull();
    cleanup();
    await db.actionPlans.clear();
    await requirePlan(false);
    render(<RecordScreen />);
    expect(await screen.findByText('Sertifikat terbit setelah sinkronisasi.')).toBeDefined();
  });

  it('a completion the server holds for review waits for the admin, not for a sync; refused, it has none', async () => {
    await requirePlan(false);
    const manifest = manifestFixture();
    await completedOnPhone(db, manifest, '2026-09-29T03:00:00.000Z');
    await db.meta.put({ key: 'held:' + manifest.id, value: 'pending' });
    render(<RecordScreen />);
    expect(await screen.findByText('Sertifikat terbit setelah admin BKPSDM menyetujui kelulusan.')).toBeDefined();
    // Only the confirmed course still waits for the sync.
    expect(screen.getAllByText('Sertifikat terbit setelah sinkronisasi.')).toHaveLength(1);
    await db.meta.put({ key: 'held:' + manifest.id, value: 'refused' });
    expect(await screen.findByText('Sertifikat tidak terbit: kelulusan tidak diterima.')).toBeDefined();
  });

  it("names the course in the reader's language when the phone's catalog knows it", async () => {
    await requirePlan(false);
    await db.catalog.put({
      id: COURSE,
      version: '1.0.0',
      title: { id: 'Etika Dasar', en: 'Basic Ethics' },
      description: { id: 'Deskripsi', en: 'Description' },
      jp: 2,
      competency: 'teknis',
      lessonCount: 3,
      size: 100_000,
      publishedAt: '2026-09-01T00:00:00.000Z',
      fetchedAt: '2026-09-30T17:00:00.000Z',
    });
    await setLanguage('en');
    try {
      render(<RecordScreen />);
      expect(await screen.findByText('Basic Ethics')).toBeDefined();
      expect(screen.queryByText('Etika Dasar')).toBeNull();
    } finally {
      await setLanguage('id');
      await db.catalog.clear();
    }
  });
});
