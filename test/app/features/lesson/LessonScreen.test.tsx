// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { onLearnerAct } from '../../../../src/app/data/outbox';
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveFailureNotice } from '../../../../src/app/components/SaveFailureNotice';
import LessonScreen from '../../../../src/app/features/lesson/LessonScreen';
import { i18n } from '../../../../src/app/i18n';
import { useSaveFailure } from '../../../../src/app/stores/saveFailure';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
  await world.download();
});
afterEach(async () => {
  useSaveFailure.setState({ error: null });
  await stopScreenWorld(world);
});

describe('LessonScreen', () => {
  it('shows the lesson from the phone with its place in the course and the way on', async () => {
    render(<LessonScreen courseId="mini-course" lessonId="pembuka" />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Pembuka' })).toBeDefined();
    expect(screen.getByText('Materi 1 dari 2')).toBeDefined();
    expect(screen.getByRole('link', { name: /Berikutnya/ }).getAttribute('href')).toContain('penutup');
  });

  it('"Tandai selesai" records the lesson with its outbox entry and says it is done', async () => {
    render(<LessonScreen courseId="mini-course" lessonId="pembuka" />);
    const syncAsked = vi.fn();
    onLearnerAct(world.db, syncAsked);
    fireEvent.click(await screen.findByRole('button', { name: t('lesson.markComplete') }));
    expect(await screen.findByText(t('lesson.completed'))).toBeDefined();
    expect((await world.db.progress.get(['mini-course', 'pembuka']))?.completedAt).toBeTruthy();
    expect(await world.db.outbox.count()).toBeGreaterThan(0);
    // The sync scheduler hears of it without the screen asking.
    expect(syncAsked).toHaveBeenCalled();
  });

  it('when the phone cannot save, the learner is told instead of the click doing nothing', async () => {
    render(
      <>
        <SaveFailureNotice />
        <LessonScreen courseId="mini-course" lessonId="pembuka" />
      </>,
    );
    const button = await screen.findByRole('button', { name: t('lesson.markComplete') });
    const full = new DOMException('quota', 'QuotaExceededError');
    vi.spyOn(world.db.outbox, 'add').mockRejectedValue(full);
    vi.spyOn(world.db.outbox, 'bulkAdd').mockRejectedValue(full);
    fireEvent.click(button);
    expect((await screen.findByRole('alert')).textContent).toContain(t('errors.storageFullUnknown'));
    // Nothing half-written: the lesson is still not done, and can be marked again once there is room.
    expect(screen.getByRole('button', { name: t('lesson.markComplete') })).toBeDefined();
    expect((await world.db.progress.get(['mini-course', 'pembuka']))?.completedAt ?? null).toBeNull();
  });

  it('a lesson that is not in the course says so and leads back to the course', async () => {
    render(<LessonScreen courseId="mini-course" lessonId="tidak-ada" />);
    expect(await screen.findByText(t('lesson.notFound'))).toBeDefined();
    expect(screen.getByRole('link', { name: t('lesson.backToCourse') })).toBeDefined();
  });
});
