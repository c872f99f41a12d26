/**
 * Content bundles in a real browser against the real server: a download that survives losing the
 * connection, an update that fetches only what changed, an admin publishing through the UI, and a
 * course shared as a file and installed offline — trusted only when the server's signature holds.
 *
 * Every journey works on a course of its own, so the order of the tests does not matter:
 * `manajemen-waktu` (admin UI), `etika-berakhlak` (update), `spbe-pelayanan-publik` (read only).
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Page, Request, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCourseBundle, type BuiltBundle } from '../../src/cli/build-bundle';
import { formatBytes } from '../../src/app/components/format';
import adminTexts from '../../src/app/features/admin/locales/id.json';
import id from '../../src/app/i18n/locales/id.json';
import { api, type CatalogEntry, type CatalogResponse, type CourseManifestResponse } from '../../src/shared/protocol';
import {
  SIGNATURE_PATH,
  bundleApi,
  type AdminCoursesResponse,
  type UploadBundleResponse,
} from '../../src/shared/protocol/bundles';
import { bundleSize, type Manifest } from '../../src/shared/schema/bundle';
import {
  apiGet,
  apiLogin,
  courseButton,
  courseCard,
  DEMO_ADMIN,
  DEMO_LEARNER,
  downloadFromCatalog,
  freshPage,
  goOffline,
  openCatalog,
  openSignedIn,
  readStore,
  readStoreKeys,
  serverAndBrowser,
} from './harness';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const CONTENT_DIR = join(REPO_ROOT, 'content');
const BROKEN_BUNDLES = join(REPO_ROOT, 'test/fixtures/broken-bundles');
const admin = adminTexts.admin;

/** Updated from v1 to v2 by the admin API (journey 2). */
const UPDATED_COURSE = 'etika-berakhlak';
/** Published as v2 through the admin screens (journey 3). */
const ADMIN_COURSE = 'manajemen-waktu';
/** Never changed on the server: downloaded in pieces, shared and imported (journeys 1, 4, 5). */
const SHARED_COURSE = 'spbe-pelayanan-publik';

const e2e = serverAndBrowser();
let learnerToken: string;
let adminToken: string;

beforeAll(async () => {
  const [learner, adminLogin] = await Promise.all([
    apiLogin(e2e.server.url, DEMO_LEARNER),
    apiLogin(e2e.server.url, DEMO_ADMIN),
  ]);
  learnerToken = learner.token;
  adminToken = adminLogin.token;
});

/** `{{name}}` placeholders filled the way i18next does (the app does not escape values). */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

const uniqueHashes = (manifest: Pick<Manifest, 'files'>): string[] => [
  ...new Set(manifest.files.map((file) => file.sha256)),
];
const fileHashOf = (url: string): string | null =>
  /\/api\/files\/([0-9a-f]{64})$/.exec(new URL(url).pathname)?.[1] ?? null;

/**
 * The sha256 of a course-file fetch made by "Unduh"/"Perbarui"; null for anything else, such as the
 * catalog's cover images, which the page loads from the same route as `<img>`s.
 */
const downloadedHashOf = (request: Request): string | null =>
  request.resourceType() === 'fetch' ? fileHashOf(request.url()) : null;

/** The sha256 of every `/api/files/` response the page received, in order. */
function recordFileResponses(page: Page): string[] {
  const received: string[] = [];
  page.on('response', (response) => {
    const hash = downloadedHashOf(response.request());
    if (hash && response.ok()) received.push(hash);
  });
  return received;
}

async function publishedManifest(courseId: string): Promise<Manifest> {
  const { status, body } = await apiGet<CourseManifestResponse>(e2e.server.url, api.course(courseId), learnerToken);
  if (status !== 200) throw new Error(`GET ${api.course(courseId)} answered ${status}`);
  return body.manifest;
}

async function catalog(): Promise<CatalogEntry[]> {
  const { status, body } = await apiGet<CatalogResponse>(e2e.server.url, api.courses, learnerToken);
  expect(status).toBe(200);
  return body.courses;
}

const catalogVersion = async (courseId: string): Promise<string | undefined> =>
  (await catalog()).find((course) => course.id === courseId)?.version;

async function adminCourses(): Promise<AdminCoursesResponse['courses']> {
  const { status, body } = await apiGet<AdminCoursesResponse>(e2e.server.url, bundleApi.adminCourses, adminToken);
  expect(status).toBe(200);
  return body.courses;
}

/** The version of a sample course in `content/`: the one the server publishes at start-up. */
function contentVersion(courseId: string): string {
  const course = JSON.parse(readFileSync(join(CONTENT_DIR, courseId, 'course.json'), 'utf8')) as { version: string };
  return course.version;
}

/** The next patch version (1.1.0 → 1.1.1): what an author publishes for a small change. */
function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return `${major}.${minor}.${patch! + 1}`;
}

/**
 * A new version of a course in `content/`, built with the real bundler from a temp copy: `version`
 * bumped in course.json and one paragraph added to the top of one lesson's Indonesian text.
 */
async function buildNewVersion(
  courseId: string,
  version: string,
  lessonIndex: number,
  paragraph: string,
): Promise<BuiltBundle> {
  const dir = await mkdtemp(join(tmpdir(), `lentera-e2e-${courseId}-`));
  try {
    await cp(join(CONTENT_DIR, courseId), dir, { recursive: true });
    const course = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8')) as {
      version: string;
      lessons: Array<{ source: string }>;
    };
    course.version = version;
    await writeFile(join(dir, 'course.json'), JSON.stringify(course, null, 2));
    const lessonPath = join(dir, `${course.lessons[lessonIndex]!.source}.id.md`);
    const [heading, ...rest] = (await readFile(lessonPath, 'utf8')).split('\n');
    await writeFile(lessonPath, [heading, '', paragraph, ...rest].join('\n'));
    const { bundle, problems } = await buildCourseBundle(dir);
    if (!bundle)
      throw new Error(
        `The bundler refused ${courseId} ${version}: ${problems.map((problem) => problem.message).join('; ')}`,
      );
    return bundle;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The paths whose content differs between two manifests (added, removed or changed). */
function changedPaths(before: Manifest, after: Manifest): string[] {
  const old = new Map(before.files.map((file) => [file.path, file.sha256]));
  const now = new Map(after.files.map((file) => [file.path, file.sha256]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((path) => old.get(path) !== now.get(path)).sort();
}

/**
 * One byte of a file inside a zip changed (a letter for another letter, so JSON stays JSON); everything else as it was.
 */
function tamperFile(zip: Uint8Array, path: string): Uint8Array {
  const entries = unzipSync(zip);
  const bytes = entries[path];
  if (!bytes) throw new Error(`${path} is not in the zip`);
  const copy = bytes.slice();
  let at = copy.length >> 1;
  while (!/[a-z]/.test(String.fromCharCode(copy[at]!))) at += 1;
  copy[at] = copy[at] === 0x61 ? 0x62 : 0x61;
  return zipSync({ ...entries, [path]: copy });
}

/** Uploads a bundle zip as an admin, the way `npm run upload` does: the raw zip as the body. */
async function uploadAsAdmin(zip: Uint8Array): Promise<{ status: number; body: unknown }> {
  const response = await fetch(e2e.server.url + bundleApi.upload, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/zip' },
    body: zip as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: await response.json() };
}

async function publishAsAdmin(courseId: string, version: string): Promise<number> {
  const response = await fetch(e2e.server.url + bundleApi.publish(courseId), {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version }),
  });
  return response.status;
}

const networkStatus = (page: Page) => page.locator('.network-status');

/** Opens a course from its catalog card, then one of its lessons, and waits until its text is on screen. */
async function openLesson(
  page: Page,
  courseId: string,
  courseTitle: string,
  lesson: { id: string; title: string },
): Promise<void> {
  await openCatalog(page);
  await courseCard(page, courseId).getByRole('link', { name: id.catalog.open, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: courseTitle }).waitFor();
  await page.locator(`[data-lesson-id="${lesson.id}"] > a`).click();
  await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
  await expect.poll(() => page.locator('main.lesson .content p').count()).toBeGreaterThan(0);
}

const storageInput = (page: Page) => page.locator('input[type="file"][accept=".zip,application/zip"]');
const storageMessage = (page: Page) => page.locator('main p[role="status"]');

describe('downloading and updating a course', () => {
  it('resumes an interrupted download with only the files it still lacks', async () => {
    const { context, page } = await freshPage(e2e.browser);
    const manifest = await publishedManifest(SHARED_COURSE);
    const hashes = uniqueHashes(manifest);
    const half = Math.floor(hashes.length / 2);
    expect(half).toBeGreaterThan(1);
    await openSignedIn(page, e2e.server.url);
    const card = courseCard(page, SHARED_COURSE);
    await card.getByRole('button', { name: courseButton(id.catalog.download) }).waitFor();

    // The first half of the files go through; the next one is held until the connection has dropped,
    // then let go into the offline network, where it fails like a request cut off by a lost signal.
    const received = recordFileResponses(page);
    const failed: string[] = [];
    page.on('requestfailed', (request) => {
      const hash = downloadedHashOf(request);
      if (hash) failed.push(hash);
    });
    const held: string[] = [];
    let connectionLost!: () => void;
    const lost = new Promise<void>((resolve) => (connectionLost = resolve));
    let requested = 0;
    await context.route('**/api/files/*', async (route: Route) => {
      if (downloadedHashOf(route.request()) === null) return route.continue();
      requested += 1;
      if (requested > half) {
        held.push(fileHashOf(route.request().url())!);
        await lost;
        await route.continue().catch(() => undefined);
        return;
      }
      await route.continue();
    });
    await card.getByRole('button', { name: courseButton(id.catalog.download) }).click();
    await expect.poll(() => held.length, { timeout: 30_000 }).toBe(1);
    // What arrived is already on the phone, stored by hash, before the download is over.
    await expect.poll(async () => (await readStoreKeys(page, 'files')).length).toBe(half);
    expect(received).toHaveLength(half);

    await goOffline(context, page);
    connectionLost();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(id.errors.network);
    expect(failed).toEqual(held);
    expect(await card.getByText(id.catalog.offlineReady).count()).toBe(0);
    expect(await readStore(page, 'courses')).toEqual([]);
    const resume = card.getByRole('button', { name: courseButton(id.catalog.resume) });
    expect(await resume.isDisabled()).toBe(true);
    expect(await card.getByText(id.catalog.needsConnection, { exact: true }).isVisible()).toBe(true);
    // A dropped connection is not damage: the files that arrived stay for the next attempt.
    const kept = (await readStoreKeys(page, 'files')) as string[];
    expect(kept.sort()).toEqual([...received].sort());
    await context.unroute('**/api/files/*');

    await context.setOffline(false);
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.online);
    const firstAttempt = [...received];
    await resume.click();
    await card.getByText(id.catalog.offlineReady, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await card.getByRole('alert').count()).toBe(0);

    const secondAttempt = received.slice(firstAttempt.length);
    expect(firstAttempt.length + secondAttempt.length).toBe(hashes.length);
    expect(secondAttempt).toHaveLength(hashes.length - half);
    expect(secondAttempt.filter((hash) => firstAttempt.includes(hash))).toEqual([]);
    expect([...firstAttempt, ...secondAttempt].sort()).toEqual([...hashes].sort());
    expect(secondAttempt).toContain(held[0]);
    expect(failed).toEqual(held);
    expect(((await readStoreKeys(page, 'files')) as string[]).sort()).toEqual([...hashes].sort());
    const courses = await readStore<{ id: string; version: string }>(page, 'courses');
    expect(courses.map((course) => [course.id, course.version])).toEqual([[SHARED_COURSE, manifest.version]]);
  });

  it('updates a downloaded course from v1 to v2 by fetching only the lesson that changed', async () => {
    const v1Version = contentVersion(UPDATED_COURSE);
    const v2Version = nextPatch(v1Version);
    const v1 = await publishedManifest(UPDATED_COURSE);
    expect(v1.version).toBe(v1Version);
    const paragraph = `Pembaruan ${v2Version}: contoh baru tentang menolak bingkisan dari pemohon layanan.`;
    const v2 = await buildNewVersion(UPDATED_COURSE, v2Version, 1, paragraph);
    const lesson = v2.manifest.lessons[1]!;
    expect(changedPaths(v1, v2.manifest)).toEqual([lesson.file]);
    const oldFile = v1.files.find((file) => file.path === lesson.file)!;
    const newFile = v2.manifest.files.find((file) => file.path === lesson.file)!;

    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, UPDATED_COURSE);
    const card = courseCard(page, UPDATED_COURSE);
    expect(await card.locator('.course-card__update').count()).toBe(0);

    // The admin uploads v2 (stored, not yet published), then publishes it.
    const upload = await uploadAsAdmin(v2.zip);
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    expect((upload.body as UploadBundleResponse).version).toBe(v2Version);
    expect(await catalogVersion(UPDATED_COURSE)).toBe(v1Version);
    expect(await publishAsAdmin(UPDATED_COURSE, v2Version)).toBe(200);
    expect(await catalogVersion(UPDATED_COURSE)).toBe(v2Version);

    await page.reload();
    const update = card.locator('.course-card__update');
    await update.waitFor();
    expect(await update.locator('p').textContent()).toBe(
      fill(id.catalog.updateAvailable, { version: v2Version, size: formatBytes(newFile.size, 'id') }),
    );
    expect(await update.locator('p').textContent()).toMatch(
      new RegExp(`^Pembaruan tersedia: versi ${v2Version.replaceAll('.', '\\.')}, unduh \\d+(,\\d)? KB\\.`),
    );

    // The one new file is held back a moment: until it is stored, v1 is still the course on the phone.
    const received = recordFileResponses(page);
    let releaseFile!: () => void;
    const fileReleased = new Promise<void>((resolve) => (releaseFile = resolve));
    let requested = 0;
    await context.route('**/api/files/*', async (route) => {
      if (downloadedHashOf(route.request()) === null) return route.continue();
      requested += 1;
      await fileReleased;
      await route.continue();
    });
    await update.getByRole('button', { name: courseButton(id.catalog.update) }).click();
    await card.locator('.course-card__download').waitFor();
    await expect.poll(() => requested).toBe(1);
    expect(await card.getByText(id.catalog.offlineReady, { exact: true }).isVisible()).toBe(true);
    expect((await readStore<{ version: string }>(page, 'courses')).map((course) => course.version)).toEqual([
      v1Version,
    ]);
    releaseFile();

    await expect.poll(() => card.locator('.course-card__download').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => update.count()).toBe(0);
    expect(await card.getByRole('alert').count()).toBe(0);
    expect(received).toEqual([newFile.sha256]);
    expect(requested).toBe(1);
    await context.unroute('**/api/files/*');

    await page.getByRole('link', { name: id.app.nav.storage }).click();
    const row = page.locator(`.storage-list [data-course-id="${UPDATED_COURSE}"]`);
    await expect
      .poll(() => row.locator('span').textContent())
      .toBe(`${formatBytes(bundleSize(v2.manifest), 'id')} · versi ${v2Version}`);

    await openLesson(page, UPDATED_COURSE, v2.manifest.title.id, { id: lesson.id, title: lesson.title.id });
    await page.locator('main.lesson .content').getByText(paragraph, { exact: true }).waitFor();

    const stored = (await readStoreKeys(page, 'files')) as string[];
    expect(stored).not.toContain(oldFile.sha256);
    expect(stored).toContain(newFile.sha256);
    expect(stored.sort()).toEqual(uniqueHashes(v2.manifest).sort());
  });
});

describe('publishing through the admin screens', () => {
  it('uploads a v2 zip with progress, publishes it, explains a broken zip without changing the catalog', async () => {
    const v1Version = contentVersion(ADMIN_COURSE);
    const v2Version = nextPatch(v1Version);
    const v3Version = nextPatch(v2Version);
    const paragraph = `Versi ${v2Version}: tambahan contoh jadwal kerja harian di kantor kecamatan.`;
    const v2 = await buildNewVersion(ADMIN_COURSE, v2Version, 0, paragraph);
    expect(await catalogVersion(ADMIN_COURSE)).toBe(v1Version);

    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url, DEMO_ADMIN);
    await page.getByRole('link', { name: id.admin.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: admin.courses.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    const courseRow = page.locator(`.admin-courses [data-course-id="${ADMIN_COURSE}"]`);
    await expect
      .poll(() => courseRow.locator('.badge').textContent())
      .toBe(fill(admin.courses.published, { version: v1Version }));

    // The upload is held at the server's door until the admin has seen the bar.
    let releaseUpload!: () => void;
    const uploadReleased = new Promise<void>((resolve) => (releaseUpload = resolve));
    await context.route(`**${bundleApi.upload}`, async (route) => {
      await uploadReleased;
      await route.continue();
    });
    const panel = page.locator('.admin-upload');
    const fileInput = panel.locator('input[type="file"]');
    const submit = panel.getByRole('button', { name: admin.upload.submit, exact: true });
    await fileInput.setInputFiles({
      name: `${ADMIN_COURSE}-${v2Version}.zip`,
      mimeType: 'application/zip',
      buffer: Buffer.from(v2.zip),
    });
    await submit.click();
    const progress = panel.locator('.admin-upload__progress');
    await progress.waitFor();
    expect(await progress.getByRole('progressbar').count()).toBe(1);
    expect(await progress.locator('p').textContent()).toMatch(
      /^(Mengunggah… \d+%|Berkas terkirim\. Server sedang memeriksa isi paket…)$/,
    );
    expect(await submit.isDisabled()).toBe(true);
    releaseUpload();

    const uploaded = panel.locator('[role="status"]');
    await uploaded.waitFor({ timeout: 30_000 });
    expect(await uploaded.locator('p').textContent()).toBe(fill(admin.upload.success, { version: v2Version }));
    expect(await uploaded.locator('p').textContent()).toContain('berhasil diunggah — belum diterbitkan');
    expect(await progress.count()).toBe(0);
    await context.unroute(`**${bundleApi.upload}`);
    // Uploaded is not published: learners still get v1, and the history lists the new version.
    await courseRow.locator(`tr[data-version="${v2Version}"]`).waitFor();
    expect(await courseRow.locator('.badge').textContent()).toBe(fill(admin.courses.published, { version: v1Version }));
    expect(await catalogVersion(ADMIN_COURSE)).toBe(v1Version);

    await uploaded
      .getByRole('button', { name: fill(admin.upload.publishNow, { version: v2Version }), exact: true })
      .click();
    await page.getByText(fill(admin.upload.publishedNow, { version: v2Version }), { exact: true }).waitFor();
    await expect
      .poll(() => courseRow.locator('.badge').textContent())
      .toBe(fill(admin.courses.published, { version: v2Version }));
    expect(await catalogVersion(ADMIN_COURSE)).toBe(v2Version);
    const catalogBefore = await catalog();
    const adminBefore = await adminCourses();

    // A broken zip from the corpus: one lesson does not match its sha256.
    await fileInput.setInputFiles(join(BROKEN_BUNDLES, 'hash-mismatch.zip'));
    await submit.click();
    const problems = panel.locator('.admin-problems[role="alert"]');
    await problems.waitFor({ timeout: 30_000 });
    expect(await problems.locator('strong').textContent()).toBe(fill(admin.upload.rejected_one, { count: 1 }));
    expect(await problems.getByText(admin.upload.nothingChanged, { exact: true }).count()).toBe(1);
    const problem = problems.locator('li[data-code="hash_mismatch"]');
    expect(await problem.locator('span').textContent()).toBe(admin.problems.hash_mismatch);
    expect(await problem.locator('span').textContent()).toContain('rusak atau diubah');
    expect(await problem.locator('code').textContent()).toBe('lessons/nilai-dasar.json');

    // The same damage in a new version of the published course: refused, and v2 stays published.
    const v3 = await buildNewVersion(
      ADMIN_COURSE,
      v3Version,
      0,
      `Versi ${v3Version} yang tidak pernah sampai ke peserta.`,
    );
    const damaged = v3.manifest.lessons[2]!.file;
    await fileInput.setInputFiles({
      name: `${ADMIN_COURSE}-${v3Version}.zip`,
      mimeType: 'application/zip',
      buffer: Buffer.from(tamperFile(v3.zip, damaged)),
    });
    await submit.click();
    await expect.poll(() => problems.locator('li code').allTextContents()).toEqual([damaged]);
    expect(await problems.locator('li').getAttribute('data-code')).toBe('hash_mismatch');
    expect(await problems.locator('li span').textContent()).toBe(admin.problems.hash_mismatch);

    expect(await catalog()).toEqual(catalogBefore);
    expect(await catalogVersion(ADMIN_COURSE)).toBe(v2Version);
    expect(await adminCourses()).toEqual(adminBefore);
    expect((await adminCourses()).map((course) => course.id)).not.toContain('rusak-hash-salah');
    await page.reload();
    await expect
      .poll(() => courseRow.locator('.badge').textContent())
      .toBe(fill(admin.courses.published, { version: v2Version }));
    // Newest first. A checkout that once bundled an older sample version also has that zip in
    // build/bundles, and the server stores it at start-up, so only the top of the list is fixed.
    expect(
      (
        await courseRow
          .locator('tr[data-version]')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-version')))
      ).slice(0, 2),
    ).toEqual([v2Version, v1Version]);
  });
});

describe('a course shared as a file', () => {
  it('installs a signed bundle offline from the storage screen and opens it', async () => {
    const response = await fetch(`${e2e.server.url}${bundleApi.courseBundle(SHARED_COURSE)}`, {
      headers: { authorization: `Bearer ${learnerToken}` },
    });
    expect(response.status).toBe(200);
    const manifest = await publishedManifest(SHARED_COURSE);
    const fileName = `${SHARED_COURSE}-${manifest.version}.lentera.zip`;
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    const zip = new Uint8Array(await response.arrayBuffer());

    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await page.getByRole('link', { name: id.app.nav.storage }).click();
    await page.getByText(id.storage.none, { exact: true }).waitFor();
    await goOffline(context, page);
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
    });

    await storageInput(page).setInputFiles({ name: fileName, mimeType: 'application/zip', buffer: Buffer.from(zip) });
    const message = storageMessage(page);
    await expect
      .poll(() => message.textContent(), { timeout: 30_000 })
      .toBe(fill(id.storage.imported, { title: manifest.title.id, version: manifest.version }));
    expect(await message.textContent()).toContain('berhasil dipasang dan tersedia offline');
    expect(await message.getAttribute('class')).not.toContain('notice--error');
    const row = page.locator(`.storage-list [data-course-id="${SHARED_COURSE}"]`);
    expect(await row.locator('span').textContent()).toBe(
      `${formatBytes(bundleSize(manifest), 'id')} · versi ${manifest.version}`,
    );
    expect(((await readStoreKeys(page, 'files')) as string[]).sort()).toEqual(uniqueHashes(manifest).sort());

    // Still offline: the catalog card says so and the first lesson reads from the phone.
    await openCatalog(page);
    await courseCard(page, SHARED_COURSE).getByText(id.catalog.offlineReady, { exact: true }).waitFor();
    const first = manifest.lessons[0]!;
    await openLesson(page, SHARED_COURSE, manifest.title.id, { id: first.id, title: first.title.id });
    expect(await page.locator('.lesson__position').textContent()).toBe(
      fill(id.lesson.position, { index: 1, total: manifest.lessons.length }),
    );
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.offline);
    expect(apiRequests).toEqual([]);
  });

  it('refuses a shared file with an edited lesson or manifest, and the installed course still opens', async () => {
    const manifest = await publishedManifest(SHARED_COURSE);
    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, SHARED_COURSE);
    await goOffline(context, page);
    await page.getByRole('link', { name: id.app.nav.storage }).click();
    const row = page.locator(`.storage-list [data-course-id="${SHARED_COURSE}"]`);

    // "Bagikan sebagai file", offline: the phone saves the course as <id>-<version>.lentera.zip.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: id.storage.share, exact: true }).click(),
    ]);
    const fileName = `${SHARED_COURSE}-${manifest.version}.lentera.zip`;
    expect(download.suggestedFilename()).toBe(fileName);
    await expect.poll(() => storageMessage(page).textContent()).toBe(fill(id.storage.saved, { name: fileName }));
    const shared = new Uint8Array(await readFile((await download.path())!));
    expect(Object.keys(unzipSync(shared)).sort()).toEqual(
      ['manifest.json', SIGNATURE_PATH, ...manifest.files.map((file) => file.path)].sort(),
    );

    const courseBefore = await readStore(page, 'courses');
    const filesBefore = ((await readStoreKeys(page, 'files')) as string[]).sort();
    /** Picks a file in "Pasang pelatihan dari file" and returns what the screen says once the file is checked. */
    const importFile = async (name: string, zip: Uint8Array): Promise<{ text: string | null; error: boolean }> => {
      const previous = await storageMessage(page).textContent();
      await storageInput(page).setInputFiles({ name, mimeType: 'application/zip', buffer: Buffer.from(zip) });
      const message = storageMessage(page);
      await expect
        .poll(async () => ((await message.count()) === 1 ? message.textContent() : previous), { timeout: 30_000 })
        .not.toBe(previous);
      return {
        text: await message.textContent(),
        error: (await message.getAttribute('class'))?.includes('notice--error') ?? false,
      };
    };

    // One byte of one lesson changed: the file no longer matches the signed manifest's sha256.
    const lessonFile = manifest.lessons[0]!.file;
    expect(await importFile(fileName, tamperFile(shared, lessonFile))).toEqual({
      text: id.errors.import.invalid_bundle,
      error: true,
    });

    // The manifest edited (more JP): the server's signature no longer matches.
    const entries = unzipSync(shared);
    const edited = {
      ...(JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Manifest),
      jp: manifest.jp + 10,
    };
    const forged = zipSync({ ...entries, 'manifest.json': new TextEncoder().encode(JSON.stringify(edited)) });
    const refusal = await importFile(fileName, forged);
    expect(refusal).toEqual({ text: id.errors.import.bad_signature, error: true });
    expect(refusal.text).toContain('tanda tangan tidak cocok');

    // Nothing on the phone changed, and the course still opens offline.
    expect(await readStore(page, 'courses')).toEqual(courseBefore);
    expect(((await readStoreKeys(page, 'files')) as string[]).sort()).toEqual(filesBefore);
    expect(await row.locator('span').textContent()).toBe(
      `${formatBytes(bundleSize(manifest), 'id')} · versi ${manifest.version}`,
    );
    const first = manifest.lessons[0]!;
    await openLesson(page, SHARED_COURSE, manifest.title.id, { id: first.id, title: first.title.id });
    await expect.poll(() => networkStatus(page).textContent()).toBe(id.network.offline);
  });
});
