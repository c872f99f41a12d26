import { api } from '../../shared/protocol';
import { useNetwork } from './network';

/**
 * "Keluar" ends the session on the server too (issue 9.5). Offline, or when the server cannot be
 * reached, the token waits here and is sent the next time the phone is online (at start and on
 * `online`): a lost or shared phone's session is revoked as soon as it talks to the server again.
 * The phone's data is untouched either way.
 */
const KEY = 'lentera.pendingLogouts';
/** Logouts waiting at most: more would be one person pressing "Keluar" on one phone for months. */
const MAX_WAITING = 20;

function waiting(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((token): token is string => typeof token === 'string') : [];
  } catch {
    return [];
  }
}

function keep(tokens: string[]): void {
  try {
    if (tokens.length === 0) localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, JSON.stringify(tokens.slice(-MAX_WAITING)));
  } catch {
    // Storage refused (full, or private mode): the session still expires on its own date.
  }
}

export function queueLogout(token: string): Promise<void> {
  keep([...waiting().filter((other) => other !== token), token]);
  return deliverLogouts();
}

let delivering: Promise<void> | null = null;

/** Sends every waiting logout once; each one the server answered for (204 ended, 401 already ended) is forgotten. */
export function deliverLogouts(): Promise<void> {
  delivering ??= (async () => {
    for (const token of waiting()) {
      const response = await fetch(api.logout, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        cache: 'no-store',
      }).catch(() => null);
      // Anything else (no network, 5xx, a Wi-Fi login page) leaves it waiting for the next connection.
      if (response?.status === 204 || response?.status === 401) keep(waiting().filter((other) => other !== token));
    }
  })().finally(() => {
    delivering = null;
  });
  return delivering;
}

useNetwork.subscribe((state) => {
  if (state.online && waiting().length > 0) void deliverLogouts();
});
if (waiting().length > 0) void deliverLogouts();
