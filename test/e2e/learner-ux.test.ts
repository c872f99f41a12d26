/**
 * The learner's app on a 360 × 740 touch phone: Beranda, the tab bar, every learner screen
 * free of axe-core violations (light and dark), and the defects of issue 13 kept fixed.
 * Screenshots of every screen land in `build/screenshots/` for a reviewer.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import admin from '../../src/app/features/admin/locales/id.json';
import { PHONE, checkScreen, horizontalOverflow, smallControls, wideElements } from './a11y';
import {
  courseButton,
  DEMO_ADMIN,
  DEMO_LEARNER,
  downloadFromCatalog,
  freshPage,
  login,
  openSignedIn,
  readStore,
  serverAndBrowser,
  waitForServiceWorkerControl,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const COURSE_TITLE = 'Etika Pemerintahan & Nilai BerAKHLAK';

const e2e = serverAndBrowser();

const tab = (page: Page, name: string) => page.locator('.tab-bar').getByRole('link', { name, exact: true });
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

/** Each clickable thing's box, for the 48 px touch-target rule. */
async function smallTargets(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .filter((element) => (element as HTMLElement).offsetParent !== null)
      .map((element) => ({ text: element.textContent?.trim() ?? '', box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.height < 47.5 || box.width < 47.5)
      .map(({ text, box }) => `${text} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
}

/** Answers every question of the open quiz with its first option, then submits. */
async function takeQuiz(page: Page): Promise<void> {
  await page.getByRole('button', { name: id.quiz.start, exact: true }).click();
  await page.locator('.quiz__questions').waitFor();
  for (const question of await page.locator('.quiz__questions [data-question-id]').all())
    await question.locator('input').first().check();
  await page.getByRole('button', { name: id.quiz.submit }).click();
  await page.locator('.quiz-result__score').waitFor();
}

describe('the learner app on a phone', () => {
  it('lands on Beranda, moves by the tab bar, continues where it stopped; every screen passes axe', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);
    // The "siap dipakai tanpa internet" news is not for the login screen (it is not true there yet).
    expect(await page.getByText(id.pwa.offlineReady).count()).toBe(0);
    await checkScreen(page, '01-login');

    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);
    await heading(page, id.home.title).waitFor();
    await page.getByRole('link', { name: id.home.browse }).waitFor();
    await checkScreen(page, '02-home-empty');
    // A compact header (one 48 px row), the tabs at the bottom of the screen, each a real touch target.
    const header = (await page.locator('.app-header').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(56);
    const tabs = (await page.locator('.tab-bar').boundingBox())!;
    expect(tabs.y + tabs.height).toBeCloseTo(740, 0);
    expect(await smallTargets(page, '.tab-bar a, .app-header a, .app-header button')).toEqual([]);
    expect(await tab(page, id.tabs.home).getAttribute('aria-current')).toBe('page');

    await tab(page, id.tabs.catalog).click();
    await heading(page, id.catalog.title).waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/pelatihan`);
    await checkScreen(page, '03-catalog');
    await downloadFromCatalog(page, COURSE_ID);

    // Beranda now offers the course's first lesson.
    await tab(page, id.tabs.home).click();
    await page.getByRole('link', { name: id.home.start }).click();
    await page.getByRole('heading', { level: 1, name: 'Nilai Dasar ASN BerAKHLAK' }).waitFor();
    await checkScreen(page, '05-lesson');
    // The way back to the course and on to the next lesson: a thumb's reach, not a line of text.
    expect(await smallTargets(page, '.lesson > a, .lesson__nav a')).toEqual([]);
    // Read half of it: the position is kept, and Beranda continues there.
    await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2));
    await expect
      .poll(async () => (await readStore<{ position: number }>(page, 'progress'))[0]?.position ?? 0, {
        timeout: 10_000,
      })
      .toBeGreaterThan(0.2);
    await tab(page, id.tabs.home).click();
    const resume = page.getByRole('link', { name: id.home.continue, exact: true });
    await resume.waitFor();
    expect(await page.locator('.home-card--continue').textContent()).toMatch(/Terakhir dibaca \d+%/);
    await page.locator('.my-courses__item').first().waitFor();
    await checkScreen(page, '04-home');
    // On a 360×640 phone "Lanjutkan" is above the tab bar, not under it.
    await page.setViewportSize({ width: 360, height: 640 });
    const tabBarTop = (await page.locator('.tab-bar').boundingBox())!.y;
    const resumeBox = (await resume.boundingBox())!;
    expect(resumeBox.y + resumeBox.height).toBeLessThanOrEqual(tabBarTop);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await smallTargets(page, '.home .target-link')).toEqual([]);
    await resume.click();
    await page.getByRole('heading', { level: 1, name: 'Nilai Dasar ASN BerAKHLAK' }).waitFor();
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(100);

    await tab(page, id.tabs.home).click();
    await page.locator('.my-courses__link').first().click();
    await heading(page, COURSE_TITLE).waitFor();
    await checkScreen(page, '06-course');
    // Screen readers hear the lesson's title, never a tick.
    for (const name of await page.locator('.lesson-list a').allTextContents()) expect(name).not.toMatch(/[✓✔]/);
    // Every lesson and quiz is a thumb-sized link, not a line of text.
    expect(await smallTargets(page, '.lesson-list a, .quiz-links a')).toEqual([]);

    await page.locator('[data-quiz-id="kuis-nilai-berakhlak"] a').click();
    await page.getByRole('button', { name: id.quiz.start, exact: true }).waitFor();
    await checkScreen(page, '07-quiz-intro');
    await page.getByRole('button', { name: id.quiz.start, exact: true }).click();
    await page.locator('.quiz__questions').waitFor();
    await checkScreen(page, '08-quiz');
    await page.getByRole('button', { name: id.quiz.start, exact: true }).count();
    for (const question of await page.locator('.quiz__questions [data-question-id]').all())
      await question.locator('input').first().check();
    await page.getByRole('button', { name: id.quiz.submit }).click();
    await page.locator('.quiz-result__score').waitFor();
    await checkScreen(page, '09-quiz-result');

    await page.getByRole('link', { name: id.quiz.backToCourse }).click();
    await page.getByRole('link', { name: id.course.giveFeedback }).click();
    await heading(page, id.feedback.title).waitFor();
    await checkScreen(page, '10-feedback');

    await tab(page, id.tabs.downloads).click();
    await page.locator('.storage-list').waitFor();
    await checkScreen(page, '11-downloads');

    await tab(page, id.tabs.profile).click();
    await heading(page, id.profile.title).waitFor();
    expect(await page.getByText(DEMO_LEARNER.nip).count()).toBe(1);
    await checkScreen(page, '12-profile');

    await page.locator('.app-header .sync-status').click();
    await heading(page, id.sync.title).waitFor();
    await checkScreen(page, '13-sync');

    // The system's dark mode: the same screens, still without a violation.
    await page.emulateMedia({ colorScheme: 'dark' });
    await tab(page, id.tabs.home).click();
    await page.locator('.my-courses__item').first().waitFor();
    await checkScreen(page, '14-home-dark');
    await tab(page, id.tabs.catalog).click();
    await page.locator('.course-card').first().waitFor();
    await checkScreen(page, '15-catalog-dark');
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/quizzes/kuis-disiplin-netralitas`);
    await takeQuiz(page);
    await checkScreen(page, '16-quiz-result-dark');
    // What the journey did reaches the server on its own (the admin's results screen below
    // reads it): sync starts once the reloaded page has settled, a few seconds after the quiz.
    await expect
      .poll(() => page.locator('.app-header .sync-status__inner').textContent(), { timeout: 30_000 })
      .toBe(id.syncStatus.allSent);
  }, 300_000);

  it('keeps fixed defects fixed: quiz layout, disabled sync button, review link, spacing, offline', async () => {
    const { context, page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    // A quiz the journey above has not used up.
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/quizzes/kuis-gratifikasi`);
    await page.getByRole('button', { name: id.quiz.start, exact: true }).click();
    await page.locator('.quiz__questions').waitFor();

    const layout = await page.locator('.quiz-question').evaluateAll((items) =>
      items.map((item) => {
        const fieldset = item.querySelector('fieldset')!;
        const legend = item.querySelector('legend')!;
        const border = parseFloat(getComputedStyle(fieldset).borderTopWidth);
        const inputs = [...item.querySelectorAll('input')].map((input) => ({
          width: input.getBoundingClientRect().width,
          accent: getComputedStyle(input).accentColor,
        }));
        return {
          legendInsideCard: legend.getBoundingClientRect().top >= fieldset.getBoundingClientRect().top + border,
          numberBesideText: getComputedStyle(legend, '::before').content.includes('counter'),
          noFloatingMarker: getComputedStyle(item).listStyleType === 'none',
          inputWidths: [...new Set(inputs.map((input) => Math.round(input.width)))],
          accents: [...new Set(inputs.map((input) => input.accent))],
        };
      }),
    );
    expect(layout.length).toBeGreaterThan(0);
    for (const question of layout) {
      expect(question).toMatchObject({ legendInsideCard: true, numberBesideText: true, noFloatingMarker: true });
      // Every control the same size, however long its label, and in the theme's colour.
      expect(question.inputWidths).toHaveLength(1);
      expect(question.inputWidths[0]).toBeGreaterThanOrEqual(20);
      expect(question.accents).toEqual(['rgb(15, 118, 110)']);
    }
    for (const question of await page.locator('.quiz__questions [data-question-id]').all())
      await question.locator('input').first().check();
    await page.getByRole('button', { name: id.quiz.submit }).click();
    await page.locator('.quiz-result__score').waitFor();

    // Buttons side by side never touch.
    const gaps = await page.locator('.quiz__after').evaluate((row) => {
      const boxes = [...row.querySelectorAll('.button')].map((button) => button.getBoundingClientRect());
      return boxes.slice(1).map((box, index) => {
        const before = boxes[index]!;
        return Math.max(box.left - before.right, box.top - before.bottom);
      });
    });
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(4);

    // "Lihat pembahasan" is a link in colour (not body text) and a full touch target.
    await page.reload();
    const review = page.getByRole('button', { name: id.quiz.review }).first();
    await review.waitFor();
    expect(await review.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(17, 94, 89)');
    expect((await review.boundingBox())!.height).toBeGreaterThanOrEqual(47.5);

    // The comment the learner types is plain text, not bold.
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/feedback`);
    const comment = page.locator('.feedback__comment textarea');
    await comment.fill('Materinya jelas.');
    expect(await comment.evaluate((element) => getComputedStyle(element).fontWeight)).toBe('400');
    // "Mohon beri nilai…" goes as soon as every rating is given.
    await page.locator('input[name="relevance"][value="4"]').check();
    await page.getByRole('button', { name: id.feedback.submit }).click();
    await page.getByText(id.feedback.rateAll).waitFor();
    for (const item of ['difficulty', 'clarity', 'usefulness'])
      await page.locator(`input[name="${item}"][value="4"]`).check();
    expect(await page.getByText(id.feedback.rateAll).count()).toBe(0);

    // Offline: not a single request to the server, however the app is used.
    const sync = page.locator('.app-header .sync-status');
    await context.setOffline(true);
    await expect.poll(() => page.locator('.network-status').textContent()).toBe(id.network.offline);
    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) requests.push(request.url());
    });
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/lessons/nilai-berakhlak`);
    await page.getByRole('button', { name: id.lesson.markComplete }).click();
    // Beside "Offline" on a 360 px phone the waiting count is read whole: it wraps, never cut off.
    const waiting = sync.locator('.sync-status__text');
    await expect.poll(() => waiting.textContent()).toMatch(/^\d+ belum terkirim$/);
    // And under the header, in words a touch phone shows: what still works, and what waits.
    expect(await page.locator('.offline-banner').textContent()).toMatch(
      /^Offline — materi yang sudah diunduh tetap bisa dipelajari; \d+ kegiatan menunggu dikirim$/,
    );
    expect(
      await waiting.evaluate((text) => text.scrollWidth <= text.clientWidth && text.scrollHeight <= text.clientHeight),
    ).toBe(true);
    await sync.click();
    await heading(page, id.sync.title).waitFor();
    // The disabled "Sinkronkan sekarang" looks disabled: grey, unlike an enabled button.
    const syncNow = page.getByRole('button', { name: id.sync.now });
    expect(await syncNow.isDisabled()).toBe(true);
    expect(await syncNow.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(226, 232, 240)');
    expect(await syncNow.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(100, 116, 139)');
    await page.waitForTimeout(4_000);
    expect(requests).toEqual([]);

    // The offline indicator sits beside the app's name, never over it.
    const brand = (await page.locator('.app-header__brand').boundingBox())!;
    const offline = (await page.locator('.network-status').boundingBox())!;
    expect(offline.x).toBeGreaterThanOrEqual(brand.x + brand.width);

    // "Keluar" offline says logging back in needs a connection, and the login screen agrees.
    await tab(page, id.tabs.profile).click();
    const warnings: string[] = [];
    page.once('dialog', (dialog) => {
      warnings.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: id.profile.logout }).click();
    await expect.poll(() => warnings).toEqual([expect.stringContaining(id.profile.offlineLogout)]);
    await page.locator('main.login').waitFor();
    expect(await page.locator('main.login .notice').first().textContent()).toBe(id.login.offline);
  }, 240_000);

  // Runs after the journeys above, whose quiz attempts give the results table its rows.
  it("the admin's results screen fits a phone: nothing scrolls sideways but the table itself", async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url, DEMO_ADMIN, 'home');
    // The first journey synced its quiz attempts: the table has rows, long names included.
    await expect
      .poll(
        async () => {
          await page.goto(`${e2e.server.url}/admin/results`);
          await page.getByRole('heading', { level: 1, name: admin.admin.results.title }).waitFor();
          return page.locator('.admin-table tbody tr').count();
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await horizontalOverflow(page), String(await wideElements(page))).toBeLessThanOrEqual(0);
    // The quiz column names the quiz, not its id.
    await expect
      .poll(() => page.locator('.admin-table tbody td:nth-child(4)').allTextContents())
      .not.toContain('post-test');
    await page.goto(`${e2e.server.url}/admin`);
    await page.locator('.admin__tabs').waitFor();
    expect(await horizontalOverflow(page), String(await wideElements(page))).toBeLessThanOrEqual(0);
    // The admin menu's tabs and its language switch are thumb-sized too.
    expect(await smallTargets(page, '.admin__tabs a, .admin__tabs button')).toEqual([]);
    // Every admin screen is a main landmark with its h1, like the others; the long OPD names fit,
    // and every form control (select, input, file input, button, download) is a 48 px target.
    const firstPerson = async () => {
      await page.goto(`${e2e.server.url}/admin/people`);
      return page.locator('main .admin-table tbody a').first().getAttribute('href');
    };
    const personPath = await firstPerson();
    expect(personPath).toMatch(/^\/admin\/people\/./);
    const screens = [
      '',
      'people',
      'roster',
      'assignments',
      'discussion',
      'results',
      'analysis',
      'jp',
      'akpk',
      'follow-up',
    ];
    const smallByScreen: Record<string, string[]> = {};
    for (const path of [...screens.map((screen) => `/admin/${screen}`), personPath!]) {
      await page.goto(`${e2e.server.url}${path}`);
      await page.locator('main > h1').waitFor();
      await page.waitForLoadState('networkidle');
      // The forms folded away (a new person, a new period) are measured open, as they are used.
      await page.evaluate(() =>
        document.querySelectorAll<HTMLDetailsElement>('main details').forEach((details) => (details.open = true)),
      );
      expect(await horizontalOverflow(page), `${path}: ${String(await wideElements(page))}`).toBeLessThanOrEqual(0);
      const small = await smallControls(page);
      if (small.length > 0) smallByScreen[path] = small;
    }
    expect(smallByScreen).toEqual({});
  });

  it('the catalog: download button on the first screen, covers, search and filters', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url);
    const first = page.locator('.course-list > li').first();
    // The first course's button is visible without scrolling, above the tab bar.
    const button = (await first.getByRole('button', { name: courseButton(id.catalog.download) }).boundingBox())!;
    const tabBar = (await page.locator('.tab-bar').boundingBox())!;
    expect(button.y + button.height).toBeLessThanOrEqual(tabBar.y);
    // Every sample bundle has a cover, and it loads.
    await expect
      .poll(() =>
        page
          .locator('.course-list img.course-card__cover')
          .evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth > 0)),
      )
      .toEqual([true, true, true]);

    await page.getByLabel(id.catalogSearch.searchLabel).fill('waktu');
    await expect.poll(() => page.locator('.course-list > li').count()).toBe(1);
    expect(await page.locator('.course-list > li h2').textContent()).toMatch(/Manajemen Waktu/);
    await page.getByLabel(id.catalogSearch.searchLabel).fill('');
    await expect.poll(() => page.locator('.course-list > li').count()).toBe(3);
    await page.locator('.catalog-search__filters summary').click();
    await page.getByLabel(id.catalogSearch.competencyLabel).selectOption('sosial-kultural');
    await expect.poll(() => page.locator('.course-list > li').count()).toBe(1);
    await checkScreen(page, '19-catalog-filtered');
    await page.getByRole('button', { name: id.catalogSearch.clearFilters }).click();
    await expect.poll(() => page.locator('.course-list > li').count()).toBe(3);
  });

  it('plays the lesson narration offline, at the chosen speed, and resumes where it stopped', async () => {
    const { context, page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await context.setOffline(true);
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/lessons/nilai-berakhlak`);
    const audio = page.locator('.lesson-media audio');
    await audio.waitFor({ state: 'attached' });
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    await checkScreen(page, '20-lesson-audio');
    await page.getByRole('button', { name: '1,5×' }).click();
    // The speed reaches the element in an effect after the re-render, not within the click.
    await expect.poll(() => audio.evaluate((element: HTMLAudioElement) => element.playbackRate)).toBe(1.5);
    expect(await page.getByRole('button', { name: '1,5×' }).getAttribute('aria-pressed')).toBe('true');
    // Muted: the test plays without a speaker (and without the autoplay rule asking for a tap).
    await audio.evaluate((element: HTMLAudioElement) => {
      element.muted = true;
      return element.play();
    });
    await expect
      .poll(() => audio.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 20_000 })
      .toBeGreaterThan(3);
    await audio.evaluate((element: HTMLAudioElement) => element.pause());
    const stoppedAt = await audio.evaluate((element: HTMLAudioElement) => element.currentTime);
    await expect
      .poll(
        async () =>
          (await readStore<{ key: string; value: unknown }>(page, 'meta')).find((row) =>
            row.key.startsWith('media:audio:'),
          )?.value,
      )
      .toBeCloseTo(stoppedAt, 0);

    await page.reload();
    const again = page.locator('.lesson-media audio');
    await expect
      .poll(() => again.evaluate((element: HTMLAudioElement) => element.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(stoppedAt - 1);
  });

  it('opens a lesson image full screen, pinch-zooms it, and closes it with Escape or Back', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    const lessonUrl = `${e2e.server.url}/courses/${COURSE_ID}/lessons/nilai-berakhlak`;
    await page.goto(lessonUrl);
    const opener = page.getByRole('button', { name: /^Perbesar gambar: / });
    await opener.tap();
    const viewer = page.locator('dialog.image-viewer[open]');
    await viewer.waitFor();
    const image = viewer.locator('img');
    expect(await image.getAttribute('data-scale')).toBe('1');
    await checkScreen(page, '21-image-viewer');

    // Two fingers moving apart.
    const box = (await viewer.locator('.image-viewer__stage').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints:
          type === 'touchEnd'
            ? []
            : [
                { x: cx - spread, y: cy, id: 1 },
                { x: cx + spread, y: cy, id: 2 },
              ],
      });
    await touch('touchStart', 30);
    for (const spread of [50, 80, 110, 140]) await touch('touchMove', spread);
    await touch('touchEnd', 0);
    await expect.poll(async () => Number(await image.getAttribute('data-scale'))).toBeGreaterThan(2);

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(page.url()).toBe(lessonUrl);

    await opener.tap();
    await viewer.waitFor();
    await page.goBack();
    await viewer.waitFor({ state: 'detached' });
    expect(page.url()).toBe(lessonUrl);
    await page.getByRole('heading', { level: 1, name: 'Nilai Dasar ASN BerAKHLAK' }).waitFor();
  });

  it('at 200 % text nothing is lost: no sideways scroll, and the tabs still work', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url, DEMO_LEARNER, 'home');
    const doubleText = () => page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    await doubleText();
    expect(await horizontalOverflow(page), String(await wideElements(page))).toBeLessThanOrEqual(0);
    await checkScreen(page, '17-home-200-percent');
    await tab(page, id.tabs.catalog).click();
    await heading(page, id.catalog.title).waitFor();
    await page.locator('.course-card').first().waitFor();
    await checkScreen(page, '18-catalog-200-percent');
  });
});
