// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import ActionPlanScreen from '../../../../src/app/features/cycle/ActionPlanScreen';
import { i18n } from '../../../../src/app/i18n';
import { signedInLearner } from '../../signed-in';

const t = i18n.t.bind(i18n);
const { db } = signedInLearner('action-plan');

describe('the action plan form', () => {
  it('tells the learner before queueing that invisible-only text or a bidi override is refused', async () => {
    render(<ActionPlanScreen courseId="etika" />);
    const what = await screen.findByLabelText(t('cycle.plan.what'));
    const indicator = screen.getByLabelText(t('cycle.plan.indicator'));
    fireEvent.input(indicator, { target: { value: 'Pengumuman terpasang' } });
    fireEvent.input(screen.getByLabelText(t('cycle.plan.targetDate')), { target: { value: '2026-12-31' } });
    const save = screen.getByRole('button', { name: t('cycle.plan.save') });

    fireEvent.input(what, { target: { value: '\u200b\u200b \u2060' } });
    expect(screen.getByRole('alert').textContent).toBe(t('records.textInvisible'));
    expect(save).toHaveProperty('disabled', true);

    fireEvent.input(what, { target: { value: 'Memasang \u202egnp.exe' } });
    expect(screen.getByRole('alert').textContent).toBe(t('records.textBidiControl'));
    expect(save).toHaveProperty('disabled', true);

    fireEvent.input(what, { target: { value: 'Memasang pengumuman 👨\u200d👩\u200d👧' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(save).toHaveProperty('disabled', false);
  });
});

describe('a written action plan', () => {
  it('shows each target date as a day in words, not as 2026-12-31', async () => {
    await db.actionPlans.put({
      id: '01900000-0000-7000-8000-000000000001',
      kind: 'action_plan',
      body: {
        courseId: 'etika',
        actions: [
          { id: 'a1', what: 'Memasang pengumuman', indicator: 'Ada foto', targetDate: '2026-12-31', support: '' },
        ],
        writtenAt: '2026-09-21T03:00:00.000Z',
      },
      createdAt: '2026-09-21T03:00:00.000Z',
    });
    render(<ActionPlanScreen courseId="etika" />);
    const action = await screen.findByText(/Memasang pengumuman/);
    const item = action.closest('li')!;
    expect(item.textContent).toContain(`${t('cycle.plan.targetDate')}: 31 Des 2026`);
    expect(item.textContent).not.toContain('2026-12-31');
  });
});
