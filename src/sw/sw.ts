/**
 * Lentera's service worker: it keeps the app shell (JS, CSS, HTML, the logo, manifest,
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
import {
  BACKGROUND_SYNC_TAG,
  ENGLISH_TEXTS_PREFIX,
  FLUSH_OUTBOX_MESSAGE,
  KEEP_ENGLISH_MESSAGE,
  TASKS_PATH,
} from '../shared/sw-messages';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> };

// Filled in at build time by vite-plugin-pwa with the hashed shell files.
const shell = self.__WB_MANIFEST.map((entry) => (typeof entry === 'string' ? { url: entry } : entry));
const isEnglishTexts = ({ url }: PrecacheEntry): boolean => url.startsWith(ENGLISH_TEXTS_PREFIX);
precacheAndRoute(shell.filter((entry) => !isEnglishTexts(entry)));

// The English texts (~9 KB) are not precached: most learners never switch, and a first visit
// pays for every precached byte. A learner who switches (online) keeps them in their own cache,
// and each new version fetches its English texts with its install, while the old ones still
// serve: the app opens in English offline after an update too.
const ENGLISH_CACHE = 'lentera-english';
const englishUrl = shell.find(isEnglishTexts)?.url;
const englishHref = englishUrl === undefined ? undefined : new URL(englishUrl, self.location.href).href;

async function fetchAndKeep(cache: Cache, request: Request | string): Promise<Response> {
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** This version's English texts, kept (fetched if not yet) when `wanted` says so. */
const keepEnglish = (wanted: (cache: Cache) => Promise<boolean>): Promise<void> =>
  caches.open(ENGLISH_CACHE).then(async (cache) => {
    if (englishHref !== undefined && !(await cache.match(englishHref)) && (await wanted(cache)))
      await fetchAndKeep(cache, englishHref);
  });

self.addEventListener('install', (event) => {
  event.waitUntil(keepEnglish(async (cache) => (await cache.keys()).length > 0));
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.open(ENGLISH_CACHE).then(async (cache) => {
      const stale = (await cache.keys()).filter((request) => request.url !== englishHref);
      await Promise.all(stale.map((request) => cache.delete(request)));
    }),
  );
});
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(`/${ENGLISH_TEXTS_PREFIX}`),
  async ({ request }) => {
    const cache = await caches.open(ENGLISH_CACHE);
    return (await cache.match(request)) ?? fetchAndKeep(cache, request);
  },
);

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
  const type = (event.data as { type?: unknown } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  // The page switched to English, maybe before this worker controlled it (the first visit).
  if (type === KEEP_ENGLISH_MESSAGE) event.waitUntil(keepEnglish(async () => true));
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
