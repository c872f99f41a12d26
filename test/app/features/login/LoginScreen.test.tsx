// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginScreen } from '../../../../src/app/features/login/LoginScreen';
import { initI18n } from '../../../../src/app/i18n';
import { useNetwork } from '../../../../src/app/stores/network';
import { useSession } from '../../../../src/app/stores/session';
import { aUser } from '../../builders';

const LEARNER_NIP = '199207212019032001';

beforeAll(() => initI18n('id'));
beforeEach(() => useSession.getState().signOut());
afterEach(() => {
  cleanup();
  useNetwork.setState({ online: true });
  vi.unstubAllGlobals();
});

function fill(nip: string, password: string): void {
  fireEvent.input(screen.getByLabelText(/NIP/), { target: { value: nip } });
  fireEvent.input(screen.getByLabelText('Kata sandi'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
}

describe('LoginScreen', () => {
  it('offline, says logging in needs the internet, without suggesting it works offline after a first login', () => {
    useNetwork.setState({ online: false });
    render(<LoginScreen />);
    const notice = screen.getByText(/Tidak ada koneksi internet/);
    expect(notice.textContent).toContain('Masuk ke Lentera selalu memerlukan internet');
    expect(notice.textContent).not.toMatch(/pertama kali/);
  });

  it('explains a malformed NIP in Indonesian without asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(<LoginScreen />);
    fill('12345', 'rahasia');
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('NIP harus 18 digit'),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it('an empty NIP asks for it, not for 18 digits of birth date and TMT', async () => {
    render(<LoginScreen />);
    fill('', 'rahasia');
    expect((await screen.findByRole('alert')).textContent).toBe('Isi NIP Bapak/Ibu.');
  });

  it('shows the typed password on request, and hides it again', () => {
    render(<LoginScreen />);
    const password = screen.getByLabelText('Kata sandi');
    expect(password.getAttribute('type')).toBe('password');
    const toggle = screen.getByRole('button', { name: 'Tampilkan kata sandi' });
    fireEvent.click(toggle);
    expect(password.getAttribute('type')).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(toggle);
    expect(password.getAttribute('type')).toBe('password');
  });

  it('says the NIP or password is wrong when the server refuses them', async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'invalid_credentials', message: 'no' } }, { status: 401 }),
    );
    render(<LoginScreen />);
    fill(LEARNER_NIP, 'salah');
    // What happened, and what to do about it.
    expect((await screen.findByRole('alert')).textContent).toBe(
      'NIP atau kata sandi salah. Periksa lagi NIP dan kata sandi. ' +
        'Lupa kata sandi? Hubungi admin BKPSDM/OPD Bapak/Ibu.',
    );
    expect(useSession.getState().token).toBeNull();
  });

  it('says the server cannot be reached when the network fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    render(<LoginScreen />);
    fill(LEARNER_NIP, 'belajar-lentera');
    expect((await screen.findByRole('alert')).textContent).toContain('Tidak dapat terhubung ke server');
  });

  it('keeps the session when the server accepts the login', async () => {
    const user = aUser({ nip: LEARNER_NIP });
    vi.stubGlobal('fetch', async () =>
      Response.json({ token: 'tok', expiresAt: '2026-12-31T00:00:00Z', user, signingKey: 'a2V5' }),
    );
    render(<LoginScreen />);
    fill(LEARNER_NIP, 'belajar-lentera');
    await vi.waitFor(() => expect(useSession.getState().token).toBe('tok'));
    expect(JSON.parse(localStorage.getItem('lentera.session')!).state.user.name).toBe('Siti');
  });

  it("sends the login as JSON with this browser's own device key, the same at every login and logout", async () => {
    const user = aUser({ nip: LEARNER_NIP });
    const sent: { contentType: string | null; body: { deviceKey?: string } }[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      sent.push({
        contentType: new Headers(init.headers).get('content-type'),
        body: JSON.parse(init.body as string) as { deviceKey?: string },
      });
      return Response.json({ token: 'tok', expiresAt: '2026-12-31T00:00:00Z', user, signingKey: 'a2V5' });
    });
    for (let login = 0; login < 2; login++) {
      render(<LoginScreen />);
      fill(LEARNER_NIP, 'belajar-lentera');
      await vi.waitFor(() => expect(useSession.getState().token).toBe('tok'));
      useSession.getState().signOut();
      cleanup();
    }
    expect(sent.map(({ contentType }) => contentType)).toEqual(['application/json', 'application/json']);
    const [first, second] = sent.map(({ body }) => body.deviceKey);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32,64}$/);
    expect(second).toBe(first);
  });

  it('a damaged device key in storage is replaced, not sent (the server would refuse every login)', async () => {
    localStorage.setItem('lentera.deviceKey', 'rusak');
    const keys: (string | undefined)[] = [];
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit) => {
      keys.push((JSON.parse(init.body as string) as { deviceKey?: string }).deviceKey);
      return Response.json({ token: 'tok', expiresAt: '2026-12-31T00:00:00Z', user: aUser(), signingKey: 'a2V5' });
    });
    render(<LoginScreen />);
    fill(LEARNER_NIP, 'belajar-lentera');
    await vi.waitFor(() => expect(useSession.getState().token).toBe('tok'));
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{32,64}$/);
    expect(localStorage.getItem('lentera.deviceKey')).toBe(keys[0]);
  });
});
