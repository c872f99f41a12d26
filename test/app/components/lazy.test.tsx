// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import type { ComponentType } from 'preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../../src/app/components/ErrorBoundary';
import { lazy } from '../../../src/app/components/lazy';
import { Loading } from '../../../src/app/components/Loading';
import { initI18n } from '../../../src/app/i18n';

beforeAll(() => initI18n('id'));
afterEach(cleanup);

describe('a screen whose code loads on first use', () => {
  it('shows "Memuat…" until its code arrives, then the screen with its props', async () => {
    type Module = { default: ComponentType<{ name: string }> };
    let arrive: (module: Module) => void = () => undefined;
    const Screen = lazy(() => new Promise<Module>((resolve) => (arrive = resolve)), Loading);
    render(<Screen name="Etika" />);
    expect(await screen.findByText('Memuat…')).toBeTruthy();
    arrive({ default: ({ name }) => <h1>Pelatihan {name}</h1> });
    expect(await screen.findByRole('heading', { name: 'Pelatihan Etika' })).toBeTruthy();
  });

  it('explains a chunk that did not download, and downloads it again when the learner retries', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let attempts = 0;
    const Screen = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('network down while loading the screen');
      return { default: () => <h1>Unduhan</h1> };
    });
    render(
      <ErrorBoundary>
        <Screen />
      </ErrorBoundary>,
    );
    expect(await screen.findByRole('heading', { name: 'Halaman ini tidak dapat ditampilkan' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Coba lagi' }));
    expect(await screen.findByRole('heading', { name: 'Unduhan' })).toBeTruthy();
    expect(attempts).toBe(2);
  });
});
