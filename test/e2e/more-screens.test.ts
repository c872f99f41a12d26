/**
 * The learner screens `learner-ux.test.ts` does not walk through — Tugas, the action plan,
 * the discussion, Catatan (JP and certificates), the certificate check, the AKPK survey, the
 * team, the first-password screen and a page that does not exist — on a 360 × 740 touch
 * phone: no axe-core violation, no sideways scroll, buttons and form controls at least 48 px
 * high, and a screenshot in `build/screenshots/` for a reviewer.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { PHONE, checkScreen, smallControls } from './a11y';
import {
  DEMO_ADMIN,
  apiLogin,
  downloadFromCatalog,
  freshPage,
  login,
  openCatalog,
  openSignedIn,
  serverAndBrowser,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const COURSE_TITLE = 'Etika Pemerintahan & Nilai BerAKHLAK';

const e2e = serverAndBrowser();

/** Opens `path`, waits for its heading, and runs every screen's checks. */
async function visit(page: Page, path: string, heading: string | RegExp, name: string): Promise<void> {
  await page.goto(e2e.server.url + path);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await checkScreen(page, name);
  expect(await smallControls(page), `small controls on ${name}`).toEqual([]);
}

describe('the other learner screens on a phone', () => {
  it('Tugas, action plan, discussion, Catatan, certificate check, survey and a missing page pass', async () => {
    const { page } = await freshPage(e2e.browser, PHONE);
    await openSignedIn(page, e2e.server.url);
    // Before the download: the course screen's offer of it, and its way back to the catalog.
    await visit(page, `/courses/${COURSE_ID}`, COURSE_TITLE, '29-course-not-downloaded');
    await openCatalog(page);
    await downloadFromCatalog(page, COURSE_ID);
    // The screens' "← Kembali …" links, each a 48 px target like the buttons.
    await visit(page, `/courses/${COURSE_ID}`, COURSE_TITLE, '29-course');
    await visit(page, `/courses/${COURSE_ID}/quizzes/pre-test`, /./, '29-quiz');
    await visit(page, '/tugas', id.cycle.tasks.title, '30-tasks');
    await visit(page, `/courses/${COURSE_ID}/plan`, id.cycle.plan.title, '31-action-plan');
    // The system's dark mode: the forms follow it and keep their contrast.
    await page.emulateMedia({ colorScheme: 'dark' });
    await checkScreen(page, '31-action-plan-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await visit(page, `/courses/${COURSE_ID}/discussion`, /./, '32-discussion');
    await visit(page, '/catatan', /./, '33-record');
    await page.getByRole('button', { name: id.record.externalAdd }).click();
    await page.locator('.external-form').waitFor();
    await checkScreen(page, '33-record-external-form');
    expect(await smallControls(page)).toEqual([]);
    await visit(page, '/periksa-sertifikat', /./, '34-verify');
    await visit(page, '/survei', /./, '35-survey');
    await visit(page, '/tidak-ada-halaman-ini', /./, '36-not-found');
  });

  it("an atasan's team and a new account's first password pass", async () => {
    const atasan = await freshPage(e2e.browser, PHONE);
    await openSignedIn(atasan.page, e2e.server.url, DEMO_ACCOUNTS.atasan, 'home');
    await visit(atasan.page, '/tim', /./, '37-team');

    const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
    const created = await fetch(`${e2e.server.url}/api/admin/people`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        nip: '199703152022032001',
        name: 'Rahmawati Siregar',
        status: 'PNS',
        jabatan: 'Analis Kebijakan',
        jenisJabatan: 'Fungsional',
        golongan: 'III/a',
        unit: 'Bagian Organisasi',
        opd: DEMO_ACCOUNTS.learner.opd,
        atasanNip: null,
        role: 'learner',
      }),
    });
    expect(created.status).toBe(201);
    const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };
    const newcomer = await freshPage(e2e.browser, PHONE);
    await newcomer.page.goto(e2e.server.url);
    await login(newcomer.page, '199703152022032001', oneTimePassword);
    await newcomer.page.getByRole('heading', { level: 1 }).waitFor();
    await checkScreen(newcomer.page, '38-first-password');
    expect(await smallControls(newcomer.page)).toEqual([]);
    expect(await newcomer.page.locator('main').textContent()).toContain(id.account.newPassword);
  });
});
