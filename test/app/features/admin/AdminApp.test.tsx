// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import AdminApp from '../../../../src/app/features/admin/AdminApp';
import { setLanguage } from '../../../../src/app/i18n';
import { initAdminI18n, signInAs, stubFetch } from './fakes';

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
afterAll(() => setLanguage('id'));

describe('AdminApp', () => {
  it('switches the admin desk to English from its own menu (the learner Profil tab is not shown)', async () => {
    stubFetch({});
    render(<AdminApp page={{ kind: 'results' }} />);
    const menu = screen.getByRole('navigation', { name: 'Menu admin' });
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    await screen.findByRole('link', { name: 'Results & reports' });
    expect(menu.getAttribute('aria-label')).toBe('Admin menu');
    expect(screen.getByRole('button', { name: 'Bahasa Indonesia' })).toBeTruthy();
  });
});
