/**
 * Quizzes and feedback done offline reach the server later, once, with the server's own score:
 * a real browser, the real service worker, the real server's `/api/sync` and admin API.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { syncApi, type AdminAttempt, type SyncPushRequest, type User } from '../../src/shared/protocol';
import {
  DEMO_ADMIN,
  DEMO_LEARNER,
  apiGet,
  apiLogin,
  courseCard,
  downloadFromCatalog,
  freshPage,
  goOffline,
  openSignedIn,
  readStore,
  serverAndBrowser,
} from './harness';
import { answerKey, answerQuiz } from './quiz-kit';

const COURSE_ID = 'etika-berakhlak';
const COURSE_TITLE = 'Etika Pemerintahan & Nilai BerAKHLAK';

const e2e = serverAndBrowser();
let learner: User;

beforeAll(async () => {
  learner = (await apiLogin(e2e.server.url, DEMO_LEARNER)).user;
});

/** The header's sync status: "N belum terkirim" / "Semua terkirim", with the outbox size as an attribute. */
const syncStatus = (page: Page) => page.locator('.app-header .sync-status__inner');
const pendingCount = async (page: Page): Promise<number> => Number(await syncStatus(page).getAttribute('data-pending'));
const pendingActivities = async (page: Page): Promise<number> =>
  Number(await syncStatus(page).getAttribute('data-activities'));

/** Without the server's sync endpoint nothing below can pass; say so plainly instead of timing out. */
async function expectSyncEndpoint(): Promise<void> {
  const { token } = await apiLogin(e2e.server.url, DEMO_LEARNER);
  const response = await fetch(e2e.server.url + syncApi.push, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ statements: [], progress: [] }),
  });
  expect(
    response.status,
    `POST ${syncApi.push} answered ${response.status}: the server has no sync endpoint yet`,
  ).not.toBe(404);
}

async function adminAttempts(): Promise<AdminAttempt[]> {
  const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
  const { status, body } = await apiGet<{ attempts: AdminAttempt[] }>(e2e.server.url, syncApi.adminAttempts, token);
  expect(status, `GET ${syncApi.adminAttempts} answered ${status}: ${JSON.stringify(body)}`).toBe(200);
  return body.attempts;
}

describe('quizzes and feedback offline, synced later', () => {
  it('scores a post-test offline at once, keeps it and the feedback across a reload, syncs when online', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await expect.poll(() => syncStatus(page).textContent()).toBe(id.syncStatus.allSent);
    await goOffline(context, page);

    await courseCard(page, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.locator('[data-quiz-id="post-test"] a').click();
    await page.getByRole('heading', { level: 1, name: 'Post-test Etika Pemerintahan & BerAKHLAK' }).waitFor();
    // A pool: the attempt asks its draw (10 of 20), and the result counts those.
    const { attempt, asked } = await answerQuiz(page, answerKey(COURSE_ID, 'post-test'));
    expect(asked).toHaveLength(10);
    expect(await page.locator('.quiz-result__score').textContent()).toBe(
      `Nilai 100 (10 dari 10 benar) — ${id.quiz.passed}`,
    );
    expect(await page.locator('.quiz-result__item--wrong').count()).toBe(0);

    // Course feedback, still offline: four ratings and a comment.
    await page.getByRole('link', { name: id.quiz.backToCourse }).click();
    await page.getByRole('link', { name: id.course.giveFeedback }).click();
    await page.getByRole('heading', { level: 1, name: id.feedback.title }).waitFor();
    const ratings = { relevance: 5, difficulty: 3, clarity: 4, usefulness: 5 };
    for (const [item, score] of Object.entries(ratings))
      await page.locator(`input[name="${item}"][value="${score}"]`).check();
    await page.locator('.feedback__comment textarea').fill('Studi kasusnya sangat membantu untuk pelayanan di loket.');
    await page.getByRole('button', { name: id.feedback.submit }).click();
    await page.getByText(id.feedback.thanks, { exact: true }).waitFor();

    expect(await pendingCount(page)).toBeGreaterThan(0);
    // In the learner's words: the post-test attempt and the feedback form, not the dozens of records behind them.
    const waiting = await pendingActivities(page);
    expect(waiting).toBeGreaterThanOrEqual(2);
    expect(await syncStatus(page).textContent()).toBe(`${waiting} belum terkirim`);

    await page.reload();
    await expect.poll(() => page.locator('.network-status').textContent()).toBe(id.network.offline);
    await expect.poll(() => syncStatus(page).textContent()).toBe(`${waiting} belum terkirim`);
    // Still on the feedback page: the feedback given is remembered on the phone.
    await page.getByText(id.feedback.alreadyGiven, { exact: true }).waitFor();
    await page.getByRole('link', { name: `← ${COURSE_TITLE}` }).click();
    await expect
      .poll(() => page.locator('[data-quiz-id="post-test"] .lesson-list__meta').textContent())
      .toBe(`Nilai terbaik 100 · ${id.quiz.passed}`);
    await page.locator('[data-quiz-id="post-test"] a').click();
    await expect
      .poll(() => page.locator('.quiz__attempts li').allTextContents())
      .toEqual([expect.stringContaining(`Nilai 100 · ${id.quiz.passed}`)]);

    await expectSyncEndpoint();
    await context.setOffline(false);
    // Nobody taps anything: the connection coming back starts the sync.
    await expect.poll(() => syncStatus(page).textContent(), { timeout: 30_000 }).toBe(id.syncStatus.allSent);
    expect(await pendingCount(page)).toBe(0);
    expect(await readStore(page, 'outbox')).toEqual([]);
    expect(await readStore(page, 'attention')).toEqual([]);

    const onServer = (await adminAttempts()).filter((row) => row.id === attempt.id);
    expect(onServer).toEqual([
      expect.objectContaining({
        id: attempt.id,
        courseId: COURSE_ID,
        quizId: 'post-test',
        kind: 'post',
        scaled: 1,
        passed: true,
        flagged: false,
        userId: learner.id,
      }),
    ]);
  });

  it('counts a lesson quiz once although the first sync response was lost after the server stored it', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await goOffline(context, page);

    await courseCard(page, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    await page.locator('[data-quiz-id="kuis-nilai-berakhlak"] a').click();
    const key = answerKey(COURSE_ID, 'kuis-nilai-berakhlak');
    const { attempt } = await answerQuiz(page, key);
    expect(await page.locator('.quiz-result__score').textContent()).toBe(
      `Nilai 100 (${key.length} dari ${key.length} benar) — ${id.quiz.passed}`,
    );
    expect(await pendingCount(page)).toBeGreaterThan(0);

    await expectSyncEndpoint();
    // The first push that reaches the server is processed there, and its answer never reaches the phone.
    const pushes: Array<{ statementIds: string[]; serverStatus: number | null; answerDelivered: boolean }> = [];
    let connected = false;
    await context.route('**/api/sync', async (route) => {
      if (!connected) return route.abort('internetdisconnected');
      if (route.request().method() !== 'POST') return route.continue();
      const statementIds = ((route.request().postDataJSON() as SyncPushRequest).statements ?? []).map(
        (statement) => statement.id,
      );
      if (pushes.length === 0) {
        const push = { statementIds, serverStatus: null as number | null, answerDelivered: false };
        pushes.push(push);
        push.serverStatus = (await route.fetch()).status();
        return route.abort('failed');
      }
      pushes.push({ statementIds, serverStatus: null, answerDelivered: true });
      return route.continue();
    });
    connected = true;
    await context.setOffline(false);

    // Nobody taps anything: the app retries on its own (its backoff timer, or Background Sync waking it).
    await expect.poll(() => syncStatus(page).textContent(), { timeout: 30_000 }).toBe(id.syncStatus.allSent);
    // The attempt really went twice: in the push whose answer was lost, and again in a retry.
    expect(pushes.length).toBeGreaterThanOrEqual(2);
    expect(pushes[0]).toMatchObject({ serverStatus: 200, answerDelivered: false });
    expect(pushes[0]!.statementIds).toContain(attempt.id);
    expect(pushes.slice(1).some((push) => push.statementIds.includes(attempt.id))).toBe(true);
    expect(await readStore(page, 'outbox')).toEqual([]);
    expect(await readStore(page, 'attention')).toEqual([]);

    const mine = (await adminAttempts()).filter(
      (row) => row.userId === learner.id && row.quizId === 'kuis-nilai-berakhlak',
    );
    expect(mine).toEqual([
      expect.objectContaining({
        id: attempt.id,
        courseId: COURSE_ID,
        kind: 'lesson',
        scaled: 1,
        passed: true,
        flagged: false,
      }),
    ]);
  });
});
