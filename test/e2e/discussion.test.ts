/**
 * The course discussion in real browsers: a post written offline reaches a second learner after
 * sync, and a post an admin hides leaves that learner's phone at their next sync.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { discussionApi } from '../../src/shared/protocol/discussion';
import {
  DEMO_ADMIN,
  apiLogin,
  downloadFromCatalog,
  freshPage,
  launchBrowser,
  openSignedIn,
  readStore,
  startServer,
  type RunningServer,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const PROMPT_ID = 'gratifikasi-di-unit';

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const prompt = (page: Page) => page.locator(`.discussion__prompt[data-prompt-id="${PROMPT_ID}"]`);

/** "Sinkronkan sekarang" lives on the sync screen, opened from the header's sync status; then back to the discussion. */
async function syncNow(page: Page): Promise<void> {
  await page.locator('.app-header .sync-status').click();
  const button = page.getByRole('button', { name: id.sync.now });
  await button.click();
  await expect.poll(() => button.isEnabled(), { timeout: 20_000 }).toBe(true);
  await page.goBack();
  await prompt(page).waitFor();
}

describe('the course discussion', () => {
  it('a post written offline appears for a second learner after sync, and disappears when an admin hides it', async () => {
    const siti = await freshPage(browser);
    await openSignedIn(siti.page, server.url);
    await downloadFromCatalog(siti.page, COURSE_ID);

    await siti.context.setOffline(true);
    await siti.page.goto(`${server.url}/courses/${COURSE_ID}/discussion`);
    const text = 'Saya menolak parsel dari pemohon dan melapor ke UPG.';
    await prompt(siti.page).getByRole('button', { name: id.discussion.answer }).click();
    await prompt(siti.page).locator('textarea').fill(text);
    await prompt(siti.page).getByRole('button', { name: id.discussion.send }).click();
    const own = prompt(siti.page).locator('.discussion__thread', { hasText: text });
    await own.getByText(id.discussion.pending).waitFor();
    const [record] = await readStore<{ id: string }>(siti.page, 'discussionPosts');
    expect(record).toBeDefined();

    await siti.context.setOffline(false);
    await syncNow(siti.page);
    await expect.poll(() => readStore(siti.page, 'outbox'), { timeout: 20_000 }).toEqual([]);
    await own.getByText(id.discussion.pending).waitFor({ state: 'detached' });

    const andi = await freshPage(browser);
    await openSignedIn(andi.page, server.url, DEMO_ACCOUNTS.otherOpd);
    await downloadFromCatalog(andi.page, COURSE_ID);
    await andi.page.goto(`${server.url}/courses/${COURSE_ID}/discussion`);
    const seen = prompt(andi.page).locator(`[data-post-id="${record!.id}"]`);
    await seen.getByText(text).waitFor();
    await seen.getByText(`${DEMO_ACCOUNTS.learner.name}`).waitFor();
    await seen.getByText(DEMO_ACCOUNTS.learner.opd, { exact: false }).waitFor();

    const { token } = await apiLogin(server.url, DEMO_ADMIN);
    const hidden = await fetch(server.url + discussionApi.moderate(record!.id, 'hide'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Menyebut nama pemohon' }),
    });
    expect(hidden.status).toBe(204);
    // Andi's phone still shows its copy until its next sync; then the post is gone.
    await seen.getByText(text).waitFor();
    await syncNow(andi.page);
    await seen.waitFor({ state: 'detached', timeout: 20_000 });
    const cached = await readStore<{ id: string }>(andi.page, 'discussionThreads');
    expect(cached.map((thread) => thread.id)).not.toContain(record!.id);
  }, 180_000);
});
