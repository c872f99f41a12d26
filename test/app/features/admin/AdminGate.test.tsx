// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminGate } from '../../../../src/app/features/admin/AdminGate';
import { parseRoute } from '../../../../src/app/stores/router';
import { useSession } from '../../../../src/app/stores/session';
import { aUser } from '../../builders';
import { signInAs, initAdminI18n } from './fakes';

beforeAll(() => initAdminI18n());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AdminGate', () => {
  it('tells a learner who types /admin that the page is for BKPSDM admins, without asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    vi.stubGlobal('XMLHttpRequest', vi.fn());
    signInAs('learner');
    const route = parseRoute('/admin');
    if (route.name !== 'admin') throw new Error('expected the admin route');
    render(<AdminGate page={route.page} />);
    expect(screen.getByRole('alert').textContent).toBe('Halaman ini khusus admin BKPSDM.');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('opens the admin screens for an admin', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ courses: [] }));
    signInAs('admin');
    render(<AdminGate page={{ kind: 'courses' }} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Kelola Pelatihan' })).toBeTruthy();
    expect(await screen.findByText(/Belum ada pelatihan di server/)).toBeTruthy();
  });

  it('opens an OPD admin, who manages no course, on her people under the "Pegawai" tab', async () => {
    vi.stubGlobal('fetch', async () => Response.json({ error: { code: 'not_found', message: 'x' } }, { status: 404 }));
    const user = aUser({ id: 'maya', name: 'Maya', role: 'admin_opd' });
    useSession.getState().signIn({ token: 'token-maya', expiresAt: '2099-01-01T00:00:00Z', user, signingKey: '' });
    render(<AdminGate page={{ kind: 'courses' }} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Daftar pegawai' })).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Menu admin' });
    expect(within(tabs).queryByText('Kelola Pelatihan')).toBeNull();
    expect(within(tabs).getByText('Pegawai').className).toContain('admin__tab--active');
  });
});

describe('admin routes', () => {
  it.each([
    ['/admin', { kind: 'courses' }],
    ['/admin/results', { kind: 'results' }],
    [
      '/admin/courses/etika-berakhlak/versions/1.2.0',
      { kind: 'preview', courseId: 'etika-berakhlak', version: '1.2.0' },
    ],
  ])('%s opens the right admin page', (path, page) => {
    expect(parseRoute(path)).toEqual({ name: 'admin', page });
  });

  it('an unknown admin path is not found', () => {
    expect(parseRoute('/admin/nothing')).toEqual({ name: 'notFound' });
  });
});
