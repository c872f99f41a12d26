/**
 * The action plan's follow-up in a real browser with a controllable clock: the report the
 * admin's checkpoint asks for appears in "Tugas" on the day it becomes due, not before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { cycleApi } from '../../src/shared/protocol/cycle';
import {
  DEMO_ADMIN,
  apiLogin,
  downloadFromCatalog,
  freshPage,
  openSignedIn,
  readStore,
  serverAndBrowser,
} from './harness';

const COURSE_ID = 'etika-berakhlak';
const DAY = 24 * 60 * 60 * 1000;

const e2e = serverAndBrowser();
beforeAll(async () => {
  const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
  const response = await fetch(e2e.server.url + cycleApi.settings, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ checkpoints: [30, 120], actionPlanRequired: false }),
  });
  if (response.status !== 200) throw new Error(`settings answered ${response.status}`);
});

describe('the follow-up of an action plan', () => {
  it('a T+30 report appears in Tugas when its day comes, written offline', async () => {
    const { context, page } = await freshPage(e2e.browser);
    const start = Date.now();
    await page.clock.install({ time: start });
    await openSignedIn(page, e2e.server.url);
    await downloadFromCatalog(page, COURSE_ID);
    // The phone has the admin's checkpoints from its sync.
    await expect
      .poll(async () =>
        (await readStore<{ key: string; value: unknown }>(page, 'meta')).find((entry) => entry.key === 'cycle:state'),
      )
      .toMatchObject({ value: { settings: { checkpoints: [30, 120] } } });

    await context.setOffline(true);
    await page.goto(`${e2e.server.url}/courses/${COURSE_ID}/plan`);
    await page.locator('textarea[name="what-0"]').fill('Memasang pengumuman anti-gratifikasi di loket');
    await page.locator('textarea[name="indicator-0"]').fill('Pengumuman terpasang dan difoto');
    await page.locator('input[name="targetDate-0"]').fill('2027-01-15');
    await page.getByRole('button', { name: id.cycle.plan.save }).click();
    await page.getByRole('button', { name: id.cycle.plan.revise }).waitFor();

    await page.goto(`${e2e.server.url}/tugas`);
    await page.getByText(id.cycle.tasks.none).waitFor();
    // The checkpoints count from the moment the plan was written, which the running clock has
    // moved past `start` by however long the download took (over a minute on a loaded machine).
    const [plan] = await readStore<{ body: { writtenAt: string } }>(page, 'actionPlans');
    const written = Date.parse(plan!.body.writtenAt);

    // A minute before 30 days have passed: still nothing due.
    await page.clock.setSystemTime(written + 30 * DAY - 60_000);
    await page.goto(`${e2e.server.url}/tugas`);
    await page.getByText(id.cycle.tasks.none).waitFor();

    await page.clock.setSystemTime(written + 30 * DAY + 60_000);
    await page.goto(`${e2e.server.url}/tugas`);
    const task = page.getByRole('link', { name: /hari ke-30/ });
    await task.waitFor();
    await expect(page.getByRole('link', { name: /hari ke-120/ }).count()).resolves.toBe(0);

    await task.click();
    await page.getByLabel(id.cycle.followUp.status.partly).check();
    await page.getByRole('button', { name: id.cycle.followUp.send }).click();
    await page.getByText(id.cycle.tasks.none).waitFor();
    const reports = await readStore<{ body: { checkpoint: number; items: { status: string }[] } }>(
      page,
      'actionReports',
    );
    expect(reports.map((entry) => [entry.body.checkpoint, entry.body.items[0]?.status])).toEqual([[30, 'partly']]);
  }, 180_000);
});
