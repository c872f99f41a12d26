// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import SurveyScreen from '../../../../src/app/features/cycle/SurveyScreen';
import { DEFAULT_CYCLE_SETTINGS, type CycleState } from '../../../../src/shared/protocol/cycle';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('survey');

/** What the last sync brought: the AKPK survey open now, with two competencies. */
const state: CycleState = {
  settings: DEFAULT_CYCLE_SETTINGS,
  reviewsDue: [],
  survey: {
    id: '0191f2a4-0000-7000-8000-0000000a2027',
    year: 2027,
    startsOn: '2026-11-01',
    endsOn: '2026-12-31',
    competencies: [
      { code: 'M.1', name: 'Integritas', type: 'manajerial', jabatan: null, opd: null, requiredLevel: 3 },
      { code: 'M.2', name: 'Kerja sama', type: 'manajerial', jabatan: null, opd: null, requiredLevel: 2 },
    ],
  },
  surveyReviewsDue: [],
};

beforeEach(async () => {
  await db.meta.put({ key: 'cycle:state', value: state });
});

const level = (code: string) => document.querySelector<HTMLSelectElement>(`select[name="self-${code}"]`)!;

describe('the AKPK survey', () => {
  it('says it is saved and waiting to be sent, and opened again shows the answers given', async () => {
    const { unmount } = render(<SurveyScreen />);
    await screen.findByRole('button', { name: 'Kirim jawaban' });
    fireEvent.change(level('M.1'), { target: { value: '4' } });
    fireEvent.change(level('M.2'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Kirim jawaban' }));
    expect((await screen.findByRole('status')).textContent).toContain('Tersimpan di ponsel — menunggu dikirim');
    expect(await db.akpkResponses.count()).toBe(1);
    unmount();

    render(<SurveyScreen />);
    await screen.findByRole('button', { name: 'Kirim jawaban' });
    await waitFor(() => expect(level('M.1').value).toBe('4'));
    expect(level('M.2').value).toBe('2');
    // Changing one answer does not mean filling in all of them again.
    fireEvent.change(level('M.2'), { target: { value: '3' } });
    expect(screen.getByRole('button', { name: 'Kirim jawaban' })).toHaveProperty('disabled', false);
  });
});
