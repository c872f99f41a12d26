/**
 * The real thing, end to end: the built app in `dist/`, served by the built server (`npm run serve`,
 * its own process, empty temp data dir), driven by a real headless Chromium. Service worker, offline and
 * install behaviour cannot be faked convincingly, so none of it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFinished } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { api, type LoginResponse } from '../../src/shared/protocol';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { freePort, serveArguments, stopProcess } from '../processes';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DIST_DIR = join(REPO_ROOT, 'dist');
// A first start creates the embedded database (initdb): about 5 s on a quiet 2-core machine,
// over 50 s when the machine is saturated. Two minutes still catches a server that hangs.
const SERVER_START_TIMEOUT_MS = 120_000;
const SERVICE_WORKER_READY_TIMEOUT_MS = 20_000;

/** Seeded by the server on its first start in demo mode (LENTERA_DEMO=1, set below), so every fresh data dir has it. */
export const DEMO_LEARNER = DEMO_ACCOUNTS.learner;
export const DEMO_ADMIN = DEMO_ACCOUNTS.admin;

export interface RunningServer {
  /** `http://127.0.0.1:<port>`: a loopback address is a secure context, so service workers run over plain HTTP. */
  url: string;
  /** The server's private copy of `dist/`: tests deploy "new versions" into it. */
  staticDir: string;
  /** Puts the build from `dist/` back, undoing whatever a test deployed. */
  restoreBuild(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  if (!existsSync(join(DIST_DIR, 'sw.js')))
    throw new Error(`No built app in ${DIST_DIR}: run \`npm run bundle && npm run build\` first`);
  const staticDir = await mkdtemp(join(tmpdir(), 'lentera-e2e-dist-'));
  const restoreBuild = async (): Promise<void> => {
    await rm(staticDir, { recursive: true, force: true });
    await cp(DIST_DIR, staticDir, { recursive: true });
  };
  await restoreBuild();
  const dataDir = await mkdtemp(join(tmpdir(), 'lentera-e2e-data-'));
  const port = await freePort();
  const child = spawn(process.execPath, serveArguments(), {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LENTERA_DATA_DIR: dataDir,
      LENTERA_STATIC_DIR: staticDir,
      // The journeys sign in with the demo accounts.
      LENTERA_DEMO: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  let running = false;
  // A server that dies mid-file would only show up as "fetch failed" in every later test: say why.
  child.once('exit', (code, signal) => {
    if (running)
      console.error(
        `The Lentera server exited unexpectedly (code ${code}, signal ${signal})\n--- server output ---\n${output}`,
      );
  });
  const stop = async (): Promise<void> => {
    running = false;
    await stopProcess(child);
    await Promise.all([dataDir, staticDir].map((dir) => rm(dir, { recursive: true, force: true })));
  };
  try {
    await waitUntilAnswering(url, child);
    running = true;
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output ---\n${output}`, { cause: error });
  }
  return { url, staticDir, restoreBuild, stop };
}

/**
 * One server and one browser shared by the tests of a file (or of the `describe` it is called in):
 * both start together before the first test and stop after the last. Read them in the tests as
 * `e2e.server.url` and `e2e.browser`, once the hooks have run.
 */
export function serverAndBrowser(): { readonly browser: Browser; readonly server: RunningServer } {
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The server and browser start in beforeAll: read them in a test or hook');
    return value;
  };
  return {
    get browser() {
      return started(browser);
    },
    get server() {
      return started(server);
    },
  };
}

const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(CHROMIUM);
}

/**
 * A page in a context of its own, closed after the test: no service worker,
 * cache or storage carried over from another test.
 */
export async function freshPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(15_000);
  onTestFinished(() => context.close());
  return { context, page: await context.newPage() };
}

/**
 * A fresh browser with an ordinary (not off-the-record) profile. `browser.newContext()` contexts are
 * incognito, and Chromium refuses to install apps from incognito ("in-incognito").
 */
export async function launchProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'lentera-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, CHROMIUM);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * In prompt mode the service worker never claims the page that registered it, so the first load runs
 * uncontrolled: wait until the worker is active, then reload so the page is served by it.
 */
export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  // `ready` never rejects: without a time limit a worker that fails to install would hang the test.
  const ready = await page.evaluate(
    (timeoutMs) =>
      Promise.race([
        navigator.serviceWorker.ready.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
      ]),
    SERVICE_WORKER_READY_TIMEOUT_MS,
  );
  if (!ready) throw new Error(`No active service worker after ${SERVICE_WORKER_READY_TIMEOUT_MS / 1000} s`);
  if (await page.evaluate(() => navigator.serviceWorker.controller === null)) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

export async function login(page: Page, nip: string, password: string): Promise<void> {
  await page.locator('input[name="nip"]').fill(nip);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('main.login').waitFor({ state: 'detached' });
}

/**
 * Opens the app, lets the service worker take control, then logs in through the form. Login
 * lands on Beranda; most journeys start by downloading a course, so unless told otherwise this
 * then opens the catalog through the tab bar, as a learner would.
 */
export async function openSignedIn(
  page: Page,
  url: string,
  account: { nip: string; password: string } = DEMO_LEARNER,
  then: 'catalog' | 'home' = 'catalog',
): Promise<void> {
  await page.goto(url);
  await waitForServiceWorkerControl(page);
  await login(page, account.nip, account.password);
  await page.getByRole('heading', { level: 1, name: id.home.title }).waitFor();
  if (then === 'catalog') await openCatalog(page);
}

/** The "Pelatihan" tab. */
export async function openCatalog(page: Page): Promise<void> {
  await page.locator('.tab-bar').getByRole('link', { name: id.tabs.catalog }).click();
  await page.getByRole('heading', { level: 1, name: id.catalog.title }).waitFor();
}

/**
 * A catalog button by its visible word ("Unduh", "Lanjutkan unduhan", "Perbarui"): its accessible
 * name goes on with the course's title and size.
 */
export function courseButton(word: string): RegExp {
  return new RegExp(`^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
}

/** The catalog card of one course. */
export function courseCard(page: Page, courseId: string) {
  return page.locator(`.course-list [data-course-id="${courseId}"]`);
}

/** Downloads a course from the catalog ("Unduh") and waits until its card says "Tersedia offline". */
export async function downloadFromCatalog(page: Page, courseId: string): Promise<void> {
  const card = courseCard(page, courseId);
  await card.getByRole('button', { name: courseButton(id.catalog.download) }).click();
  await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor({ timeout: 30_000 });
}

/** Taps "Sinkronkan sekarang" on the sync page (the test then goes back to the screen it checks). */
export async function syncNow(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sync`);
  await page.getByRole('button', { name: id.sync.now }).first().click();
}

/** Cuts the page's network and waits until the app says it is offline, as a learner would see it. */
export async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await expect.poll(() => page.locator('.network-status').textContent()).toBe(id.network.offline);
}

/** Logs in from the test itself (Node's fetch, not the browser): for calls a learner's phone never makes. */
export async function apiLogin(url: string, account: { nip: string; password: string }): Promise<LoginResponse> {
  const response = await fetch(url + api.login, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nip: account.nip, password: account.password }),
  });
  if (!response.ok) throw new Error(`Login of ${account.nip} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as LoginResponse;
}

/**
 * A GET to the API with a bearer token; the status is returned with the body so a test can tell "missing" from "empty".
 */
export async function apiGet<T>(url: string, path: string, token: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, say): the raw text is more useful in a failure message.
  }
  return { status: response.status, body: body as T };
}

/**
 * What a Blob in a row becomes once read out of the page (a Blob does not cross into the test):
 * its size, its type and its bytes, one latin1 character each.
 */
export interface StoredBlob {
  size: number;
  type: string;
  latin1: string;
}

/**
 * Every row of one object store in the logged-in account's IndexedDB (`lentera-<userId>`), read with
 * the raw IndexedDB API: what is really on the phone, not what the app's code believes. An empty array
 * when the database or the store does not exist (it is never created by looking). Blob fields of a
 * row come back as {@link StoredBlob}.
 */
export async function readStore<T = unknown>(page: Page, store: string): Promise<T[]> {
  return ((await inAccountDb(page, { store, op: 'getAll' })) ?? []) as T[];
}

/** The primary keys of one object store (for stores of Blobs, when their bytes do not matter). */
export async function readStoreKeys(page: Page, store: string): Promise<IDBValidKey[]> {
  return ((await inAccountDb(page, { store, op: 'getAllKeys' })) ?? []) as IDBValidKey[];
}

/** One row by its key, as {@link readStore} reads rows; undefined when it is not there. */
export async function readStoreRow<T = unknown>(
  page: Page,
  store: string,
  key: string | number,
): Promise<T | undefined> {
  return (await inAccountDb(page, { store, op: 'get', key })) as T | undefined;
}

/**
 * Writes one row straight into the account's database, as if the app had written it (the app sees it
 * after a reload: a write outside Dexie is not observed). The database must exist already.
 */
export async function putStoreRow(page: Page, store: string, row: unknown): Promise<void> {
  await inAccountDb(page, { store, op: 'put', row });
}

type StoreRequest = { store: string } & (
  { op: 'getAll' | 'getAllKeys' } | { op: 'get'; key: string | number } | { op: 'put'; row: unknown }
);

/** Runs one request on the logged-in account's database; undefined when a read finds no database or store. */
function inAccountDb(page: Page, request: StoreRequest): Promise<unknown> {
  return page.evaluate(async (request) => {
    const session = JSON.parse(localStorage.getItem('lentera.session') ?? 'null') as {
      state?: { user?: { id?: string } };
    } | null;
    const userId = session?.state?.user?.id;
    if (!userId) throw new Error('Nobody is logged in: no account database to use');
    const name = `lentera-${userId}`;
    const writing = request.op === 'put';
    if (!(await indexedDB.databases()).some((database) => database.name === name)) {
      if (writing) throw new Error(`No database ${name} to write into`);
      return undefined;
    }
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open(name);
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    const blobRead = async (blob: Blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let latin1 = '';
      for (let at = 0; at < bytes.length; at += 0x8000)
        latin1 += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
      return { size: blob.size, type: blob.type, latin1 };
    };
    // A row that is a Blob, or a plain object's Blob fields; anything else crosses as it is.
    const readable = async (row: unknown): Promise<unknown> => {
      if (row instanceof Blob) return blobRead(row);
      if (typeof row !== 'object' || row === null || Object.getPrototypeOf(row) !== Object.prototype) return row;
      const fields = Object.entries(row).map(async ([field, value]) => [
        field,
        value instanceof Blob ? await blobRead(value) : (value as unknown),
      ]);
      return Object.fromEntries(await Promise.all(fields)) as unknown;
    };
    try {
      if (!db.objectStoreNames.contains(request.store)) {
        if (writing) throw new Error(`No store ${request.store} in ${name}`);
        return undefined;
      }
      const transaction = db.transaction(request.store, writing ? 'readwrite' : 'readonly');
      const objectStore = transaction.objectStore(request.store);
      const answer =
        request.op === 'put'
          ? objectStore.put(request.row)
          : request.op === 'get'
            ? objectStore.get(request.key)
            : request.op === 'getAllKeys'
              ? objectStore.getAllKeys()
              : objectStore.getAll();
      // A write counts once its transaction commits, a read once its request succeeds.
      const result = await new Promise<unknown>((resolve, reject) => {
        if (writing) transaction.oncomplete = () => resolve(undefined);
        else answer.onsuccess = () => resolve(answer.result);
        transaction.onerror = () => reject(transaction.error ?? answer.error);
      });
      if (request.op === 'getAll') return await Promise.all((result as unknown[]).map(readable));
      return request.op === 'get' ? await readable(result) : result;
    } finally {
      db.close();
    }
  }, request);
}

/** Any HTTP answer counts (401 from /api/courses without a token means "up"). */
async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
    try {
      await fetch(`${url}/api/courses`);
      return;
    } catch {
      await new Promise((wait) => setTimeout(wait, 200));
    }
  }
  throw new Error(`The server did not answer at ${url} within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}
