/**
 * The training-needs survey (AKPK) across three people in real browsers: the BKPSDM opens a
 * period on its admin screen (a level set for Integritas, a technical competency from CSV), a
 * learner fills the survey offline and syncs when back online, her atasan approves it on his
 * own phone (offline too), and the admin reads it in the OPD summary.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import adminId from '../../src/app/features/admin/locales/id.json';
import id from '../../src/app/i18n/locales/id.json';
import { PLAN_HEADER } from '../../src/server/services/akpk-plan';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { BUILT_IN_COMPETENCIES } from '../../src/shared/records/akpk';
import { DEMO_ADMIN, freshPage, openSignedIn, readStore, serverAndBrowser, syncNow } from './harness';

const DISDUKCAPIL = DEMO_ACCOUNTS.learner.opd;

const e2e = serverAndBrowser();

const cycleState = async (page: Page) =>
  (await readStore<{ key: string; value: unknown }>(page, 'meta')).find((entry) => entry.key === 'cycle:state')?.value;

describe('the AKPK needs survey', () => {
  it('a survey filled offline and approved by the atasan appears in the admin’s OPD summary', async () => {
    // 1. The BKPSDM opens the period: Integritas required at level 3, one technical competency from CSV.
    const admin = await freshPage(e2e.browser);
    await openSignedIn(admin.page, e2e.server.url, DEMO_ADMIN, 'home');
    await admin.page.goto(`${e2e.server.url}/admin/akpk`);
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
    const siti = await freshPage(e2e.browser);
    await openSignedIn(siti.page, e2e.server.url, DEMO_ACCOUNTS.learner, 'home');
    await syncNow(siti.page, e2e.server.url);
    await expect
      .poll(() => cycleState(siti.page), { timeout: 20_000 })
      .toMatchObject({ survey: { year: expect.any(Number) } });
    await siti.context.setOffline(true);
    await siti.page.goto(`${e2e.server.url}/survei`);
    for (const code of [...BUILT_IN_COMPETENCIES.map((competency) => competency.code), 'T-ADM.1'])
      await siti.page.locator(`select[name="self-${code}"]`).selectOption('1');
    await siti.page.getByRole('button', { name: id.cycle.survey.send }).click();
    await siti.page.getByText(id.cycle.survey.saved).waitFor();
    expect(await readStore(siti.page, 'outbox')).toHaveLength(1);
    await siti.context.setOffline(false);
    await syncNow(siti.page, e2e.server.url);
    await expect.poll(() => readStore(siti.page, 'outbox'), { timeout: 20_000 }).toEqual([]);

    // 3. Hendra, her atasan, reviews on his phone offline: her Integritas is 2, not 1; he approves.
    const hendra = await freshPage(e2e.browser);
    await openSignedIn(hendra.page, e2e.server.url, DEMO_ACCOUNTS.atasan, 'home');
    await syncNow(hendra.page, e2e.server.url);
    await expect
      .poll(() => cycleState(hendra.page), { timeout: 20_000 })
      .toMatchObject({ surveyReviewsDue: [{ name: DEMO_ACCOUNTS.learner.name }] });
    await hendra.context.setOffline(true);
    await hendra.page.goto(`${e2e.server.url}/tugas`);
    await hendra.page.getByRole('link', { name: `Tinjau survei AKPK ${DEMO_ACCOUNTS.learner.name}` }).click();
    await hendra.page.locator('select[name="self-M1"]').selectOption('2');
    await hendra.page.getByRole('button', { name: id.cycle.surveyReview.approve }).click();
    await expect.poll(() => readStore(hendra.page, 'outbox')).toHaveLength(1);
    await hendra.context.setOffline(false);
    await syncNow(hendra.page, e2e.server.url);
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
    const rate = admin.page.locator('.admin-table tbody tr', { hasText: DISDUKCAPIL }).first();
    // Active in the OPD: Siti, Hendra, Rudi and the OPD admin; Siti answered and is approved.
    await expect(rate.locator('td').allTextContents()).resolves.toEqual([DISDUKCAPIL, '4', '1', '25%', '1']);
    await expect(admin.page.getByText(`${DEMO_ACCOUNTS.pppk.name} — ${DEMO_ACCOUNTS.pppk.nip}`).count()).resolves.toBe(
      1,
    );
    await expect(admin.page.getByText(`${DEMO_ACCOUNTS.learner.name} — `).count()).resolves.toBe(0);

    // The development plan the admin downloads names Siti as the target of both needs.
    const [download] = await Promise.all([
      admin.page.waitForEvent('download'),
      admin.page.getByRole('button', { name: adminId.akpk.exportPlan }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rencana-pengembangan-kompetensi-\d{4}\.xlsx$/);
    const sheet = await readSheet<string>(await readFile((await download.path()) ?? ''));
    const nips = PLAN_HEADER.indexOf('NIP PNS Sasaran');
    expect(sheet.slice(1).map((row) => String(row[nips]))).toEqual([
      DEMO_ACCOUNTS.learner.nip,
      DEMO_ACCOUNTS.learner.nip,
    ]);

    // On a phone the tables scroll inside their boxes; the page itself never scrolls sideways.
    await admin.page.setViewportSize({ width: 360, height: 740 });
    await expect
      .poll(() => admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth))
      .toBe(true);
  }, 240_000);
});
