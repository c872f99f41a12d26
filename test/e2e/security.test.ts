/**
 * Course files never run script in the app's origin, checked in real Chromium:
 *  - the hostile SVGs really run when a browser opens them (so the corpus proves something), a
 *    naive text filter lets some through, and the server refuses every one with its reason;
 *  - a course image shown in a lesson, opened alone, never runs script — neither the phone's
 *    copy (a `data:` URL) nor the server's (`/api/files/…`, a sandbox even for a hostile file);
 *  - the app works offline under its CSP, with no violation reported on the way.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { api, type ApiErrorBody, type CourseManifestResponse } from '../../src/shared/protocol';
import { bundleApi, type InvalidBundleDetails } from '../../src/shared/protocol/bundles';
import { buildBundle, FIXTURE_PATHS } from '../fixtures/bundles';
import { HOSTILE_SVGS } from '../fixtures/hostile-svgs';
import {
  DEMO_ADMIN,
  DEMO_LEARNER,
  apiGet,
  apiLogin,
  courseCard,
  downloadFromCatalog,
  freshPage,
  openSignedIn,
  serverAndBrowser,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const PWNED = 'pwned';

const e2e = serverAndBrowser();

/** The kind of filter the server had before: text matching on the bytes read as UTF-8. */
function passesNaiveFilter(bytes: Uint8Array): boolean {
  const text = new TextDecoder().decode(bytes).toLowerCase();
  return !/<\s*script|<\s*foreignobject|\son[a-z]+\s*=|javascript:/.test(text);
}

/** Records every CSP violation and every complaint about a policy header the page (and its workers) reports. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to|Permissions-Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`Refused to ${event.violatedDirective}: ${event.blockedURI}`),
    );
  });
  return violations;
}

describe('hostile course SVGs', () => {
  const running = HOSTILE_SVGS.filter((hostile) => hostile.runs);

  it('really run script when a browser opens them alone, and some pass a naive text filter', async () => {
    const { context, page } = await freshPage(e2e.browser);
    for (const hostile of running) {
      // Served from an origin of its own, with no CSP: what any careless web server would do.
      await context.route('http://hostile.test/**', (route) =>
        route.fulfill({ status: 200, contentType: 'image/svg+xml', body: Buffer.from(hostile.bytes) }),
      );
      await page.goto('http://hostile.test/image.svg');
      await expect.poll(() => page.title(), { message: hostile.name }).toBe(PWNED);
      await context.unroute('http://hostile.test/**');
    }
    const slipped = running.filter((hostile) => passesNaiveFilter(hostile.bytes)).map((hostile) => hostile.name);
    expect(slipped.length).toBeGreaterThanOrEqual(3);
  });

  it('are each refused by the server with their reason, and the course stays as it was', async () => {
    const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
    for (const hostile of HOSTILE_SVGS) {
      const { zip } = buildBundle({ id: 'svg-attack', replaceFiles: { [FIXTURE_PATHS.cover]: hostile.bytes } });
      const response = await fetch(e2e.server.url + bundleApi.upload, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
        body: zip as Uint8Array<ArrayBuffer>,
      });
      expect(response.status, hostile.name).toBe(422);
      const body = (await response.json()) as ApiErrorBody;
      const { problems } = body.error.details as InvalidBundleDetails;
      expect(
        problems.map((problem) => problem.reason),
        hostile.name,
      ).toContain(hostile.code);
    }
    const courses = await apiGet<{ courses: { id: string }[] }>(e2e.server.url, bundleApi.adminCourses, token);
    expect(courses.body.courses.map((course) => course.id)).not.toContain('svg-attack');
  });
});

describe('a course image opened alone', () => {
  it('never runs script: the phone shows SVG as data:, the server serves files in a script-less sandbox', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await courseCard(page, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.locator('.lesson-list [data-lesson-id] > a').first().click();
    const image = page.locator('main.lesson .content img').first();
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);
    // Not a blob: URL, which would be a document of the app's origin when opened alone.
    expect(await image.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);

    // The same kind of URL for a hostile drawing, opened alone: whether Chromium opens it or not, what
    // runs there has an opaque origin, with no way to the app's storage or session.
    const probe = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>' +
        "let s; try { s = 'storage:' + localStorage.length } catch { s = 'no-storage' }" +
        "document.title = 'origin:' + self.origin + ';' + s</script></svg>",
    );
    const probeUrl = `data:image/svg+xml;base64,${Buffer.from(probe).toString('base64')}`;
    const opened = await context.newPage();
    await opened.goto(probeUrl).catch(() => undefined);
    expect(await opened.title().catch(() => '')).toMatch(/^$|^origin:null;no-storage$/);
    await opened.close();

    // The server's copy: even a hostile file (bytes swapped in transit, the server's own headers kept)
    // opened at /api/files/… runs nothing and cannot reach the learner's storage.
    const { token } = await apiLogin(e2e.server.url, DEMO_LEARNER);
    const { body } = await apiGet<CourseManifestResponse>(e2e.server.url, api.course(COURSE_ID), token);
    const svgFile = body.manifest.files.find((file) => file.type === 'image/svg+xml')!;
    const fileUrl = `${e2e.server.url}/api/files/${svgFile.sha256}`;
    await context.route(fileUrl, async (route) => {
      const real = await route.fetch();
      await route.fulfill({ response: real, body: Buffer.from(HOSTILE_SVGS[0]!.bytes) });
    });
    const alone = await context.newPage();
    const response = await alone.goto(fileUrl);
    expect(response?.headers()['content-security-policy']).toMatch(/^sandbox;/);
    await alone.waitForTimeout(500);
    expect(await alone.title()).not.toBe(PWNED);
    expect(await alone.evaluate(() => window.origin)).toBe('null');
  });
});

describe('the app under its CSP', () => {
  it('works offline, from the service worker, with the policies on and no violation or header complaint', async () => {
    const { context, page } = await freshPage(e2e.browser);
    const violations = await watchViolations(page);
    const first = await page.goto(e2e.server.url);
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);

    await context.setOffline(true);
    const offline = await page.reload();
    // The shell now comes from the service worker's precache, with the server's headers kept.
    expect(offline?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const card = courseCard(page, COURSE_ID);
    await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor();
    await card.getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.locator('.lesson-list [data-lesson-id] > a').first().click();
    const image = page.locator('main.lesson .content img').first();
    await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.getByRole('button', { name: id.lesson.markComplete }).click();
    await page.getByText(id.lesson.completed, { exact: true }).waitFor();
    await page.getByRole('link', { name: id.app.nav.storage }).click();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(violations).toEqual([]);
  });
});
