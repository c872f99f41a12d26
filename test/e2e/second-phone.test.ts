/**
 * A course opened on a phone that does not hold it yet — a link to a lesson, or a required course
 * tapped on Beranda of a new phone, before the catalog was ever opened there: the screen offers the
 * course's download itself, and shows the lesson once it is stored.
 */
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { PHONE } from './a11y';
import { courseButton, freshPage, openSignedIn, readStore, serverAndBrowser } from './harness';

const COURSE_ID = 'etika-berakhlak';
const COURSE_TITLE = 'Etika Pemerintahan & Nilai BerAKHLAK';

const e2e = serverAndBrowser();

describe('a course linked to on a second phone', () => {
  it('offers its download on the spot, then shows the linked lesson', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url, undefined, 'home');
    // A new phone: neither the course nor the catalog has been fetched on it.
    expect(await readStore(page, 'catalog')).toEqual([]);

    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/lessons/nilai-berakhlak`);
    await page.getByText(id.course.notDownloaded, { exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    expect(await page.locator('main .course-card__size').textContent()).toMatch(/^Ukuran unduhan \d/);
    await page.getByRole('button', { name: courseButton(id.catalog.download) }).click();

    await page.getByRole('heading', { level: 1, name: 'Nilai Dasar ASN BerAKHLAK' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(id.course.notDownloaded).count()).toBe(0);
    expect((await readStore<{ id: string }>(page, 'courses')).map((course) => course.id)).toEqual([COURSE_ID]);
  });
});
