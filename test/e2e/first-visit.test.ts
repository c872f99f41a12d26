import type { Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { freshPage, serverAndBrowser, waitForServiceWorkerControl } from './harness';

/**
 * What a learner's first visit costs on a paid mobile link, measured as the network sees it:
 * every response body as transferred (compressed), the page's and the service worker's
 * precache together, until the app is installed for offline use.
 */
// The performance issue's target is 200 KB; this build moves 185.5 KB (README, Figures; the
// seventh session's screens: completion panel, sync page names, offline line). The budget, with
// room for the few KB the measure varies by, stops it from growing back: lower it as the app
// gets lighter.
const FIRST_VISIT_BUDGET = 190 * 1024;

describe('first visit on the wire', () => {
  const e2e = serverAndBrowser();

  it(`login screen and the offline precache together stay under ${FIRST_VISIT_BUDGET / 1024} KB`, async () => {
    const { context, page } = await freshPage(e2e.browser);
    const finished: Request[] = [];
    context.on('requestfinished', (request) => finished.push(request));
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);
    const bodies = await Promise.all(
      finished.map(async (request) => ({
        url: request.url(),
        bytes: Math.max(0, (await request.sizes()).responseBodySize),
      })),
    );
    const total = bodies.reduce((sum, { bytes }) => sum + bytes, 0);
    console.log(`first visit: ${(total / 1024).toFixed(1)} KB over ${bodies.length} responses`);
    expect(total).toBeLessThan(FIRST_VISIT_BUDGET);
    // English is fetched when a learner switches to it, and then kept (src/sw/sw.ts).
    expect(bodies.filter(({ url }) => url.includes('english-texts-'))).toEqual([]);
  });
});
