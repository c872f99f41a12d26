/**
 * Lentera's service worker: it keeps the app shell (JS, CSS, HTML, icons, manifest,
 * translations) available offline, and nothing else.
 *
 * - Course files are not cached here: the learner downloads them explicitly into IndexedDB.
 * - `/api` is never intercepted, so an offline API call fails loudly instead of returning stale data.
 * - Updates wait for the learner (prompt mode): the page posts SKIP_WAITING when it is safe to reload.
 *   No `clientsClaim()`: a tab never switches to new code underneath the learner.
 */
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BACKGROUND_SYNC_TAG, FLUSH_OUTBOX_MESSAGE, TASKS_PATH } from '../shared/sw-messages';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

// Filled in at build time by vite-plugin-pwa with the hashed shell files.
precacheAndRoute(self.__WB_MANIFEST);

// Drops precaches left behind by older Workbox versions' cache formats.
cleanupOutdatedCaches();

// The app routes on the client, so every page (including deep links such as
// /courses/x/lessons/y opened offline) is the same cached index.html.
const appShell = createHandlerBoundToURL('index.html');
// A certificate's QR opens /verifikasi/<kode>: the server's page (which knows about revocations)
// whenever it can be reached; offline, the app, which checks the signed data in the URL's
// fragment against the server's public key (features/record/VerifyScreen).
const VERIFICATION_PAGE = /^\/verifikasi(\/|$)/;
registerRoute(
  new NavigationRoute(
    async (options) => {
      try {
        return await fetch(options.request);
      } catch {
        return appShell(options);
      }
    },
    { allowlist: [VERIFICATION_PAGE] },
  ),
);
registerRoute(new NavigationRoute(appShell, { denylist: [/^\/api\//, VERIFICATION_PAGE] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync (Chromium only): the app registered this tag after a failed flush; when the
// connection returns the browser wakes this worker, which asks the open Lentera windows to flush.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}
self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== BACKGROUND_SYNC_TAG) return;
  sync.waitUntil(
    // Uncontrolled too: right after install the open page is not controlled by this worker yet.
    self.clients
      .matchAll({ type: 'window', includeUncontrolled: true })
      .then((windows) => windows.forEach((client) => client.postMessage({ type: FLUSH_OUTBOX_MESSAGE }))),
  );
});

// A tapped reminder opens "Tugas": in the Lentera window already open (focused), else in a
// new one. Without this the tap only dismissed the notification.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(TASKS_PATH, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const open = windows[0];
      if (open === undefined) {
        await self.clients.openWindow(url);
        return;
      }
      await open.focus();
      // An uncontrolled window cannot be navigated by the worker; it is at least in front.
      await open.navigate(url).catch(() => undefined);
    }),
  );
});
