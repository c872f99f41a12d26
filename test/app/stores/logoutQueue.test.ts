// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../../src/shared/protocol';
import { deliverLogouts, queueLogout } from '../../../src/app/stores/logoutQueue';
import { useNetwork } from '../../../src/app/stores/network';

/** Issue 9.5: "Keluar" ends the session on the server; offline, the logout waits for the next connection. */
const waiting = (): unknown => JSON.parse(localStorage.getItem('lentera.pendingLogouts') ?? '[]');

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('logout queue', () => {
  it('online: the token is sent to the logout route at once and forgotten once the server ended it', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await queueLogout('token-a');
    expect(fetch).toHaveBeenCalledWith(
      api.logout,
      expect.objectContaining({ method: 'POST', headers: { authorization: 'Bearer token-a' } }),
    );
    expect(waiting()).toEqual([]);
  });

  it('offline: the logout waits, survives a reload (localStorage), and goes out when the phone is online', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await queueLogout('token-b');
    expect(waiting()).toEqual(['token-b']);

    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    useNetwork.setState({ online: false });
    useNetwork.setState({ online: true });
    await deliverLogouts();
    expect(fetch).toHaveBeenCalled();
    expect(waiting()).toEqual([]);
  });

  it('a 5xx or a Wi-Fi login page keeps it waiting; a 401 (already ended) forgets it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Masuk Wi-Fi</html>', { status: 200 })),
    );
    await queueLogout('token-c');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 503 })),
    );
    await deliverLogouts();
    expect(waiting()).toEqual(['token-c']);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 401 })),
    );
    await deliverLogouts();
    expect(waiting()).toEqual([]);
  });
});
