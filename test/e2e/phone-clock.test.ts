/**
 * The phone's own clock in a real browser against the real server: a phone whose clock is two
 * days ahead (its records would be refused, `implausible_time`) is told so in the header and on
 * the sync page after its first sync (axe, no sideways scroll at 360 px, a screenshot in
 * `build/screenshots/`); a phone with the right time is told nothing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { PHONE_CLOCK_KEY } from '../../src/app/data/phone-clock';
import { checkScreen, PHONE } from './a11y';
import { freshPage, openSignedIn, readStoreRow, serverAndBrowser } from './harness';

const DAY = 24 * 60 * 60 * 1000;
const e2e = serverAndBrowser();

/** Signs in on a phone whose clock reads `skewMs` from the real time, and waits for Beranda's first sync. */
async function signedInWithClock(skewMs: number): Promise<Page> {
  const { page } = await freshPage(e2e.browser, PHONE);
  await page.clock.install({ time: Date.now() + skewMs });
  await openSignedIn(page, e2e.server.url, undefined, 'home');
  await expect
    .poll(() => readStoreRow(page, 'meta', 'sync:lastSuccessAt'), { timeout: 30_000 })
    .toMatchObject({ value: expect.any(String) });
  return page;
}

describe('the phone’s clock', () => {
  it('two days ahead: the header and the sync page say the date and time look wrong, and how to fix them', async () => {
    const page = await signedInWithClock(2 * DAY);
    await expect.poll(() => readStoreRow(page, 'meta', PHONE_CLOCK_KEY)).toMatchObject({ value: 2 * 24 * 60 });
    const status = page.locator('.sync-status');
    await expect.poll(() => status.textContent()).toBe(id.syncStatus.clock);
    await checkScreen(page, 'phone-clock-beranda');

    await status.click();
    await page.getByRole('heading', { level: 2, name: id.sync.clockTitle }).waitFor();
    await expect(page.getByText(/lebih cepat sekitar 2 hari/).count()).resolves.toBe(1);
    await checkScreen(page, 'phone-clock-sync');
  });

  it('right: nothing is said', async () => {
    const page = await signedInWithClock(0);
    expect(await readStoreRow(page, 'meta', PHONE_CLOCK_KEY)).toBeUndefined();
    await expect.poll(() => page.locator('.sync-status').textContent()).toBe(id.syncStatus.allSent);
    await page.goto(`${e2e.server.url}/sync`);
    await page.getByRole('heading', { level: 1, name: id.sync.title }).waitFor();
    await expect(page.getByText(id.sync.clockTitle).count()).resolves.toBe(0);
  });
});
