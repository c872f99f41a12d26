/**
 * The training-needs survey (AKPK) across three people in real browsers: the BKPSDM opens a
 * period on its admin screen (a level set for Integritas, a technical competency from CSV), a
 * learner fills the survey offline and syncs when back online, her atasan approves it on his
 * own phone (offline too), and the admin reads it in the OPD summary.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import adminId from '../../src/app/features/admin/locales/id.json';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { BUILT_IN_COMPETENCIES } from '../../src/shared/records/akpk';
import {
  DEMO_ADMIN,
  freshPage,
  launchBrowser,
  openSignedIn,
  readStore,
  startServer,
  type RunningServer,
} from './harness';

const DISDUKCAPIL = DEMO_ACCOUNTS.learner.opd;

let browser: Browser;
let server: RunningServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function syncNow(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/sync`);
  await page.getByRole('button', { name: id.sync.now }).first().click();
}

const cycleState = async (page: Page) =>
  (await readStore<{ key: string; value: unknown }>(page, 'meta')).find((entry) => entry.key === 'cycle:state')?.value;

describe('the AKPK needs survey', () => {
  it('a survey filled offline and approved by the atasan appears in the admin’s OPD summary', async () => {
    // 1. The BKPSDM opens the period: Integritas required at level 3, one technical competency from CSV.
    const admin = await freshPage(browser);
    await openSignedIn(admin.page, server.url, DEMO_ADMIN, 'home');
    await admin.page.goto(`${server.url}/admin/akpk`);
    await admin.page.getByText(adminId.akpk.noPeriod).waitFor();
    await admin.page.getByRole('button', { name: adminId.akpk.open.start }).click();
    await admin.page.getByRole('combobox', { name: 'Level standar Integritas' }).selectOption('3');
    await admin.page.getByLabel(adminId.akpk.open.csv).setInputFiles({
      name: 'kompetensi-teknis.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFkode;nama;jabatan;level_standar\r\nT-ADM.1;Pelayanan administrasi kependudukan;;2\r\n',
      ),
    });
    await admin.page.getByRole('cell', { name: 'Pelayanan administrasi kependudukan' }).waitFor();
    await admin.page.getByRole('button', { name: /^Buka periode AKPK \d{4}$/ }).click();
    await admin.page.getByRole('combobox', { name: adminId.akpk.period }).waitFor();

    // 2. Siti's phone gets the survey at its sync, then she answers it offline.
    const siti = await freshPage(browser);
    await openSignedIn(siti.page, server.url, DEMO_ACCOUNTS.learner, 'home');
    await syncNow(siti.page, server.url);
    await expect
      .poll(() => cycleState(siti.page), { timeout: 20_000 })
      .toMatchObject({ survey: { year: expect.any(Number) } });
    await siti.context.setOffline(true);
    await siti.page.goto(`${server.url}/survei`);
    for (const code of [...BUILT_IN_COMPETENCIES.map((competency) => competency.code), 'T-ADM.1'])
      await siti.page.locator(`select[name="self-${code}"]`).selectOption('1');
    await siti.page.getByRole('button', { name: id.cycle.survey.send }).click();
    await siti.page.getByRole('heading', { level: 1, name: id.cycle.tasks.title }).waitFor();
    expect(await readStore(siti.page, 'outbox')).toHaveLength(1);
    await siti.context.setOffline(false);
    await syncNow(siti.page, server.url);
    await expect.poll(() => readStore(siti.page, 'outbox'), { timeout: 20_000 }).toEqual([]);

    // 3. Hendra, her atasan, reviews on his phone offline: her Integritas is 2, not 1; he approves.
    const hendra = await freshPage(browser);
    await openSignedIn(hendra.page, server.url, DEMO_ACCOUNTS.atasan, 'home');
    await syncNow(hendra.page, server.url);
    await expect
      .poll(() => cycleState(hendra.page), { timeout: 20_000 })
      .toMatchObject({ surveyReviewsDue: [{ name: DEMO_ACCOUNTS.learner.name }] });
    await hendra.context.setOffline(true);
    await hendra.page.goto(`${server.url}/tugas`);
    await hendra.page.getByRole('link', { name: `Tinjau survei AKPK ${DEMO_ACCOUNTS.learner.name}` }).click();
    await hendra.page.locator('select[name="self-M1"]').selectOption('2');
    await hendra.page.getByRole('button', { name: id.cycle.surveyReview.approve }).click();
    await expect.poll(() => readStore(hendra.page, 'outbox')).toHaveLength(1);
    await hendra.context.setOffline(false);
    await syncNow(hendra.page, server.url);
    await expect.poll(() => readStore(hendra.page, 'outbox'), { timeout: 20_000 }).toEqual([]);

    // 4. The admin's summary: Integritas gap 3 − 2 = 1 at priority 2; the technical one 2 − 1 = 1.
    await admin.page.reload();
    const row = (name: string) => admin.page.locator('.akpk-needs tbody tr', { hasText: name });
    await row('Integritas').waitFor();
    await expect(row('Integritas').locator('td').allTextContents()).resolves.toEqual([
      DISDUKCAPIL,
      'Integritas (M1)',
      '1',
      '1',
      '1',
      '2',
    ]);
    await expect(row('Pelayanan administrasi kependudukan').locator('td').allTextContents()).resolves.toEqual([
      DISDUKCAPIL,
      'Pelayanan administrasi kependudukan (T-ADM.1)',
      '1',
      '1',
      '1',
      '2',
    ]);
    const rate = admin.page.locator('.akpk-table tbody tr', { hasText: DISDUKCAPIL }).first();
    // Active in the OPD: Siti, Hendra, Rudi and the OPD admin; Siti answered and is approved.
    await expect(rate.locator('td').allTextContents()).resolves.toEqual([DISDUKCAPIL, '4', '1', '25%', '1']);
    await expect(admin.page.getByText(`${DEMO_ACCOUNTS.pppk.name} — ${DEMO_ACCOUNTS.pppk.nip}`).count()).resolves.toBe(
      1,
    );
    await expect(admin.page.getByText(`${DEMO_ACCOUNTS.learner.name} — `).count()).resolves.toBe(0);
  }, 240_000);
});
