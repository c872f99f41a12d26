// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseFor, type LenteraDb } from '../../../../src/app/data/db';
import RecordScreen from '../../../../src/app/features/record/RecordScreen';
import { initI18n } from '../../../../src/app/i18n';
import { useSession } from '../../../../src/app/stores/session';
import { aUser } from '../../builders';

const user = aUser({ id: `record-${crypto.randomUUID()}` });
const COURSE = 'etika-dasar';
let db: LenteraDb;

beforeAll(() => initI18n('id'));
beforeEach(async () => {
  useSession.setState({ token: 't', user, expired: false });
  db = databaseFor(user.id);
  if (!db.isOpen()) await db.open();
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
afterEach(async () => {
  cleanup();
  await db.delete();
  useSession.getState().signOut();
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
});
