// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordLessonOpened } from '../../../../src/app/data/progress';
import FeedbackScreen from '../../../../src/app/features/feedback/FeedbackScreen';
import { i18n } from '../../../../src/app/i18n';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
const ITEMS = ['relevance', 'difficulty', 'clarity', 'usefulness'] as const;
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
  await world.download();
  // The evaluation is offered once the course is started (the server refuses it before).
  await recordLessonOpened(world.db, 'mini-course', 'pembuka');
});
afterEach(() => stopScreenWorld(world));

function rate(item: (typeof ITEMS)[number], score: number): void {
  const group = screen.getByRole('group', { name: t(`feedback.items.${item}`) });
  fireEvent.click(within(group).getByLabelText(String(score)));
}

describe('FeedbackScreen', () => {
  it('before the course is started there is no form, only when it can be given', async () => {
    await world.db.progress.clear();
    render(<FeedbackScreen courseId="mini-course" lessonId={null} />);
    expect(await screen.findByText(t('feedback.notStarted'))).toBeDefined();
    expect(screen.queryByRole('button', { name: t('feedback.submit') })).toBeNull();
    expect(screen.getByRole('link', { name: t('quiz.backToCourse') }).getAttribute('href')).toBe(
      '/courses/mini-course',
    );
  });

  it('asks for all four ratings before saving, then thanks the learner and keeps it for sync', async () => {
    render(<FeedbackScreen courseId="mini-course" lessonId={null} />);
    expect(await screen.findByRole('heading', { name: t('feedback.title') })).toBeDefined();
    expect(screen.getByText(/Bagaimana pendapat Bapak\/Ibu tentang "Kursus Mini"/)).toBeDefined();
    rate('relevance', 5);
    fireEvent.click(screen.getByRole('button', { name: t('feedback.submit') }));
    expect((await screen.findByRole('alert')).textContent).toBe(t('feedback.rateAll'));
    expect(await world.db.feedback.count()).toBe(0);

    for (const item of ITEMS.slice(1)) rate(item, 4);
    fireEvent.input(screen.getByLabelText(t('feedback.comment')), { target: { value: 'Contoh kasus lebih banyak.' } });
    fireEvent.click(screen.getByRole('button', { name: t('feedback.submit') }));
    expect(await screen.findByText(t('feedback.thanks'))).toBeDefined();
    expect(await world.db.feedback.count()).toBe(1);
    expect(await world.db.outbox.count()).toBeGreaterThan(0);
  });

  it('says why a comment would be refused before anything is queued, like posts and plans', async () => {
    render(<FeedbackScreen courseId="mini-course" lessonId={null} />);
    await screen.findByRole('heading', { name: t('feedback.title') });
    for (const item of ITEMS) rate(item, 4);
    const box = screen.getByLabelText(t('feedback.comment'));
    const send = screen.getByRole('button', { name: t('feedback.submit') });
    expect(box.getAttribute('maxlength')).toBe('2000');

    fireEvent.input(box, { target: { value: 'Materi \u202egnp.exe' } });
    expect(screen.getByRole('alert').textContent).toBe(t('records.textBidiControl'));
    expect(send).toHaveProperty('disabled', true);
    fireEvent.input(box, { target: { value: '\u200b\u2060' } });
    expect(screen.getByRole('alert').textContent).toBe(t('records.textInvisible'));
    expect(send).toHaveProperty('disabled', true);
    expect(await world.db.feedback.count()).toBe(0);

    // Blanks are no comment (it is optional); an emoji's joiners and a bidi mark are text.
    fireEvent.input(box, { target: { value: '   ' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.input(box, { target: { value: 'Bagus 👨\u200d👩\u200d👧 \u200fدعاء' } });
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.click(send);
    expect(await screen.findByText(t('feedback.thanks'))).toBeDefined();
    expect(await world.db.feedback.count()).toBe(1);
  });

  it('a save the phone refuses is explained and the answers stay on the form', async () => {
    render(<FeedbackScreen courseId="mini-course" lessonId={null} />);
    await screen.findByRole('heading', { name: t('feedback.title') });
    for (const item of ITEMS) rate(item, 3);
    const full = new DOMException('quota', 'QuotaExceededError');
    vi.spyOn(world.db.outbox, 'add').mockRejectedValue(full);
    vi.spyOn(world.db.outbox, 'bulkAdd').mockRejectedValue(full);
    fireEvent.click(screen.getByRole('button', { name: t('feedback.submit') }));
    expect((await screen.findByRole('alert')).textContent).toBe(t('errors.storageFullUnknown'));
    expect(within(screen.getByRole('group', { name: t('feedback.items.clarity') })).getByLabelText('3')).toHaveProperty(
      'checked',
      true,
    );
    expect(await world.db.feedback.count()).toBe(0);
  });
});
