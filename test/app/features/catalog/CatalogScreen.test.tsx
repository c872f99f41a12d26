// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../../src/app/components/ErrorBoundary';
import CatalogScreen from '../../../../src/app/features/catalog/CatalogScreen';
import { formatBytes } from '../../../../src/app/components/format';
import { i18n, setLanguage } from '../../../../src/app/i18n';
import { useNetwork } from '../../../../src/app/stores/network';
import { useSession } from '../../../../src/app/stores/session';
import { api } from '../../../../src/shared/protocol';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
/** A catalog button by its visible word: its name goes on with the course's title and size. */
const named = (key: string) => new RegExp(`^${t(key)} `);
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
});
afterEach(() => stopScreenWorld(world));

describe('CatalogScreen', () => {
  it('lists a published course with its JP and size; "Unduh" stores it and offers to open it', async () => {
    render(<CatalogScreen />);
    expect(await screen.findByRole('heading', { name: 'Kursus Mini' })).toBeDefined();
    expect(screen.getByText('1 JP')).toBeDefined();
    expect(screen.getByText(/Ukuran unduhan/)).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: named('catalog.download') }));
    expect(await screen.findByText(t('catalog.offlineReady'))).toBeDefined();
    expect(screen.getByRole('link', { name: t('catalog.open') }).getAttribute('href')).toContain('mini-course');
    expect(await world.db.courses.count()).toBe(1);
  });

  it("names each download button with the course's title and size, in the reader's language", async () => {
    const size = world.server.manifest.files.reduce((sum, file) => sum + file.size, 0);
    render(<CatalogScreen />);
    const button = await screen.findByRole('button', {
      name: `Unduh Kursus Mini (${formatBytes(size, 'id')})`,
    });
    expect(button.textContent).toBe('Unduh');
    await setLanguage('en');
    try {
      expect(
        await screen.findByRole('button', { name: `Download Mini Course (${formatBytes(size, 'en')})` }),
      ).toBeDefined();
    } finally {
      await setLanguage('id');
    }
  });

  it('offline with a catalog seen before: says which copy it shows; a download waits for a connection', async () => {
    render(<CatalogScreen />);
    await screen.findByRole('heading', { name: 'Kursus Mini' });
    useNetwork.setState({ online: false });
    expect(await screen.findByText(/Menampilkan katalog terakhir/)).toBeDefined();
    expect(screen.getByRole('button', { name: named('catalog.download') })).toHaveProperty('disabled', true);
    expect(screen.getByText(t('catalog.needsConnection'))).toBeDefined();
  });

  it('a catalog that cannot be fetched says what to do instead of waiting for ever', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    render(<CatalogScreen />);
    expect(await screen.findByText(t('errors.network'))).toBeDefined();
    // The server never answered: it did not say there are no courses.
    expect(screen.queryByText(t('catalog.empty'))).toBeNull();
    expect(screen.queryByText(t('app.loading'))).toBeNull();
  });

  it('on a first visit says "Memuat…" while fetching, "no courses" only once the server said so', async () => {
    let answer: (response: Response) => void = () => undefined;
    const serve = globalThis.fetch;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) =>
      new URL(String(input), 'http://phone').pathname === api.courses
        ? new Promise<Response>((resolve) => (answer = resolve))
        : serve(input, init),
    );
    render(<CatalogScreen />);
    expect(await screen.findByText(t('app.loading'))).toBeDefined();
    expect(screen.queryByText(t('catalog.empty'))).toBeNull();
    answer(Response.json({ courses: [] }));
    expect(await screen.findByText(t('catalog.empty'))).toBeDefined();
    expect(screen.queryByText(t('app.loading'))).toBeNull();
  });

  it('with the session ended, asks the server nothing (it would answer 401): the copy on the phone shows', async () => {
    render(<CatalogScreen />);
    await screen.findByRole('heading', { name: 'Kursus Mini' });
    cleanup();
    useSession.getState().markExpired();
    const fetch = vi.fn(async () => new Response(null, { status: 401 }));
    vi.stubGlobal('fetch', fetch);
    render(<CatalogScreen />);
    expect(await screen.findByRole('heading', { name: 'Kursus Mini' })).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a download that fails is explained beside the course and can be resumed', async () => {
    const file = world.server.manifest.files[0]!;
    world.server.intercept = (path) => (path.endsWith(file.sha256) ? 'network-error' : undefined);
    render(<CatalogScreen />);
    fireEvent.click(await screen.findByRole('button', { name: named('catalog.download') }));
    expect(await screen.findByText(t('errors.network'))).toBeDefined();
    expect(screen.getByRole('button', { name: named('catalog.resume') })).toBeDefined();
    expect(await world.db.courses.count()).toBe(0);
  });

  it('a list the phone cannot read shows the screen failure with "Coba lagi", never "Memuat…" for ever', async () => {
    vi.spyOn(world.db.courses, 'toArray').mockRejectedValue(new DOMException('read refused', 'UnknownError'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ErrorBoundary>
        <CatalogScreen />
      </ErrorBoundary>,
    );
    expect(await screen.findByText(t('errors.screenFailed'))).toBeDefined();
    expect(screen.getByRole('button', { name: t('errors.retry') })).toBeDefined();
    await waitFor(() => expect(screen.queryByText(t('app.loading'))).toBeNull());
  });
});
