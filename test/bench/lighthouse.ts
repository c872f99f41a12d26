/**
 * Lighthouse (mobile: a mid-range phone on slow 4G, simulated) on the login screen and on
 * Beranda after logging in with the demo learner — the phone issue's figures (targets:
 * performance ≥ 98, accessibility and best practices 100). Runs the built app (`dist/`, so
 * `npm run bundle && npm run build` first) on the real server, in the system's Chromium.
 * Performance depends on the machine's load (printed beside it); the other two do not.
 */
import { loadavg } from 'node:os';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_LEARNER, login, startServer } from '../e2e/harness';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const TARGET: Record<(typeof CATEGORIES)[number], number> = {
  performance: 98,
  accessibility: 100,
  'best-practices': 100,
};

export interface LighthouseRow {
  screen: string;
  category: string;
  score: number | null;
  target: number;
  met: boolean;
  /** First and largest contentful paint, total blocking time, layout shift: what the performance score is made of. */
  metrics: string;
  load: string;
}

interface Audit {
  scores: Record<string, number | null>;
  metrics: string;
}

async function audit(url: string, port: number, keepSession: boolean): Promise<Audit> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    // Beranda needs the session the login left in localStorage (and the installed service worker).
    disableStorageReset: keepSession,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  const shown = (auditId: string): string => result.lhr.audits[auditId]?.displayValue?.toString() ?? '?';
  // A missing score is explained (e.g. NO_FCP when the machine is too loaded to paint in time).
  const failure = result.lhr.runtimeError
    ? `${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}`
    : null;
  return {
    scores: Object.fromEntries(
      CATEGORIES.map((category) => {
        const score = result.lhr.categories[category]?.score;
        return [category, typeof score === 'number' ? Math.round(score * 100) : null];
      }),
    ),
    metrics:
      failure ??
      `FCP ${shown('first-contentful-paint')}, LCP ${shown('largest-contentful-paint')}, ` +
        `TBT ${shown('total-blocking-time')}, CLS ${shown('cumulative-layout-shift')}`,
  };
}

export async function benchLighthouse(): Promise<LighthouseRow[]> {
  const server = await startServer();
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
  });
  const rows: LighthouseRow[] = [];
  const record = (screen: string, { scores, metrics }: Audit): void => {
    const load = loadavg()[0]!.toFixed(1);
    for (const category of CATEGORIES) {
      const score = scores[category] ?? null;
      const met = score !== null && score >= TARGET[category];
      rows.push({
        screen,
        category,
        score,
        target: TARGET[category],
        met,
        metrics: category === 'performance' ? metrics : '',
        load,
      });
    }
  };
  try {
    record('login', await audit(server.url, chrome.port, false));
    // Logging in as a learner does, in the same browser profile Lighthouse audits next.
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    const page = await browser.contexts()[0]!.newPage();
    await page.goto(server.url);
    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);
    await page.getByRole('heading', { level: 1, name: id.home.title }).waitFor();
    await page.close();
    await browser.close();
    record('Beranda (signed in)', await audit(server.url, chrome.port, true));
  } finally {
    chrome.kill();
    await server.stop();
  }
  return rows;
}
