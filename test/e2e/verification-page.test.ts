/**
 * The public verification page on a 360 px phone in real Chromium: the code field and the
 * "Periksa" button are 48 px tap targets and nothing scrolls sideways. The page is rendered by
 * its route alone (the lookup form and an unknown code never read the database), so no server
 * process is started.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/server/db/db';
import { verificationPage } from '../../src/server/routes/verification-page';
import { horizontalOverflow, PHONE } from './a11y';
import { freshPage, launchBrowser } from './harness';

const ORIGIN = 'http://verifikasi.test';
const noDatabase: Queryable = {
  query: () => Promise.reject(new Error('the lookup form reads no database')),
  exec: () => Promise.reject(new Error('unused')),
  transaction: () => Promise.reject(new Error('unused')),
};
const routes = verificationPage({ db: noDatabase });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('public verification page on a phone', () => {
  it.each(['/verifikasi', '/verifikasi/bukan-kode'])(
    '%s: the code field and "Periksa" are 48 px tap targets',
    async (path) => {
      const { context, page } = await freshPage(browser, PHONE);
      await context.route(`${ORIGIN}/**`, async (route) => {
        const response = await routes.request(new URL(route.request().url()).pathname);
        await route.fulfill({
          status: response.status,
          headers: Object.fromEntries(response.headers),
          body: await response.text(),
        });
      });
      await page.goto(`${ORIGIN}${path}`);
      const field = await page.getByLabel('Kode verifikasi lain').boundingBox();
      const button = await page.getByRole('button', { name: 'Periksa' }).boundingBox();
      expect(field?.height).toBeGreaterThanOrEqual(48);
      expect(button?.height).toBeGreaterThanOrEqual(48);
      expect(button?.width).toBeGreaterThanOrEqual(48);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
  );
});
