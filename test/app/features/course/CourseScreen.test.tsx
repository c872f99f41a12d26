// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recordLessonCompleted, recordLessonOpened } from '../../../../src/app/data/progress';
import CourseScreen from '../../../../src/app/features/course/CourseScreen';
import { i18n } from '../../../../src/app/i18n';
import { useNetwork } from '../../../../src/app/stores/network';
import { learner } from '../../builders';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
/** A catalog button by its visible word: its name goes on with the course's title and size. */
const named = (key: string) => new RegExp(`^${t(key)} `);
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
});
afterEach(() => stopScreenWorld(world));

describe('CourseScreen', () => {
  it('a course not on the phone offers its download right there, then shows the course', async () => {
    render(<CourseScreen courseId="mini-course" />);
    expect(await screen.findByText(t('course.notDownloaded'))).toBeDefined();
    expect(screen.getByRole('link', { name: `← ${t('course.back')}` })).toBeDefined();
    // The phone never fetched the catalog: the screen does, for the course's title and size.
    expect(await screen.findByRole('heading', { name: 'Kursus Mini' })).toBeDefined();
    expect(screen.getByText(/^Ukuran unduhan/)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: named('catalog.download') }));
    expect(await screen.findByRole('link', { name: t('course.start') })).toBeDefined();
    expect(screen.queryByText(t('course.notDownloaded'))).toBeNull();
  });

  it('offline, a course never seen on the phone says a connection is needed', async () => {
    useNetwork.setState({ online: false });
    render(<CourseScreen courseId="mini-course" />);
    expect(await screen.findByText(t('catalog.needsConnection'))).toBeDefined();
    expect(screen.queryByRole('button', { name: named('catalog.download') })).toBeNull();
  });

  it('a downloaded course lists its lessons and post-test, and starts at the first lesson', async () => {
    await world.download();
    render(<CourseScreen courseId="mini-course" />);
    expect(await screen.findByRole('heading', { name: 'Kursus Mini' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Pembuka' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Penutup' })).toBeDefined();
    expect(screen.getByText('0 dari 2 materi dipelajari')).toBeDefined();
    expect(screen.getByRole('link', { name: t('course.start') }).getAttribute('href')).toContain('pembuka');
    expect(screen.getByRole('link', { name: 'Post-test' })).toBeDefined();
    expect(screen.getByText(t('course.quizNotTaken'))).toBeDefined();
  });

  it('after the first lesson, shows progress and continues with the next one', async () => {
    await world.download();
    const course = (await world.db.courses.get('mini-course'))!;
    await recordLessonOpened(world.db, 'mini-course', 'pembuka');
    await recordLessonCompleted(world.db, learner, course.manifest, 'pembuka');
    render(<CourseScreen courseId="mini-course" />);
    expect(await screen.findByText('1 dari 2 materi dipelajari')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Lanjutkan: Penutup' })).toBeDefined();
    expect(screen.getByText(/20 menit · Selesai/)).toBeDefined();
  });

  it('offers a pre-test first (or to skip it); once the lessons began it reads as skipped, not pending', async () => {
    await world.download();
    const course = (await world.db.courses.get('mini-course'))!;
    const preTest = {
      ...course.manifest.quizzes[0]!,
      id: 'pre-test',
      kind: 'pre' as const,
      title: { id: 'Pre-test', en: 'Pre-test' },
    };
    await world.db.courses.put({
      ...course,
      manifest: { ...course.manifest, quizzes: [preTest, ...course.manifest.quizzes] },
    });
    const { unmount } = render(<CourseScreen courseId="mini-course" />);
    expect((await screen.findByRole('link', { name: 'Kerjakan pre-test' })).getAttribute('href')).toBe(
      '/courses/mini-course/quizzes/pre-test',
    );
    expect(screen.getByRole('link', { name: 'Lewati pre-test, langsung ke materi' }).getAttribute('href')).toContain(
      'pembuka',
    );
    expect(screen.queryByRole('link', { name: t('course.start') })).toBeNull();
    unmount();
    await recordLessonOpened(world.db, 'mini-course', 'pembuka');
    render(<CourseScreen courseId="mini-course" />);
    await screen.findByRole('link', { name: 'Lanjutkan: Pembuka' });
    expect(screen.queryByRole('link', { name: 'Kerjakan pre-test' })).toBeNull();
    expect(document.querySelector('[data-quiz-id="pre-test"]')?.textContent).toContain('Dilewati (tidak wajib)');
  });

  it('offers the evaluation only once a lesson is opened, as the server takes it only then', async () => {
    await world.download();
    const { unmount } = render(<CourseScreen courseId="mini-course" />);
    expect(await screen.findByText(t('course.feedbackAfterStart'))).toBeDefined();
    expect(screen.queryByRole('link', { name: t('course.giveFeedback') })).toBeNull();
    unmount();
    await recordLessonOpened(world.db, 'mini-course', 'pembuka');
    render(<CourseScreen courseId="mini-course" />);
    expect((await screen.findByRole('link', { name: t('course.giveFeedback') })).getAttribute('href')).toBe(
      '/courses/mini-course/feedback',
    );
    expect(screen.queryByText(t('course.feedbackAfterStart'))).toBeNull();
  });

  it('when the admin requires the action plan before the certificate, says so until a plan is written', async () => {
    await world.download();
    await world.db.meta.put({
      key: 'cycle:state',
      value: {
        settings: { checkpoints: [30, 90], actionPlanRequired: true },
        reviewsDue: [],
        survey: null,
        surveyReviewsDue: [],
      },
    });
    render(<CourseScreen courseId="mini-course" />);
    const notice = await screen.findByText(t('record.certificateNeedsPlan'));
    expect(notice).toBeDefined();
    await world.db.actionPlans.put({
      id: '01900000-0000-7000-8000-000000000002',
      kind: 'action_plan',
      body: {
        courseId: 'mini-course',
        actions: [{ id: 'a1', what: 'Menerapkan', indicator: 'Ada bukti', targetDate: '2026-12-01', support: '' }],
        writtenAt: '2026-11-01T03:00:00.000Z',
      },
      createdAt: '2026-11-01T03:00:00.000Z',
    });
    await vi.waitFor(() => expect(screen.queryByText(t('record.certificateNeedsPlan'))).toBeNull());
  });
});
