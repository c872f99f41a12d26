/**
 * The one place that talks to the service worker (through vite-plugin-pwa's `registerSW`, which wraps
 * workbox-window). Components read `usePwa` and call its actions; they never touch `navigator.serviceWorker`.
 */
import { registerSW } from 'virtual:pwa-register';
import { FLUSH_OUTBOX_EVENT, FLUSH_OUTBOX_MESSAGE, KEEP_ENGLISH_MESSAGE } from '../../shared/sw-messages';
import { usePwa } from './store';

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  relayFlushRequests();
  const activateWaitingVersion = registerSW({
    onNeedRefresh: () => usePwa.setState({ needRefresh: true }),
    onOfflineReady: () => usePwa.setState({ offlineReady: true }),
    // The new version controls this tab now (this tab's button, or another tab's); its old chunks may be gone.
    onNeedReload: () => usePwa.getState().reloadWhenIdle(),
    onRegisteredSW: (swUrl, registration) => {
      if (registration) checkForUpdatesRegularly(swUrl, registration);
    },
    onRegisterError: (error: unknown) => console.error('Service worker registration failed', error),
  });
  usePwa.setState({ update: () => activateWaitingVersion() });
}

/**
 * Browsers look for a new sw.js mostly when a page is navigated to, and an installed app left open
 * (on iOS above all) rarely is; so check every hour and whenever the learner comes back to the app.
 */
function checkForUpdatesRegularly(swUrl: string, registration: ServiceWorkerRegistration): void {
  const check = (): void => void checkForUpdate(swUrl, registration);
  setInterval(check, UPDATE_CHECK_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

async function checkForUpdate(swUrl: string, registration: ServiceWorkerRegistration): Promise<void> {
  if (registration.installing || !navigator.onLine) return;
  try {
    // Probe first, as vite-pwa's periodic-update guide advises: `update()` while the server is down or the
    // signal drops mid-check only produces errors. `no-store`: the answer must come from the server, not a cache.
    const probe = await fetch(swUrl, { cache: 'no-store', headers: { 'cache-control': 'no-cache' } });
    if (probe.ok) await registration.update();
  } catch {
    // Unreachable server: the next interval or visit tries again.
  }
}

/** The worker's Background Sync wake-up, handed to the sync scheduler as a window event. */
function relayFlushRequests(): void {
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: unknown } | null>) => {
    if (event.data?.type === FLUSH_OUTBOX_MESSAGE) dispatchEvent(new Event(FLUSH_OUTBOX_EVENT));
  });
}

/** The learner reads English: the service worker keeps those texts for offline use (they are not precached). */
export function keepEnglishOffline(): void {
  void navigator.serviceWorker?.ready.then((registration) =>
    registration.active?.postMessage({ type: KEEP_ENGLISH_MESSAGE }),
  );
}
