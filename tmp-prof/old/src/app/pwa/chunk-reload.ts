const CHUNK_RELOAD_KEY = 'lentera.chunkReloadAt';
/** A reload that fails again this soon did not help; stop instead of looping. */
const CHUNK_RELOAD_COOLDOWN_MS = 60 * 1000;

/**
 * An old tab may ask for a lazy chunk that an update removed; the fresh index.html names the
 * current ones. Registered by the entry itself, before anything lazy loads: were it in a lazy
 * chunk (the service worker's bridge), a deploy landing before that chunk arrived would remove
 * the very code meant to recover from it, and the tab would stay stuck.
 */
export function reloadOnceOnMissingChunk(): void {
  addEventListener('vite:preloadError', (event) => {
    if (!navigator.onLine) return;
    const lastReload = Number(sessionStorage.getItem(CHUNK_RELOAD_KEY) ?? 0);
    if (Date.now() - lastReload < CHUNK_RELOAD_COOLDOWN_MS) return;
    sessionStorage.setItem(CHUNK_RELOAD_KEY, String(Date.now()));
    event.preventDefault();
    location.reload();
  });
}
