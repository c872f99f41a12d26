/**
 * Tests that measure learning, in a real browser against the real server: the pre-test keeps
 * its key, a failed post-test shows only the score per lesson, the key comes after the last
 * attempt, and the admin reads gain, item analysis and comments.
 */
import { describe, expect, it } from 'vitest';
import adminTexts from '../../src/app/features/admin/locales/id.json';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ADMIN, courseCard, downloadFromCatalog, freshPage, openSignedIn, serverAndBrowser } from './harness';
import { answerKey, answerQuiz } from './quiz-kit';

const COURSE_ID = 'etika-berakhlak';
const admin = adminTexts.admin;
const e2e = serverAndBrowser();

describe('tests that measure learning', () => {
  it('pre-test: score only; failed post-test: per lesson, no key; key after the last try; admin sees all', async () => {
    const { page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await courseCard(page, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();

    // Pre-test: no pass mark announced, and after it only the score.
    await page.locator('[data-quiz-id="pre-test"] a').click();
    await page.locator('.quiz__intro').waitFor();
    expect(await page.locator('.quiz__intro').textContent()).not.toContain('Nilai lulus');
    const pre = await answerQuiz(page, answerKey(COURSE_ID, 'pre-test'), { right: false });
    const total = pre.asked.length;
    expect(await page.locator('.quiz-result__score').textContent()).toBe(`Nilai 0 (0 dari ${total} benar)`);
    const preText = (await page.locator('main').textContent()) ?? '';
    for (const secret of ['Lulus', 'Belum lulus', 'Nilai lulus', 'Jawaban benar'])
      expect(preText, `the pre-test result says "${secret}"`).not.toContain(secret);
    expect(await page.locator('.quiz-result__explanation').count()).toBe(0);
    await page.getByRole('link', { name: id.quiz.backToCourse }).click();

    // Post-test, failed: the score per lesson with links back, and no key.
    await page.locator('[data-quiz-id="post-test"] a').click();
    const key = answerKey(COURSE_ID, 'post-test');
    const first = await answerQuiz(page, key, { right: false });
    expect(await page.locator('.quiz-result__score').textContent()).toContain(id.quiz.notPassed);
    const perLesson = await page.locator('.quiz-result__lessons li').allTextContents();
    expect(perLesson).toHaveLength(5);
    expect(perLesson[1]).toMatch(/^Materi 2: .+: 0 dari 2 benar$/);
    expect(await page.locator('.quiz-result__lessons a').count()).toBe(5);
    expect(await page.locator('.quiz-result__questions').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Jawaban benar');

    // Attempt 2 asks other items of the pool; still no key after it.
    const second = await answerQuiz(page, key, { right: false, start: 'Coba lagi (sisa 2 kesempatan)' });
    expect(second.asked.filter((question) => first.asked.includes(question))).toEqual([]);
    expect(await page.locator('.quiz-result__questions').count()).toBe(0);

    // Attempt 3 is the last: now every answer and explanation, numbered as shown.
    const third = await answerQuiz(page, key, { right: false, start: 'Coba lagi (sisa 1 kesempatan)' });
    // The review is folded under the score and its next step.
    await page.locator('.quiz-result__review summary', { hasText: id.quiz.showAnswers }).click();
    await page.locator('.quiz-result__questions').waitFor();
    expect(await page.locator('.quiz-result__questions > li').count()).toBe(third.asked.length);
    expect(await page.locator('.quiz-result__questions > li').first().textContent()).toContain('Jawaban benar');
    expect(await page.locator('.quiz-result__lessons').count()).toBe(0);

    // The post-test is over, so the pre-test's key is released too.
    await page.getByRole('link', { name: id.quiz.backToCourse }).click();
    await page.locator('[data-quiz-id="pre-test"] a').click();
    await page.getByRole('button', { name: id.quiz.review }).click();
    expect(await page.locator('.quiz-result__questions > li').count()).toBe(total);

    // Feedback with a comment, then everything reaches the server.
    await page.getByRole('link', { name: id.quiz.backToCourse }).click();
    await page.getByRole('link', { name: id.course.giveFeedback }).click();
    for (const [item, score] of Object.entries({ relevance: 5, difficulty: 5, clarity: 4, usefulness: 5 }))
      await page.locator(`input[name="${item}"][value="${score}"]`).check();
    await page.locator('.feedback__comment textarea').fill('Materi netralitas perlu contoh kasus pilkada.');
    await page.getByRole('button', { name: id.feedback.submit }).click();
    await page.getByText(id.feedback.thanks, { exact: true }).waitFor();
    await expect
      .poll(() => page.locator('.app-header .sync-status__inner').textContent(), { timeout: 30_000 })
      .toBe(id.syncStatus.allSent);

    // The admin's analysis: gain with what counts, the items with their difficulty, the comment.
    const adminSession = await freshPage(e2e.browser);
    const desk = adminSession.page;
    await openSignedIn(desk, e2e.server.url, DEMO_ADMIN, 'home');
    await desk.goto(`${e2e.server.url}/admin/analysis`);
    await desk.getByRole('heading', { level: 1, name: admin.analysis.title }).waitFor();
    const gain = desk.locator('[data-section="gain"]');
    await expect.poll(() => gain.locator('dd').first().textContent()).toBe('1');
    expect(await gain.textContent()).toContain(admin.analysis.counts);
    expect(await gain.textContent()).toContain('0 → 0');
    await expect.poll(() => desk.locator('[data-item^="post/"]').count()).toBe(first.asked.length);
    expect(await desk.locator('[data-item^="pre/"]').count()).toBe(total);
    expect(await desk.locator('[data-section="items"]').textContent()).toContain(admin.analysis.flags.tooHard);
    expect(await desk.locator('[data-section="reaction"]').textContent()).toContain('93,33');
    await desk.getByText('Materi netralitas perlu contoh kasus pilkada.').waitFor();
    expect(await desk.locator('[data-section="gain"] canvas').count()).toBe(1);
    // Three attempts of ten items and an admin session: longer than one ordinary journey.
  }, 300_000);
});
