import './zod-without-eval';
import { render } from 'preact';
import { App } from './App';
import { initI18n } from './i18n';
import { registerServiceWorker } from './pwa/sw-bridge';
import './styles.css';

await initI18n();
render(<App />, document.getElementById('app')!);
registerServiceWorker();
