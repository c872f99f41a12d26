// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../src/app/components/ErrorBoundary';
import { CorruptFileError } from '../../../src/app/data/errors';
import { useLiveQuery } from '../../../src/app/hooks/useLiveQuery';
import { initI18n } from '../../../src/app/i18n';

beforeAll(() => initI18n('id'));
afterEach(cleanup);

/** A screen reading one value through a live query, like every learner screen does. */
function Screen({ read }: { read: () => Promise<string> }) {
  const value = useLiveQuery(read, [read]);
  return <p>{value === undefined ? 'Memuat…' : value}</p>;
}

describe('a screen whose data cannot be read', () => {
  it('says so in plain words instead of "Memuat…", and "Coba lagi" reads again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let broken = true;
    const read = async () => {
      if (broken) throw new Error('IndexedDB refused the read');
      return 'Pelatihan Etika';
    };
    render(
      <ErrorBoundary>
        <Screen read={read} />
      </ErrorBoundary>,
    );
    expect(await screen.findByRole('heading', { name: 'Halaman ini tidak dapat ditampilkan' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('Terjadi kesalahan yang tidak terduga. Coba lagi.');
    expect(screen.queryByText('Memuat…')).toBeNull();

    broken = false;
    fireEvent.click(screen.getByRole('button', { name: 'Coba lagi' }));
    expect(await screen.findByText('Pelatihan Etika')).toBeTruthy();
  });

  it('tells the learner how to mend a course file corrupt on the phone', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const read = () => Promise.reject(new CorruptFileError('etika', 'lessons/pembuka.json'));
    render(
      <ErrorBoundary>
        <Screen read={read} />
      </ErrorBoundary>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Hapus pelatihan ini di menu Penyimpanan');
    expect(screen.getByRole('link', { name: 'Kembali ke Beranda' }).getAttribute('href')).toBe('/');
  });

  it('forgets the failure when the learner goes to another screen', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = () => Promise.reject(new Error('broken'));
    const working = () => Promise.resolve('Pelajaran berikutnya');
    const { rerender } = render(
      <ErrorBoundary resetKey="lesson-1">
        <Screen read={failing} />
      </ErrorBoundary>,
    );
    await screen.findByRole('alert');
    rerender(
      <ErrorBoundary resetKey="lesson-2">
        <Screen read={working} />
      </ErrorBoundary>,
    );
    expect(await screen.findByText('Pelajaran berikutnya')).toBeTruthy();
  });

  it('explains a screen whose code could not be downloaded (offline before it was cached, or replaced)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const read = () =>
      Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/LessonScreen-1a2b.js'));
    render(
      <ErrorBoundary>
        <Screen read={read} />
      </ErrorBoundary>,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('Sebagian aplikasi tidak dapat dimuat');
  });
});
