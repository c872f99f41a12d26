/**
 * The course discussion in real browsers: a post written offline reaches a second learner after
 * sync, and a post an admin hides leaves that learner's phone at their next sync.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { discussionApi } from '../../src/shared/protocol/discussion';
import {
  DEMO_ADMIN,
  apiLogin,
  downloadFromCatalog,
  freshPage,
  openSignedIn,
  readStore,
  serverAndBrowser,
  syncNow,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const PROMPT_ID = 'gratifikasi-di-unit';

const e2e = serverAndBrowser();

const discussionUrl = (url: string) => `${url}/courses/${COURSE_ID}/discussion`;
const prompt = (page: Page) => page.locator(`.discussion__prompt[data-prompt-id="${PROMPT_ID}"]`);

describe('the course discussion', () => {
  it('a post written offline reaches a second learner after sync, and disappears when an admin hides it', async () => {
    const siti = await freshPage(e2e.browser);
    await openSignedIn(siti.page, e2e.server.url);
    await downloadFromCatalog(siti.page, COURSE_ID);

    await siti.context.setOffline(true);
    await siti.page.goto(`${e2e.server.url}/courses/${COURSE_ID}/discussion`);
    const text = 'Saya menolak parsel dari pemohon dan melapor ke UPG.';
    await prompt(siti.page).getByRole('button', { name: id.discussion.answer }).click();
    await prompt(siti.page).locator('textarea').fill(text);
    await prompt(siti.page).getByRole('button', { name: id.discussion.send }).click();
    const own = prompt(siti.page).locator('.discussion__thread', { hasText: text });
    await own.getByText(id.discussion.pending).waitFor();
    const [record] = await readStore<{ id: string }>(siti.page, 'discussionPosts');
    expect(record).toBeDefined();

    await siti.context.setOffline(false);
    await syncNow(siti.page, e2e.server.url);
    await expect.poll(() => readStore(siti.page, 'outbox'), { timeout: 20_000 }).toEqual([]);
    await siti.page.goto(discussionUrl(e2e.server.url));
    await own.getByText(text).waitFor();
    await expect(own.getByText(id.discussion.pending).count()).resolves.toBe(0);

    const andi = await freshPage(e2e.browser);
    await openSignedIn(andi.page, e2e.server.url, DEMO_ACCOUNTS.otherOpd);
    await downloadFromCatalog(andi.page, COURSE_ID);
    await andi.page.goto(`${e2e.server.url}/courses/${COURSE_ID}/discussion`);
    const seen = prompt(andi.page).locator(`[data-post-id="${record!.id}"]`);
    await seen.getByText(text).waitFor();
    await seen.getByText(`${DEMO_ACCOUNTS.learner.name}`).waitFor();
    await seen.getByText(DEMO_ACCOUNTS.learner.opd, { exact: false }).waitFor();

    const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
    const hidden = await fetch(e2e.server.url + discussionApi.moderate(record!.id, 'hide'), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Menyebut nama pemohon' }),
    });
    expect(hidden.status).toBe(204);
    // Andi's phone still shows its copy until its next sync; then the post is gone.
    await seen.getByText(text).waitFor();
    await syncNow(andi.page, e2e.server.url);
    await expect
      .poll(async () => (await readStore<{ id: string }>(andi.page, 'discussionThreads')).map((thread) => thread.id), {
        timeout: 20_000,
      })
      .not.toContain(record!.id);
    await andi.context.setOffline(true);
    await andi.page.goto(discussionUrl(e2e.server.url));
    await prompt(andi.page).waitFor();
    await expect(andi.page.locator(`[data-post-id="${record!.id}"]`).count()).resolves.toBe(0);
  }, 180_000);
});
