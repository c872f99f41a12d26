/**
 * Two tabs of one account share one outbox (one IndexedDB). Only one may flush it at a time
 * (a Web Lock per account database), or both would send the same records at once: real
 * Chromium, two tabs, the real server.
 */
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { syncApi, type ProgressPullResponse, type SyncPushRequest } from '../../src/shared/protocol';
import {
  DEMO_LEARNER,
  apiGet,
  apiLogin,
  courseCard,
  downloadFromCatalog,
  freshPage,
  openCatalog,
  openSignedIn,
  readStore,
  serverAndBrowser,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const FIRST_LESSON = 'nilai-berakhlak';
/** Long enough that the other tab's flush, started at the same moment, meets the held lock. */
const PUSH_HELD_MS = 1_500;

const e2e = serverAndBrowser();

describe('two tabs of one account', () => {
  it('only one tab flushes the outbox at a time, and every record reaches the server once', async () => {
    const { context, page: first } = await freshPage(e2e.browser);
    await openSignedIn(first, e2e.server.url);
    await downloadFromCatalog(first, COURSE_ID);
    // The second tab shares the session (localStorage) and the account's database.
    const second = await context.newPage();
    await second.goto(e2e.server.url);
    await openCatalog(second);
    await courseCard(second, COURSE_ID).getByText(id.catalog.offlineReady, { exact: true }).waitFor();

    // Learner work done offline in the first tab waits in the shared outbox.
    await context.setOffline(true);
    await courseCard(first, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();
    await first.locator(`[data-lesson-id="${FIRST_LESSON}"] > a`).click();
    await first.getByRole('button', { name: id.lesson.markComplete }).click();
    await first.getByText(id.lesson.completed, { exact: true }).waitFor();
    const queued = (await readStore<{ id: string }>(first, 'outbox')).map((entry) => entry.id);
    expect(queued.length).toBeGreaterThan(0);

    // Every push is held in flight a while; count how many are in flight at once, from either tab.
    let connected = false;
    let inFlight = 0;
    let mostInFlight = 0;
    const pushed: string[] = [];
    await context.route('**/api/sync', async (route) => {
      if (!connected) return route.abort('internetdisconnected');
      if (route.request().method() !== 'POST') return route.continue();
      const body = route.request().postDataJSON() as SyncPushRequest;
      pushed.push(...body.statements.map((statement) => statement.id), ...body.progress.map((row) => row.id));
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, PUSH_HELD_MS));
      const response = await route.fetch();
      inFlight--;
      await route.fulfill({ response });
    });
    // The connection returns for both tabs at once: each hears `online` and wants to flush now.
    connected = true;
    await context.setOffline(false);

    await expect.poll(() => readStore(first, 'outbox'), { timeout: 30_000 }).toEqual([]);
    expect(await readStore(second, 'outbox')).toEqual([]);
    expect(mostInFlight).toBe(1);
    expect([...pushed].sort()).toEqual([...queued].sort());
    expect(await readStore(first, 'attention')).toEqual([]);

    const { token } = await apiLogin(e2e.server.url, DEMO_LEARNER);
    const { body } = await apiGet<ProgressPullResponse>(e2e.server.url, syncApi.progress, token);
    const lesson = body.lessons.filter((row) => row.courseId === COURSE_ID && row.lessonId === FIRST_LESSON);
    expect(lesson).toEqual([expect.objectContaining({ completedAt: expect.any(String) })]);
  });
});
