import './zod-without-eval';
import { render } from 'preact';
import { App } from './App';
import { initI18n } from './i18n';
import { reloadOnceOnMissingChunk } from './pwa/chunk-reload';
import './styles.css';

reloadOnceOnMissingChunk();
await initI18n();
// The first screen is drawn in a task of its own, not in the one that evaluated the first chunk:
// on a slow phone the two together hold the main thread long enough to delay a first tap.
await new Promise((resolve) => setTimeout(resolve, 0));
render(<App />, document.getElementById('app')!);
// After the first paint: the service worker's bridge (with workbox-window) is not needed to
// draw the login screen, and workbox-window registers on `load` anyway.
void import('./pwa/sw-bridge').then(({ registerServiceWorker }) => registerServiceWorker());
