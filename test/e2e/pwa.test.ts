import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import en from '../../src/app/i18n/locales/en.json';
import id from '../../src/app/i18n/locales/id.json';
import { NEW_BUILD_MARKER, deployNewShell, deployRenamedChunks } from './deployments';
import {
  DEMO_LEARNER,
  freshPage,
  launchProfile,
  login,
  serverAndBrowser,
  waitForServiceWorkerControl,
} from './harness';

const e2e = serverAndBrowser();

beforeEach(async () => {
  await e2e.server.restoreBuild();
});

/**
 * Opens the app, deploys a version with every chunk renamed, logs in and waits for Beranda; answers
 * how many times the page loaded again on the way. The screens behind the login are lazy chunks:
 * the old page asks for their old names.
 */
async function reloadsUntilBerandaAcrossRenamedChunks(page: Page): Promise<number> {
  // The version lands on an open page: not while its start still loads the service worker's bridge,
  // whose 404 would reload it into the deploy being copied ("reloads again when…" stands for that).
  await page.goto(e2e.server.url, { waitUntil: 'networkidle' });
  let loads = 0;
  page.on('load', () => (loads += 1));
  await deployRenamedChunks(e2e.server.staticDir);
  await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);
  await expect
    .poll(() => page.getByRole('heading', { name: id.home.title }).isVisible(), { timeout: 45_000 })
    .toBe(true);
  return loads;
}

describe('the installed app', () => {
  it('has a manifest Chromium accepts as installable, with the Lentera name and icons', async () => {
    const profile = await launchProfile();
    onTestFinished(() => profile.close());
    const page = await profile.context.newPage();
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);
    const cdp = await profile.context.newCDPSession(page);

    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const { errors, data } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data ?? '{}') as { icons: Array<{ src: string; sizes: string; purpose: string }> };
    expect(manifest).toMatchObject({
      name: 'Lentera — Pelatihan ASN',
      short_name: 'Lentera',
      lang: 'id',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#0f766e',
      background_color: '#f8fafc',
    });
    expect(manifest.icons.map(({ src, sizes, purpose }) => `${src} ${sizes} ${purpose}`)).toEqual([
      '/icons/icon-192.png 192x192 any',
      '/icons/icon-512.png 512x512 any',
      '/icons/icon-maskable-512.png 512x512 maskable',
      '/icons/icon.svg any any',
    ]);
    // The declared sizes are the real ones (Chromium only checks the icon it picks).
    for (const icon of manifest.icons.filter((icon) => icon.sizes !== 'any')) {
      const size = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return `${image.naturalWidth}x${image.naturalHeight}`;
      }, icon.src);
      expect(size, icon.src).toBe(icon.sizes);
    }
  });

  it('offers its own install button when Chromium allows installing, and spends it on the first tap', async () => {
    const profile = await launchProfile();
    onTestFinished(() => profile.close());
    const page = await profile.context.newPage();
    await page.goto(e2e.server.url);
    const installButton = page.getByRole('button', { name: id.pwa.install });
    await expect.poll(() => installButton.isVisible(), { timeout: 20_000 }).toBe(true);

    await installButton.click();
    await expect.poll(() => installButton.isVisible()).toBe(false);
  });

  it('is controlled by the service worker after load and reload; says it works offline once logged in', async () => {
    const { page } = await freshPage(e2e.browser);
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${e2e.server.url}/sw.js`);
    // Not on the login screen: nothing works offline before a login, and it would cover the form.
    expect(await page.getByText(id.pwa.offlineReady).count()).toBe(0);
  });

  it('opens offline, deep links included, while /api is never answered from a cache', async () => {
    const { page } = await freshPage(e2e.browser);
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);
    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);
    await page.context().setOffline(true);

    await page.reload();
    await expectShellOffline(page);

    await page.goto(`${e2e.server.url}/courses/anything/lessons/x`);
    await expectShellOffline(page);
    // The lazily loaded lesson screen came from the precache and read IndexedDB, without a network.
    await expect.poll(() => page.getByText(id.course.notDownloaded).isVisible()).toBe(true);

    const apiAnswer = await page.evaluate(() =>
      fetch('/api/courses').then(
        (response) => `status ${response.status}`,
        () => 'failed',
      ),
    );
    expect(apiAnswer).toBe('failed');
    // Not even a navigation to /api gets the cached app shell.
    await expect(page.goto(`${e2e.server.url}/api/courses`)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  });

  it('keeps English for a learner who switched to it, on the first visit too, and opens in it offline', async () => {
    const { context, page } = await freshPage(e2e.browser);
    await page.goto(e2e.server.url);
    // Before the service worker controls the page: it is told to keep the texts all the same.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: en.login.title }).waitFor();
    await waitForServiceWorkerControl(page);
    // Not precached (most learners never switch): kept in a cache of its own once asked for.
    await expect
      .poll(() => page.evaluate(async () => (await (await caches.open('lentera-english')).keys()).length))
      .toBe(1);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: en.login.title }).waitFor();
    await expect.poll(() => page.locator('.network-status').textContent()).toBe(en.network.offline);
  });
});

async function expectShellOffline(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.app-header__brand').textContent()).toBe(id.app.name);
  await expect.poll(() => page.locator('.network-status').textContent()).toBe(id.network.offline);
}

describe('a new version', () => {
  it('waits for the learner, then reloads onto the new service worker', async () => {
    const { page } = await freshPage(e2e.browser);
    const runsNewBuild = async (): Promise<boolean> =>
      (await page.locator(`meta[name="${NEW_BUILD_MARKER}"]`).count()) === 1;
    await page.goto(e2e.server.url);
    await waitForServiceWorkerControl(page);

    await deployNewShell(e2e.server.staticDir);
    // When the learner comes back to the app, it probes sw.js past every cache, then asks for an update.
    // Chromium may also look on its own after the last navigation: then the new worker is already
    // installing, the app leaves it be and sends no probe. Either way the prompt must follow.
    const probe = page
      .waitForRequest(
        (request) => request.url() === `${e2e.server.url}/sw.js` && request.headers()['cache-control'] === 'no-cache',
        { timeout: 20_000 },
      )
      .catch(() => null);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await Promise.race([probe, page.getByText(id.pwa.updateAvailable).waitFor({ timeout: 20_000 })]);
    await expect.poll(() => page.getByText(id.pwa.updateAvailable).isVisible(), { timeout: 20_000 }).toBe(true);

    // Prompt mode: until the learner agrees, even a reload stays on the old version.
    await page.reload();
    expect(await runsNewBuild()).toBe(false);
    await expect.poll(() => page.getByText(id.pwa.updateAvailable).isVisible(), { timeout: 20_000 }).toBe(true);

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: id.pwa.update }).click();
    await reloaded;

    expect(await runsNewBuild()).toBe(true);
    expect(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null),
    ).toBeNull();
    expect(await page.getByText(id.pwa.updateAvailable).isVisible()).toBe(false);
  });

  // Without a service worker the server's answer is all there is, which makes the chunks' absence certain.
  it('reloads a page that asks for a chunk the new version removed, and then works', async () => {
    const { page } = await freshPage(e2e.browser, { serviceWorkers: 'block' });
    expect(await reloadsUntilBerandaAcrossRenamedChunks(page)).toBe(1);
  });

  it('reloads again when its reload still found the old version (a deploy being copied), then works', async () => {
    const { page } = await freshPage(e2e.browser, { serviceWorkers: 'block' });
    // Routing turns Chromium's HTTP cache off: the page's first index.html and the chunks it loads
    // are kept here instead, as that cache keeps them, and the first reload gets the old index.html.
    const cached = new Map<string, { body: Buffer; contentType: string }>();
    let staleReloads = 1;
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      const kept = cached.get(url);
      if (kept && (!route.request().isNavigationRequest() || staleReloads-- > 0)) return route.fulfill(kept);
      const response = await route.fetch();
      if (response.ok() && (cached.size === 0 || url.includes('/assets/'))) {
        cached.set(url, { body: await response.body(), contentType: response.headers()['content-type'] ?? '' });
      }
      return route.fulfill({ response });
    });
    // Requests still in flight when the page closes would fail the handler.
    onTestFinished(() => page.unrouteAll({ behavior: 'ignoreErrors' }));
    expect(await reloadsUntilBerandaAcrossRenamedChunks(page)).toBe(2);
  });

  it('reloads only once when a chunk stays missing, instead of looping', async () => {
    const { page } = await freshPage(e2e.browser, { serviceWorkers: 'block' });
    const loadedAtStart = new Set<string>();
    page.on('request', (request) => loadedAtStart.add(request.url()));
    // Everything the login screen loads, what it fetches after first paint included: on a loaded
    // machine that comes after the load event, and missing it would break the login, not Beranda.
    await page.goto(e2e.server.url, { waitUntil: 'networkidle' });
    page.removeAllListeners('request');
    await page.route('**/assets/*.js', (route) =>
      loadedAtStart.has(route.request().url()) ? route.continue() : route.fulfill({ status: 404 }),
    );
    let loads = 0;
    page.on('load', () => (loads += 1));

    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);

    // After its one reload, the page explains what happened and what to do, and stays.
    const explained = page.getByText(id.errors.missingCode);
    await expect.poll(async () => loads === 1 && (await explained.isVisible()), { timeout: 45_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: id.pwa.update }).isVisible()).toBe(true);
    await page.waitForTimeout(1_000);
    expect(loads).toBe(1);
  });

  it('asks the learner to reload when code loaded in the background stays missing after its one reload', async () => {
    const { page } = await freshPage(e2e.browser, { serviceWorkers: 'block' });
    // The sync engine loads at Beranda's first idle moment, after the screen is drawn; nothing on
    // screen needs it, so without the question sync would silently never run.
    await page.route('**/assets/scheduler-*.js', (route) => route.fulfill({ status: 404 }));
    await page.goto(e2e.server.url);
    let loads = 0;
    page.on('load', () => (loads += 1));

    await login(page, DEMO_LEARNER.nip, DEMO_LEARNER.password);

    const reload = page.getByRole('button', { name: id.pwa.update });
    await expect.poll(async () => loads === 1 && (await reload.isVisible()), { timeout: 45_000 }).toBe(true);
    expect(await page.getByText(id.pwa.updateAvailable).isVisible()).toBe(true);
    // No "later": sync stays off until the page loads again.
    expect(await page.getByRole('button', { name: id.pwa.later }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: id.home.title }).isVisible()).toBe(true);
    await page.waitForTimeout(1_000);
    expect(loads).toBe(1);

    await reload.click();
    await expect.poll(() => loads).toBe(2);
  });
});
