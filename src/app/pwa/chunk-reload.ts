import { usePwa } from './store';

/** When this tab reloaded itself for missing code, comma-separated. */
const RELOADS_KEY = 'lentera.chunkReloads';
/** Automatic reloads closer together than this count as one attempt at recovering. */
const RELOAD_WINDOW_MS = 60 * 1000;
/** Versions changing this often (servers of two versions behind one address) are left to the learner. */
const MAX_RELOADS = 3;

/**
 * An old tab may ask for a lazy chunk that an update removed; the fresh index.html names the
 * current ones. Every `import()` of the app goes through Vite's preload helper, so this covers
 * the screens as well as what loads in the background once Beranda has settled (i18next, the
 * sync engine, reminders) and the service worker's bridge, whose callers carry on without it.
 *
 * Registered by the entry itself, before anything lazy loads: were it in a lazy chunk (the
 * service worker's bridge), a deploy landing before that chunk arrived would remove the very
 * code meant to recover from it, and the tab would stay stuck.
 *
 * The first failure reloads at once. One right after a reload means that reload found the
 * same old version (a deploy still being copied, a proxy's stale index.html): the page reloads
 * again only if the server now names another entry than the running one, so a chunk missing
 * from the current version never loops. Otherwise the learner is told and reloads when ready.
 */
export function reloadOnceOnMissingChunk(): void {
  let handling = false;
  addEventListener('vite:preloadError', (event) => {
    // Offline, the chunk is simply not on the phone yet: its caller tries again when it can.
    if (handling || !navigator.onLine) return;
    handling = true;
    const now = Date.now();
    const reloads = (sessionStorage.getItem(RELOADS_KEY) ?? '')
      .split(',')
      .map(Number)
      .filter((at) => now - at < RELOAD_WINDOW_MS);
    const reload = (): void => {
      sessionStorage.setItem(RELOADS_KEY, [...reloads, now].join());
      location.reload();
    };
    if (!reloads.length) {
      event.preventDefault();
      reload();
      return;
    }
    // The error goes on to its caller (a screen explains it) while the server is asked.
    const stale = (): void => usePwa.setState({ staleCode: true });
    void newerVersionServed().then((newer) => (newer && reloads.length < MAX_RELOADS ? reload() : stale()), stale);
  });
}

/** Whether the server's index.html now starts the app from another entry than this page's. */
async function newerVersionServed(): Promise<boolean> {
  // A new query string each time: neither the service worker's precache nor the HTTP cache answers it.
  const html = await (await fetch(`/?${Date.now()}`)).text();
  // The built index.html names its entry in its one module script (an error page names none).
  const served = /module"[^>]* src="([^"]+)/.exec(html)?.[1];
  return !!served && served !== document.querySelector('script[type="module"]')?.getAttribute('src');
}
