// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { recordLessonCompleted, recordPosition } from '../../../../src/app/data/progress';
import HomeScreen from '../../../../src/app/features/home/HomeScreen';
import { homeCards } from '../../../../src/app/features/home/cards';
import { completionKey } from '../../../../src/app/data/completion';
import { learner, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { user, db } = signedInLearner('home');

const store = (manifest = manifestFixture(), downloadedAt = '2026-11-20T08:00:00.000Z') =>
  db.courses.put({ id: manifest.id, version: manifest.version, manifest, size: 1, downloadedAt, signature: null });

describe('Beranda', () => {
  it('with nothing on the phone, greets the learner and points to the course list', async () => {
    render(<HomeScreen />);
    expect(screen.getByRole('heading', { level: 1, name: 'Beranda' })).toBeDefined();
    expect(screen.getByText(`Selamat datang, ${user.name}`)).toBeDefined();
    const browse = await screen.findByRole('link', { name: 'Lihat daftar pelatihan' });
    expect(browse.getAttribute('href')).toBe('/pelatihan');
    expect(screen.queryByRole('heading', { name: 'Pelatihan saya' })).toBeNull();
  });

  it('continues in the lesson last read, at its position, and lists my courses with progress', async () => {
    await store();
    await store(manifestFixture({ id: 'lain', title: { id: 'Kursus Lain', en: 'Other' } }), '2026-11-21T08:00:00.000Z');
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu', new Date('2026-11-22T08:00:00Z'));
    await recordPosition(db, 'kursus-uji', 'dua', 0.4, new Date('2026-11-22T09:00:00Z'));
    render(<HomeScreen />);

    const resume = await screen.findByRole('link', { name: 'Lanjutkan' });
    expect(resume.getAttribute('href')).toBe('/courses/kursus-uji/lessons/dua');
    expect(screen.getByText('Materi 2 dari 2: Dua')).toBeDefined();
    expect(screen.getByText('Terakhir dibaca 40%')).toBeDefined();

    await screen.findByRole('heading', { name: 'Pelatihan saya' });
    const links = screen.getAllByRole('link').filter((link) => link.classList.contains('my-courses__link'));
    // The course studied last comes first, even though the other was downloaded later.
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['/courses/kursus-uji', '/courses/lain']);
    expect(links[0]!.textContent).toContain('1 dari 2 materi · 50%');
    expect(links[1]!.textContent).toContain('0 dari 2 materi · 0%');
  });

  it('a course downloaded but never opened offers "Mulai belajar" at its first lesson', async () => {
    await store();
    render(<HomeScreen />);
    const start = await screen.findByRole('link', { name: 'Mulai belajar' });
    expect(start.getAttribute('href')).toBe('/courses/kursus-uji/lessons/satu');
  });

  it('all lessons studied, post-test not passed: not "Selesai"; the next step is the post-test', async () => {
    await store();
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu', new Date('2026-11-22T08:00:00Z'));
    await recordLessonCompleted(db, learner, manifestFixture(), 'dua', new Date('2026-11-22T09:00:00Z'));
    render(<HomeScreen />);
    // No full bar until the post-test is passed.
    const link = await screen.findByText(/2 dari 2 materi · 99%/);
    expect(link.textContent).toBe('Materi selesai · kuis belum lulus · 2 dari 2 materi · 99%');
    expect(link.closest('li')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('99');
    expect(await screen.findByText('Semua materi sudah dipelajari. Berikutnya: post-test.')).toBeDefined();
  });

  it('a completed course says "Selesai"; "Lanjutkan belajar" asks for the evaluation, then says done', async () => {
    await store();
    await recordLessonCompleted(db, learner, manifestFixture(), 'satu', new Date('2026-11-22T08:00:00Z'));
    await recordLessonCompleted(db, learner, manifestFixture(), 'dua', new Date('2026-11-22T09:00:00Z'));
    await db.meta.put({ key: completionKey('kursus-uji', '1.0.0'), value: '2026-11-22T10:00:00.000Z' });
    render(<HomeScreen />);
    expect((await screen.findByText(/2 dari 2 materi · 100%/)).textContent).toBe('Selesai · 2 dari 2 materi · 100%');
    expect(await screen.findByText('Pelatihan selesai. Mohon isi evaluasinya.')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Isi evaluasi' }).getAttribute('href')).toBe(
      '/courses/kursus-uji/feedback',
    );
    expect(screen.queryByText(/kuis dan evaluasi/)).toBeNull();

    await db.feedback.put({
      id: 'f1',
      courseId: 'kursus-uji',
      lessonId: null,
      ratings: {} as never,
      comment: '',
      createdAt: '2026-11-22T11:00:00.000Z',
    });
    expect(await screen.findByText('Pelatihan selesai. Terima kasih atas evaluasinya.')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Buka pelatihan' })).toBeDefined();
  });

  it('a card that fails is replaced by a short notice; the other cards stay', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const Broken = () => {
      throw new Error('card data unreadable');
    };
    render(<HomeScreen cards={[{ id: 'broken', Component: Broken }, ...homeCards]} />);
    expect(await screen.findByText('Bagian ini tidak dapat ditampilkan.')).toBeDefined();
    expect(await screen.findByRole('link', { name: 'Lihat daftar pelatihan' })).toBeDefined();
  });
});
