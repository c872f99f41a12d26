// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { onLearnerAct } from '../../../../src/app/data/outbox';
import { recordLessonCompleted, recordLessonOpened } from '../../../../src/app/data/progress';
import { learner } from '../../builders';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../../src/app/components/ErrorBoundary';
import QuizScreen from '../../../../src/app/features/quiz/QuizScreen';
import { i18n } from '../../../../src/app/i18n';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
  await world.download();
});
afterEach(() => stopScreenWorld(world));

const renderQuiz = () =>
  render(
    <ErrorBoundary>
      <QuizScreen courseId="mini-course" quizId="post-test" />
    </ErrorBoundary>,
  );

describe('QuizScreen', () => {
  it('explains the post-test before it starts: questions, passing score, attempts left', async () => {
    renderQuiz();
    expect(await screen.findByText(t('quiz.kind.post'))).toBeDefined();
    expect(screen.getByText('2 soal')).toBeDefined();
    expect(screen.getByText('Nilai lulus: 70')).toBeDefined();
    expect(screen.getByText('Sisa kesempatan: 3 dari 3')).toBeDefined();
  });

  it('each answer is kept on the phone; finishing shows the score and queues the result to sync', async () => {
    renderQuiz();
    fireEvent.click(await screen.findByRole('button', { name: t('quiz.start') }));
    fireEvent.click(await screen.findByLabelText('45 menit'));
    await waitFor(() => expect(screen.getByText('1 dari 2 soal dijawab')).toBeDefined());
    fireEvent.click(screen.getByLabelText('Benar'));
    await waitFor(() => expect(screen.getByText('2 dari 2 soal dijawab')).toBeDefined());

    const syncAsked = vi.fn();
    onLearnerAct(world.db, syncAsked);
    fireEvent.click(screen.getByRole('button', { name: t('quiz.submit') }));
    expect((await screen.findByText(/Nilai 100/)).textContent).toContain(`2 dari 2 benar) — ${t('quiz.passed')}`);
    // The sync scheduler hears of it without the screen asking.
    expect(syncAsked).toHaveBeenCalled();
    expect(await world.db.outbox.count()).toBeGreaterThan(0);
  });

  it('a post-test completing the course rewards it under the score: JP, certificate, steps still due', async () => {
    const course = (await world.db.courses.get('mini-course'))!;
    for (const lesson of course.manifest.lessons) {
      await recordLessonOpened(world.db, 'mini-course', lesson.id);
      await recordLessonCompleted(world.db, learner, course.manifest, lesson.id);
    }
    renderQuiz();
    fireEvent.click(await screen.findByRole('button', { name: t('quiz.start') }));
    fireEvent.click(await screen.findByLabelText('45 menit'));
    await waitFor(() => expect(screen.getByText('1 dari 2 soal dijawab')).toBeDefined());
    fireEvent.click(screen.getByLabelText('Benar'));
    await waitFor(() => expect(screen.getByText('2 dari 2 soal dijawab')).toBeDefined());
    fireEvent.click(screen.getByRole('button', { name: t('quiz.submit') }));
    const panel = await screen.findByRole('region', { name: 'Selamat, pelatihan selesai!' });
    expect(panel.textContent).toContain('+1 JP (1 dari 20 JP tahun ini)');
    expect(panel.textContent).toContain(t('record.certificatePending'));
    expect(screen.getByRole('link', { name: 'Isi evaluasi pelatihan' }).getAttribute('href')).toBe(
      '/courses/mini-course/feedback',
    );
    expect(screen.getByRole('link', { name: 'Tulis rencana tindak lanjut' })).toBeDefined();
    // The answers are there, folded below: not screens between the score and the next step.
    expect(screen.getByText(t('quiz.showAnswers')).closest('details')?.open).toBe(false);
  });

  it('a failed attempt says the pass mark and offers the retry and the lessons right under the score', async () => {
    renderQuiz();
    fireEvent.click(await screen.findByRole('button', { name: t('quiz.start') }));
    fireEvent.click(await screen.findByLabelText('60 menit'));
    await waitFor(() => expect(screen.getByText('1 dari 2 soal dijawab')).toBeDefined());
    fireEvent.click(screen.getByLabelText('Salah'));
    await waitFor(() => expect(screen.getByText('2 dari 2 soal dijawab')).toBeDefined());
    fireEvent.click(screen.getByRole('button', { name: t('quiz.submit') }));
    expect(await screen.findByText('Nilai lulus 70')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Coba lagi (sisa 2 kesempatan)' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Baca lagi materinya' }).getAttribute('href')).toBe('/courses/mini-course');
    expect(screen.queryByRole('region', { name: 'Selamat, pelatihan selesai!' })).toBeNull();
  });

  it('asks before finishing with unanswered questions, and stays on the quiz when the learner says no', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    renderQuiz();
    fireEvent.click(await screen.findByRole('button', { name: t('quiz.start') }));
    fireEvent.click(await screen.findByRole('button', { name: t('quiz.submit') }));
    await waitFor(() => expect(confirm).toHaveBeenCalledWith(expect.stringContaining('2 soal')));
    expect(screen.getByRole('button', { name: t('quiz.submit') })).toBeDefined();
  });

  it('a quiz file corrupt on the phone shows what to do, not "Memuat…"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const course = (await world.db.courses.get('mini-course'))!;
    const quizFile = course.manifest.files.find((file) => file.path === 'quizzes/post-test.json')!;
    await world.db.files.update(quizFile.sha256, { blob: new Blob(['{ not json']) });
    renderQuiz();
    expect(await screen.findByText(t('errors.screenFailed'))).toBeDefined();
    expect(screen.getByText(t('errors.corruptFile'))).toBeDefined();
    expect(screen.queryByText(t('app.loading'))).toBeNull();
  });
});
