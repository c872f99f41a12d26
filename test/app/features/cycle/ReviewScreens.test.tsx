// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import ReviewScreen from '../../../../src/app/features/cycle/ReviewScreen';
import SurveyReviewScreen from '../../../../src/app/features/cycle/SurveyReviewScreen';
import { i18n } from '../../../../src/app/i18n';
import { DEFAULT_CYCLE_SETTINGS, type CycleState } from '../../../../src/shared/protocol/cycle';
import { signedInLearner } from '../../signed-in';

const t = i18n.t.bind(i18n);
const { db } = signedInLearner('reviews');
const REPORT = '0191f2a4-0000-7000-8000-00000000b0b0';

/** What the last sync brought: one behaviour review and one AKPK review owed by this atasan. */
const state: CycleState = {
  settings: DEFAULT_CYCLE_SETTINGS,
  reviewsDue: [
    {
      learnerId: REPORT,
      name: 'Siti Rahmawati',
      opd: 'Disdukcapil',
      courseId: 'etika',
      courseTitle: { id: 'Etika', en: 'Ethics' },
      dueAt: '2026-11-01T00:00:00.000Z',
      actions: [{ id: 'a1', what: 'Memasang pengumuman', indicator: 'Terpasang', targetDate: '2026-12-01' }],
      indicators: [
        { id: 'menolak', text: { id: 'Menolak gratifikasi', en: 'Refuses gifts' } },
        { id: 'netral', text: { id: 'Bersikap netral', en: 'Stays neutral' } },
      ],
    },
  ],
  survey: null,
  surveyReviewsDue: [
    {
      learnerId: REPORT,
      name: 'Siti Rahmawati',
      opd: 'Disdukcapil',
      periodId: '0191f2a4-0000-7000-8000-0000000a2027',
      answeredAt: '2026-11-02T00:00:00.000Z',
      items: [
        {
          competencyId: 'k1',
          name: 'Pelayanan publik',
          selfLevel: 2,
          requiredLevel: 3,
          priority: 1,
          method: 'e-learning',
          note: '',
        },
      ],
    },
  ],
};

beforeEach(async () => {
  await db.meta.put({ key: 'cycle:state', value: state });
});

describe("the atasan's questionnaires", () => {
  it('the behaviour review sends only once every indicator has a score, with those scores', async () => {
    render(<ReviewScreen learnerId={REPORT} courseId="etika" />);
    const send = await screen.findByRole('button', { name: t('cycle.review.send') });
    fireEvent.click(screen.getAllByLabelText(t('cycle.scale.3'))[0]!);
    expect(send).toHaveProperty('disabled', true);
    fireEvent.click(screen.getAllByLabelText(t('cycle.scale.4'))[1]!);
    await waitFor(() => expect(send).toHaveProperty('disabled', false));
    fireEvent.click(send);
    await waitFor(async () => expect(await db.behaviourReviews.count()).toBe(1));
    const [review] = await db.behaviourReviews.toArray();
    expect(review?.body.answers).toEqual([
      { indicatorId: 'menolak', score: 3 },
      { indicatorId: 'netral', score: 4 },
    ]);
  });

  it('the AKPK review sends the level the atasan changed', async () => {
    render(<SurveyReviewScreen learnerId={REPORT} />);
    // The atasan validates the employee's level: not "Tingkat saya saat ini", the learner's words.
    const level = await screen.findByLabelText('Tingkat hasil validasi');
    expect(screen.queryByLabelText(t('cycle.survey.selfLevel'))).toBeNull();
    expect((level as HTMLSelectElement).value).toBe('2');
    (level as HTMLSelectElement).value = '3';
    level.dispatchEvent(new Event('change', { bubbles: true }));
    // Preact renders the change on its next tick; a finger cannot reach "Setujui" sooner.
    await new Promise((resolve) => setTimeout(resolve, 20));
    fireEvent.click(screen.getByRole('button', { name: t('cycle.surveyReview.approve') }));
    await waitFor(async () => expect(await db.akpkReviews.count()).toBe(1));
    const [review] = await db.akpkReviews.toArray();
    expect(review?.body).toMatchObject({ approved: true, items: [{ competencyId: 'k1', selfLevel: 3, priority: 1 }] });
  });

  it('a questionnaire no longer owed says so and leads back to Tugas', async () => {
    render(<ReviewScreen learnerId={REPORT} courseId="lain" />);
    expect(await screen.findByText(t('cycle.review.notDue'))).toBeDefined();
    expect(screen.getByRole('link', { name: t('cycle.tasks.title') }).getAttribute('href')).toBe('/tugas');
    cleanup();
    render(<SurveyReviewScreen learnerId="someone-else" />);
    expect(await screen.findByText(t('cycle.surveyReview.notDue'))).toBeDefined();
  });
});
