/**
 * The certificate journey in a real browser on a phone-sized touch screen: a course completed
 * offline counts on the JP card as "menunggu sinkronisasi"; after the sync the server confirms
 * it and issues the certificate, whose PDF then opens offline; anyone verifies it on the
 * public page without JavaScript, another Lentera phone verifies its QR with no connection,
 * and once an admin revokes it the public page says so.
 */
import { inflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import admin from '../../src/app/features/admin/locales/id.json';
import type { StoredCertificate } from '../../src/app/data/db';
import { certificateQrText } from '../../src/shared/certificate';
import type { User } from '../../src/shared/protocol';
import { recordApi, type LearnerRecordResponse } from '../../src/shared/protocol/record';
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
  readStoreRow,
  serverAndBrowser,
  type StoredBlob,
} from './harness';
import { answerKey, answerQuiz } from './quiz-kit';

const COURSE_ID = 'manajemen-waktu';
const COURSE_TITLE = 'Manajemen Waktu & Produktivitas';
const LESSONS = ['waktu-kerja', 'prioritas-eisenhower', 'sasaran-smart-skp', 'fokus-gangguan', 'rapat-delegasi'];
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

const e2e = serverAndBrowser();
let learner: User;

beforeAll(async () => {
  learner = (await apiLogin(e2e.server.url, DEMO_LEARNER)).user;
});

const syncStatus = (page: Page) => page.locator('.app-header .sync-status__inner');
/**
 * Nothing waits on the phone and nothing was refused. Not the header's words: the page's clock
 * is an hour behind on purpose, and the header says the phone's clock is wrong instead.
 */
const allSent = async (page: Page): Promise<boolean> =>
  (await syncStatus(page).getAttribute('data-pending')) === '0' && (await readStore(page, 'attention')).length === 0;
const jpCard = (page: Page) => page.locator('.jp-card');

/** This year's JP the server has confirmed for the learner. */
async function serverYearJp(year: number): Promise<number> {
  const { token } = await apiLogin(e2e.server.url, DEMO_LEARNER);
  const { status, body } = await apiGet<LearnerRecordResponse>(e2e.server.url, recordApi.mine, token);
  expect(status).toBe(200);
  return body.entries.filter((entry) => entry.year === year).reduce((sum, entry) => sum + entry.jp, 0);
}

/**
 * Studies the open lesson for a while with the page's clock: the lesson screen counts time on
 * task in ticks while the learner uses it, and the server credits a completion at once only
 * when the recorded study is plausible (a quarter of the course's minutes).
 */
async function study(page: Page, minutes: number): Promise<void> {
  for (let spent = 0; spent < minutes; spent += 2) {
    await page.evaluate(() => dispatchEvent(new Event('pointerdown')));
    await page.clock.runFor(2 * 60_000 - 1_000);
  }
}

/** The text a pdfkit PDF draws: its content streams inflated, the hex strings of its text operators decoded. */
function pdfText(bytes: Buffer): string {
  const text: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (
    let match = streams.exec(bytes.toString('latin1'));
    match !== null;
    match = streams.exec(bytes.toString('latin1'))
  ) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1');
    } catch {
      continue; // an image or font stream that is not deflated text
    }
    for (const hex of content.matchAll(/<([0-9a-fA-F]+)>/g))
      text.push(Buffer.from(hex[1] ?? '', 'hex').toString('latin1'));
  }
  return text.join('');
}

/** The PDF bytes this phone keeps for a certificate. */
async function storedPdf(page: Page, code: string): Promise<Buffer> {
  const stored = await readStoreRow<{ pdf: StoredBlob | null }>(page, 'certificates', code);
  if (!stored?.pdf) throw new Error(`no PDF kept for ${code}`);
  return Buffer.from(stored.pdf.latin1, 'latin1');
}

describe('the certificate journey', () => {
  it('offline completion → pending JP → sync → JP and certificate → PDF offline → verification → revoked', async () => {
    const { context, page } = await freshPage(e2e.browser, PHONE);
    // An hour back, so the minutes of study the clock skips never put a record in the server's future.
    await page.clock.install({ time: Date.now() - 60 * 60_000 });
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    await expect.poll(() => allSent(page), { timeout: 30_000 }).toBe(true);
    const year = Number(
      new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date()),
    );
    const confirmedBefore = await serverYearJp(year);

    await goOffline(context, page);
    await courseCard(page, COURSE_ID).getByRole('link', { name: id.catalog.open, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: COURSE_TITLE }).waitFor();
    for (const lessonId of LESSONS) {
      await page.locator(`[data-lesson-id="${lessonId}"] > a`).click();
      const markComplete = page.getByRole('button', { name: id.lesson.markComplete });
      await markComplete.waitFor();
      await study(page, 4);
      await markComplete.click();
      await page.getByText(id.lesson.completed, { exact: true }).waitFor();
      await page.getByRole('link', { name: `← ${COURSE_TITLE}` }).click();
    }
    await page.locator('[data-quiz-id="post-test"] a').click();
    await answerQuiz(page, answerKey(COURSE_ID, 'post-test'));
    await expect.poll(() => page.locator('.quiz-result__score').textContent()).toContain(id.quiz.passed);

    // Beranda, still offline: the completion counts, marked as not yet confirmed.
    await page.locator('.tab-bar').getByRole('link', { name: id.tabs.home }).click();
    const item = jpCard(page).locator('li', { hasText: COURSE_TITLE });
    await item.getByText(id.record.pending).waitFor();
    const summary = jpCard(page).locator('.jp-card__summary');
    expect(await summary.textContent()).toContain(`${confirmedBefore + 1} dari 20 JP`);
    await jpCard(page).getByText('1 JP masih menunggu sinkronisasi dan belum dikonfirmasi server.').waitFor();
    expect(await serverYearJp(year)).toBe(confirmedBefore);

    // Back online: the sync runs by itself; the server credits the course and issues the certificate.
    await context.setOffline(false);
    await expect.poll(() => allSent(page), { timeout: 60_000 }).toBe(true);
    expect(await syncStatus(page).textContent()).toBe(id.syncStatus.clock);
    await expect.poll(() => item.getByText(id.record.pending).count(), { timeout: 30_000 }).toBe(0);
    expect(await jpCard(page).locator('.notice').count()).toBe(0);
    expect(await summary.textContent()).toContain(`${confirmedBefore + 1} dari 20 JP`);
    expect(await serverYearJp(year)).toBe(confirmedBefore + 1);

    await jpCard(page).getByRole('link', { name: id.record.openRecord }).click();
    const certificateItem = page.locator('.certificate', { hasText: COURSE_TITLE });
    await certificateItem.getByRole('link', { name: id.record.openPdf }).waitFor({ timeout: 30_000 });
    const [certificate] = (await readStore<StoredCertificate>(page, 'certificates')).filter(
      (stored) => stored.courseId === COURSE_ID,
    );
    if (certificate === undefined) throw new Error('no certificate on the phone');
    expect(certificate.payload).toMatchObject({ nama: learner.name, nip: learner.nip, jp: 1 });
    expect(await certificateItem.textContent()).toContain(certificate.payload.nomor);

    // Offline again, after a reload: the PDF opens from the phone.
    await goOffline(context, page);
    await page.reload();
    const pdfLink = page
      .locator('.certificate', { hasText: COURSE_TITLE })
      .getByRole('link', { name: id.record.openPdf });
    const href = (await pdfLink.getAttribute('href')) ?? '';
    expect(href).toMatch(/^blob:/);
    // The app's CSP (connect-src) keeps scripts from reading blob: URLs, so the bytes are read
    // where the link's URL is made from: the phone's copy of the PDF in IndexedDB.
    const pdf = await storedPdf(page, certificate.code);
    // Tapping the link opens the PDF from the phone, no network involved.
    const [viewer] = await Promise.all([context.waitForEvent('page'), pdfLink.click()]);
    await expect.poll(() => viewer.url()).toBe(href);
    await viewer.close();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const drawn = pdfText(pdf);
    expect(drawn).toContain(learner.name);
    expect(drawn).toContain(learner.nip);
    expect(drawn).toContain(certificate.payload.nomor);

    // Anyone, without the app and without JavaScript: the public page says valid.
    const visitor = await e2e.browser.newContext({ ...PHONE, javaScriptEnabled: false });
    try {
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${e2e.server.url}/verifikasi/${certificate.code}`);
      await expect.poll(() => publicPage.locator('.status').textContent()).toBe('SAH');
      expect(await publicPage.locator('.status--valid').count()).toBe(1);
      const details = (await publicPage.locator('dl').textContent()) ?? '';
      expect(details).toContain(learner.name);
      expect(details).toContain(`••••••••••••••${learner.nip.slice(-4)}`);
      expect(details).not.toContain(learner.nip);

      // Another Lentera phone (the admin's), offline, opens the QR: the signature checks with no connection.
      const { context: adminContext, page: adminPage } = await freshPage(e2e.browser, PHONE);
      await openSignedIn(adminPage, e2e.server.url, DEMO_ADMIN, 'home');
      await goOffline(adminContext, adminPage);
      await adminPage.goto(certificateQrText(e2e.server.url, certificate));
      await adminPage.getByText(id.record.verifySignatureOk).waitFor();
      expect(await adminPage.locator('.verify__result dl').textContent()).toContain(learner.name);
      await adminPage.getByText(id.record.verifyOfflineStatus).waitFor();
      // A QR whose content was changed fails.
      const forged = { ...certificate, payload: { ...certificate.payload, jp: 40 } };
      // A second scan opens afresh (the same path with another fragment would not reload the page).
      await adminPage.goto('about:blank');
      await adminPage.goto(certificateQrText(e2e.server.url, forged));
      await adminPage.getByText(id.record.verifySignatureBad).waitFor();

      // The admin, online, revokes it with a reason; the public page says revoked.
      await adminContext.setOffline(false);
      await adminPage.goto(`${e2e.server.url}/admin/jp`);
      const form = adminPage.locator('form', { hasText: admin.admin.record.revokeTitle });
      await form.getByLabel(admin.admin.record.revokeCode).fill(certificate.code);
      await form.getByLabel(admin.admin.record.revokeReason).fill('Diterbitkan atas data yang keliru');
      adminPage.once('dialog', (dialog) => void dialog.accept());
      await form.getByRole('button', { name: admin.admin.record.revoke }).click();
      await form.getByText(admin.admin.record.revoked).waitFor();

      await publicPage.reload();
      await expect.poll(() => publicPage.locator('.status').textContent()).toBe('DICABUT');
      expect(await publicPage.locator('dl').textContent()).toContain('Diterbitkan atas data yang keliru');
    } finally {
      await visitor.close();
    }
  }, 600_000);
});
