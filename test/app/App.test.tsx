// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app/App';
import { initI18n } from '../../src/app/i18n';
import { useSession } from '../../src/app/stores/session';
import { aUser } from './builders';

vi.mock('../../src/app/features/shell/SignedInApp', () => ({
  default: () => <main>Katalog Pelatihan (di ponsel)</main>,
}));

const user = aUser();

beforeAll(() => initI18n('id'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  useSession.getState().signOut();
});

describe('App with an expired session', () => {
  it('keeps the courses open offline and offers to log in again, without forcing it', async () => {
    useSession.setState({ token: 'old', user, expired: true });
    render(<App />);
    expect(await screen.findByText('Katalog Pelatihan (di ponsel)')).toBeDefined();
    expect(screen.getByRole('alert').textContent).toContain('Pelatihan di ponsel tetap bisa dipelajari');

    fireEvent.click(screen.getByRole('button', { name: 'Masuk kembali' }));
    expect(screen.getByLabelText(/NIP/)).toHaveProperty('value', user.nip);
    fireEvent.click(screen.getByRole('button', { name: 'Kembali ke pelatihan' }));
    expect(await screen.findByText('Katalog Pelatihan (di ponsel)')).toBeDefined();
  });

  it('after logging in again the notice disappears (and sync may resume)', async () => {
    useSession.setState({ token: 'old', user, expired: true });
    vi.stubGlobal('fetch', async () =>
      Response.json({ token: 'new', expiresAt: '2026-12-31T00:00:00Z', user, signingKey: 'a2V5' }),
    );
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Masuk kembali' }));
    fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: 'belajar-lentera' } });
    fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    expect(await screen.findByText('Katalog Pelatihan (di ponsel)')).toBeDefined();
    expect(useSession.getState()).toMatchObject({ token: 'new', expired: false, signingKey: 'a2V5' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the login form when nobody is logged in', () => {
    render(<App />);
    expect(screen.getByRole('button', { name: 'Masuk' })).toBeDefined();
  });
});
