/**
 * The offline learner, in a real browser: download a course, lose the connection, keep studying
 * across reloads; a tampered download is refused whole; storage can be freed; mistakes read well.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/app/components/format';
import id from '../../src/app/i18n/locales/id.json';
import { api, type CourseManifestResponse } from '../../src/shared/protocol';
import { bundleSize, type Manifest } from '../../src/shared/schema/bundle';
import {
  apiGet,
  apiLogin,
  courseButton,
  courseCard,
  DEMO_LEARNER,
  downloadFromCatalog,
  freshPage,
  login,
  openCatalog,
  openSignedIn,
  readStore,
  readStoreKeys,
  serverAndBrowser,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const COURSE_TITLE = 'Etika Pemerintahan & Nilai BerAKHLAK';
/** Fifth of the course's lessons: one lesson done is 20 %. */
const FIRST_LESSON = 'nilai-berakhlak';

const e2e = serverAndBrowser();
/** The published manifest, as the server gives it to the learner's phone. */
let manifest: Manifest;

beforeAll(async () => {
  const { token } = await apiLogin(e2e.server.url, DEMO_LEARNER);
  const { status, body } = await apiGet<CourseManifestResponse>(e2e.server.url, api.course(COURSE_ID), token);
  if (status !== 200) throw new Error(`GET ${api.course(COURSE_ID)} answered ${status}`);
  manifest = body.manifest;
});

const lessonTitle = (index: number): string => manifest.lessons[index]!.title.id;
const networkStatus = (page: Page) => page.locator('.network-status');
const lessonPosition = (page: Page) => page.locator('.lesson__position');

/** The page's scroll offset once two more frames have been drawn (a restored position is applied in a frame). */
const scrollAfterRender = (page: Page): Promise<number> =>
  page.evaluate(
    () => new Promise<number>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(window.scrollY)))),
  );

/** The reading position (0–1) the phone saved for a lesson. */
async function savedPosition(page: Page, lessonId: string): Promise<number> {
  const rows = await readStore<{ lessonId: string; position: number }>(page, 'progress');
  return rows.find((row) => row.lessonId === lessonId)?.position ?? 0;
}

describe('a learner without a connection', () => {
  it('downloads a course, then studies it offline across reloads, images included', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    const card = courseCard(page, COURSE_ID);
    await expect.poll(() => card.locator('h2').textContent()).toBe(COURSE_TITLE);

    // Every file after the first is held back until the learner has seen the download move.
    let releaseFiles!: () => void;
    const filesReleased = new Promise<void>((resolve) => (releaseFiles = resolve));
    let fileRequests = 0;
    await context.route('**/api/files/*', async (route) => {
      fileRequests += 1;
      if (fileRequests > 1) await filesReleased;
      await route.continue();
    });
    await card.getByRole('button', { name: courseButton(id.catalog.download) }).click();
    const downloadBar = card.locator('.course-card__download [role="progressbar"]');
    await expect
      .poll(async () => Number(await downloadBar.getAttribute('aria-valuenow')), { timeout: 15_000 })
      .toBeGreaterThan(0);
    const shownPercent = Number(
      /(\d+)%/.exec((await card.locator('.course-card__download p').textContent()) ?? '')?.[1],
    );
    expect(shownPercent).toBeGreaterThan(0);
    expect(shownPercent).toBeLessThan(100);
    expect(await card.getByText(id.catalog.offlineReady).count()).toBe(0);

    releaseFiles();
    await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await card.locator('.course-card__download').count()).toBe(0);
    expect(fileRequests).toBe(new Set(manifest.files.map((file) => file.sha256)).size);
    await context.unroute('**/api/files/*');

    await context.setOffline(true);
    await page.reload();
    // Opened from the service worker: the shell, the catalog and the course all without a network.
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.offline);
    await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor();
    // "Menampilkan katalog terakhir (…)": the catalog read from the phone, with when it was fetched.
    expect(await page.locator('.notice', { hasText: id.catalog.cachedNotice.split(' (')[0]! }).count()).toBe(1);

    await card.getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    await page.locator(`[data-lesson-id="${FIRST_LESSON}"] > a`).click();
    await expect.poll(() => lessonPosition(page).textContent()).toBe('Materi 1 dari 5');
    await page.getByRole('heading', { level: 1, name: lessonTitle(0) }).waitFor();

    // The lesson's picture (an SVG) comes out of IndexedDB as a data: URL, never a same-origin
    // blob:, and really decodes.
    const image = page.locator('main.lesson .content img');
    await image.scrollIntoViewIfNeeded();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);

    await page.getByRole('button', { name: id.lesson.markComplete }).click();
    await page.getByText(id.lesson.completed, { exact: true }).waitFor();

    await page.reload();
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.offline);
    await expect.poll(() => lessonPosition(page).textContent()).toBe('Materi 1 dari 5');
    await page.getByText(id.lesson.completed, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: id.lesson.markComplete }).count()).toBe(0);

    // Next and previous, offline. Each lesson opens where the learner left it: at the top when new or
    // completed, at the saved reading position otherwise; never at the position of the lesson before.
    await page.getByRole('link', { name: `${id.lesson.next} →` }).click();
    await expect.poll(() => lessonPosition(page).textContent()).toBe('Materi 2 dari 5');
    await page.getByRole('heading', { level: 1, name: lessonTitle(1) }).waitFor();
    await page.getByRole('button', { name: id.lesson.markComplete }).waitFor();
    expect(await scrollAfterRender(page)).toBe(0);
    await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - window.innerHeight) / 2));
    await expect.poll(() => savedPosition(page, manifest.lessons[1]!.id), { timeout: 5_000 }).toBeGreaterThan(0.4);

    await page.getByRole('link', { name: `← ${id.lesson.previous}` }).click();
    await expect.poll(() => lessonPosition(page).textContent()).toBe('Materi 1 dari 5');
    await page.getByRole('heading', { level: 1, name: lessonTitle(0) }).waitFor();
    await page.getByText(id.lesson.completed, { exact: true }).waitFor();
    expect(await scrollAfterRender(page)).toBe(0);

    await page.getByRole('link', { name: `${id.lesson.next} →` }).click();
    await expect.poll(() => lessonPosition(page).textContent()).toBe('Materi 2 dari 5');
    await page.getByRole('button', { name: id.lesson.markComplete }).waitFor();
    await expect.poll(() => page.evaluate(() => window.scrollY), { timeout: 5_000 }).toBeGreaterThan(0);
    await page.getByRole('link', { name: `← ${id.lesson.previous}` }).click();
    await page.getByText(id.lesson.completed, { exact: true }).waitFor();

    await page.getByRole('link', { name: `← ${COURSE_TITLE}` }).click();
    await expect.poll(() => page.locator('.course-progress').textContent()).toBe('1 dari 5 materi dipelajari');
    expect(await page.locator(`[data-lesson-id="${FIRST_LESSON}"] > .lesson-list__meta`).textContent()).toContain(
      id.course.completed,
    );
    await openCatalog(page);
    await expect.poll(() => card.locator('.course-card__progress').textContent()).toBe('1 dari 5 materi dipelajari');
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.offline);
  });

  it('refuses a tampered file, keeps nothing of that download, and succeeds once the bytes are right', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    const card = courseCard(page, COURSE_ID);
    // A lesson late in the download order, so several good files are already stored when it fails.
    const target = manifest.files.find((file) => file.path === 'lessons/standar-pelayanan.json')!;
    expect(manifest.files.indexOf(target)).toBeGreaterThan(2);
    const pattern = `**/api/files/${target.sha256}`;
    let tampered = 0;
    await context.route(pattern, async (route) => {
      const response = await route.fetch();
      const bytes = Buffer.from(await response.body());
      const middle = bytes.length >> 1;
      bytes[middle] = bytes[middle]! ^ 0x01; // one bit: same length, different hash
      tampered += 1;
      await route.fulfill({ response, body: bytes });
    });

    await card.getByRole('button', { name: courseButton(id.catalog.download) }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toBe(id.errors.integrity);
    expect(await alert.textContent()).toContain('rusak atau telah diubah');
    expect(tampered).toBe(1);
    expect(await card.getByText(id.catalog.offlineReady).count()).toBe(0);
    expect(await card.getByRole('button', { name: courseButton(id.catalog.resume) }).isVisible()).toBe(true);
    // Nothing half-stored: no course row, and the good files fetched before the bad one are gone too.
    expect(await readStore(page, 'courses')).toEqual([]);
    expect(await readStoreKeys(page, 'files')).toEqual([]);
    await page.getByRole('link', { name: id.app.nav.storage }).click();
    await page.getByText(id.storage.none, { exact: true }).waitFor();

    await context.unroute(pattern);
    await page.getByRole('link', { name: id.app.nav.catalog }).click();
    await card.getByRole('button', { name: courseButton(id.catalog.resume) }).click();
    await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(tampered).toBe(1);
    const courses = await readStore<{ id: string; version: string }>(page, 'courses');
    expect(courses.map(({ id: courseId, version }) => ({ id: courseId, version }))).toEqual([
      { id: COURSE_ID, version: manifest.version },
    ]);
    expect((await readStoreKeys(page, 'files')).sort()).toEqual(
      [...new Set(manifest.files.map((file) => file.sha256))].sort(),
    );
  });

  it('lists a downloaded course with its size on the storage screen and removes it from the phone', async () => {
    const { page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);

    await page.getByRole('link', { name: id.app.nav.storage }).click();
    const row = page.locator(`.storage-list [data-course-id="${COURSE_ID}"]`);
    await row.waitFor();
    expect(await row.locator('strong').textContent()).toBe(COURSE_TITLE);
    expect(await row.locator('span').textContent()).toBe(
      `${formatBytes(bundleSize(manifest), 'id')} · versi ${manifest.version}`,
    );

    const confirmations: string[] = [];
    page.once('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.accept();
    });
    await row.getByRole('button', { name: id.storage.delete }).click();
    await page.getByText(id.storage.deleted, { exact: true }).waitFor();
    await page.getByText(id.storage.none, { exact: true }).waitFor();
    expect(confirmations).toEqual([
      `Hapus "${COURSE_TITLE}" dari ponsel ini? Kemajuan belajar Bapak/Ibu tetap tersimpan.`,
    ]);
    expect(await row.count()).toBe(0);
    expect(await readStore(page, 'courses')).toEqual([]);
    expect(await readStoreKeys(page, 'files')).toEqual([]);

    await page.getByRole('link', { name: id.app.nav.catalog }).click();
    const card = courseCard(page, COURSE_ID);
    await card.getByRole('button', { name: courseButton(id.catalog.download) }).waitFor();
    expect(await card.getByText(id.catalog.offlineReady).count()).toBe(0);
  });

  it('says so when the password is wrong, and shows a notice for a course that is not on the phone', async () => {
    const { page } = await freshPage(e2e.browser);
    const crashes: string[] = [];
    page.on('pageerror', (error) => crashes.push(error.message));
    await page.goto(e2e.server.url);
    await page.locator('input[name="nip"]').fill(DEMO_LEARNER.nip);
    await page.locator('input[name="password"]').fill('bukan-kata-sandinya');
    await page.locator('form button[type="submit"]').click();
    const alert = page.locator('main.login [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(id.errors.invalid_credentials);
    expect(await alert.textContent()).toMatch(/^NIP atau kata sandi salah\. .*Hubungi admin/);
    expect(await page.locator('main.login').isVisible()).toBe(true);

    await page.locator('input[name="password"]').fill('');
    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);
    await page.getByRole('heading', { name: id.home.title }).waitFor();

    await page.goto(`${e2e.server.url}/courses/tidak-ada`);
    await page.getByText(id.course.notDownloaded, { exact: true }).waitFor();
    expect(await page.getByText(id.course.notDownloaded, { exact: true }).textContent()).toContain('belum diunduh');
    await page.getByRole('link', { name: id.course.back }).click();
    await page.getByRole('heading', { name: id.catalog.title }).waitFor();
    expect(crashes).toEqual([]);
  });
});
