/**
 * Real people in a real browser (issue 10): the admin imports a roster file and reads the
 * preview and the result; a new learner signs in with a one-time password and must choose
 * their own; an atasan sees their team and only their team; an assigned course shows "Wajib"
 * with the network off.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { assignmentsApi } from '../../src/shared/protocol/assignments';
import {
  DEMO_ADMIN,
  apiLogin,
  courseCard,
  freshPage,
  login,
  openSignedIn,
  putStoreRow,
  readStore,
  serverAndBrowser,
} from './harness';

const e2e = serverAndBrowser();
let fileDir: string;

const OPD = 'Dinas Perhubungan';
const HEAD = '197901012005011001';
const NEW_LEARNER = '199602142021012002';
const ROSTER = [
  'NIP;Nama;Status;Jabatan;Jenis Jabatan;Golongan;Unit Kerja;OPD;NIP Atasan',
  `${HEAD};Ir. Darmawan Putra;PNS;Kepala Dinas;JPT;IV/c;Sekretariat;${OPD};`,
  `${NEW_LEARNER};Lestari Wulandari;PNS;Pengelola Angkutan;Pelaksana;II/d;Bidang Angkutan;${OPD};${HEAD}`,
  `199803032022211003;Bayu Saputra;PPPK;Pranata Komputer;Fungsional;VII;Sekretariat;${OPD};${HEAD}`,
  `12345;NIP Salah;PNS;;;;Sekretariat;${OPD};`,
].join('\r\n');

beforeAll(async () => {
  fileDir = await mkdtemp(join(tmpdir(), 'lentera-e2e-roster-'));
  await writeFile(join(fileDir, 'pegawai-dishub.csv'), `\uFEFF${ROSTER}\r\n`);
});
afterAll(async () => {
  if (fileDir) await rm(fileDir, { recursive: true, force: true });
});

describe('real people, in a real browser', () => {
  let oneTimePassword = '';

  it('the admin imports a roster file: preview first, then the result, then the printable passwords', async () => {
    const { page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url, DEMO_ADMIN);
    await page.goto(`${e2e.server.url}/admin/roster`);
    await page.locator('input[name="roster"]').setInputFiles(join(fileDir, 'pegawai-dishub.csv'));
    await page.getByRole('button', { name: 'Lihat pratinjau' }).click();
    const result = page.getByTestId('roster-result');
    await expect.poll(() => result.locator('[role="status"]').first().textContent()).toContain('Pratinjau: 4 baris');
    expect(await result.textContent()).toContain('3 pegawai baru');
    // The rejected row, with its number and an Indonesian reason.
    const rejected = result.locator('table').first();
    expect(await rejected.textContent()).toContain('NIP tidak valid');
    expect(await rejected.locator('tbody tr td').first().textContent()).toBe('5');
    // Nothing is written by a preview.
    const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
    const before = await fetch(`${e2e.server.url}/api/admin/people?q=Lestari`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await before.json()) as { people: unknown[] }).people).toEqual([]);

    await page.getByRole('button', { name: 'Terapkan 3 perubahan' }).click();
    await expect
      .poll(() => result.locator('[role="status"]').first().textContent())
      .toContain('Selesai: 3 pegawai baru');

    await page.getByRole('button', { name: 'Buat & cetak daftar kata sandi' }).click();
    const password = page
      .locator('.admin-passwords tr', { hasText: 'Lestari Wulandari' })
      .getByTestId('one-time-password');
    oneTimePassword = (await password.textContent()) ?? '';
    expect(oneTimePassword).toMatch(/^\w{4}-\w{4}-\w{4}$/);
  });

  it('the new learner signs in with the one-time password and must choose their own first', async () => {
    expect(oneTimePassword).not.toBe('');
    const { page } = await freshPage(e2e.browser);
    await page.goto(e2e.server.url);
    await login(page, NEW_LEARNER, oneTimePassword);
    await page.getByRole('heading', { name: 'Buat kata sandi Bapak/Ibu' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Lestari Wulandari');
    // Nothing else is reachable yet: the catalog is not shown.
    expect(await page.locator('.course-list').count()).toBe(0);

    await page.locator('input[name="current-password"]').fill(oneTimePassword);
    await page.locator('input[name="new-password"]').fill(NEW_LEARNER);
    expect(await page.locator('#new-password-hint').textContent()).toContain('NIP');
    await page.locator('input[name="new-password"]').fill('jalan-raya-lancar-7');
    await page.locator('input[name="repeat-password"]').fill('jalan-raya-lancar-7');
    await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
    await page.locator('.tab-bar').waitFor();

    // Who is signed in is in the header; the profile says NIP and unit kerja.
    await page.locator('.tab-bar').getByRole('link', { name: 'Profil' }).click();
    const profile = await page.locator('main.profile').textContent();
    expect(profile).toContain(NEW_LEARNER);
    expect(profile).toContain('Bidang Angkutan');
    expect(profile).toContain(OPD);
    // The one-time password no longer works; the new one does.
    const old = await fetch(`${e2e.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nip: NEW_LEARNER, password: oneTimePassword }),
    });
    expect(old.status).toBe(401);
  });

  it('an atasan sees their team, and only their team', async () => {
    const { page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url, DEMO_ACCOUNTS.atasan);
    await page.locator('.tab-bar').getByRole('link', { name: 'Profil' }).click();
    await page.getByRole('link', { name: /Tim saya/ }).click();
    const team = page.locator('.team__list');
    await team.locator('li').first().waitFor();
    const names = await team.locator('h2').allTextContents();
    expect(names.sort()).toEqual([DEMO_ACCOUNTS.pppk.name, DEMO_ACCOUNTS.learner.name].sort());
    expect(await page.locator('main').textContent()).not.toContain(DEMO_ACCOUNTS.otherOpd.name);

    // A learner with nobody reporting to them gets an empty team, never someone else's.
    const other = await freshPage(e2e.browser);
    await openSignedIn(other.page, e2e.server.url, DEMO_ACCOUNTS.otherOpd);
    await other.page.goto(`${e2e.server.url}/tim`);
    await other.page.getByText('Belum ada pegawai yang tercatat').waitFor();
    expect(await other.page.locator('.team__member').count()).toBe(0);
  });

  it('an assigned course shows "Wajib" and its due date offline', async () => {
    const { token } = await apiLogin(e2e.server.url, DEMO_ADMIN);
    // Next year: a due date is at most a few years ahead (`assignmentDueDays`).
    const dueYear = new Date().getUTCFullYear() + 1;
    const assigned = await fetch(e2e.server.url + assignmentsApi.admin, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        courseId: 'etika-berakhlak',
        dueDate: `${dueYear}-03-31`,
        note: '',
        target: { opds: [], jenisJabatan: [], statuses: [], nips: [DEMO_ACCOUNTS.learner.nip] },
      }),
    });
    expect(assigned.status).toBe(201);

    const { context, page } = await freshPage(e2e.browser);
    await openSignedIn(page, e2e.server.url, DEMO_ACCOUNTS.learner);
    const badge = courseCard(page, 'etika-berakhlak').getByTestId('required-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe(`Wajib · batas 31 Mar ${dueYear}`);
    await expect.poll(() => readStore(page, 'assignments').then((rows) => rows.length)).toBe(1);

    await context.setOffline(true);
    await page.reload();
    await courseCard(page, 'etika-berakhlak').waitFor();
    expect(await courseCard(page, 'etika-berakhlak').getByTestId('required-badge').textContent()).toBe(
      `Wajib · batas 31 Mar ${dueYear}`,
    );
    // Beranda reminds of it, offline too.
    await page.locator('.tab-bar').getByRole('link', { name: 'Beranda' }).click();
    expect(await page.locator('.assigned-card').textContent()).toContain('Wajib');

    // Completed on this phone, still offline: the mark the completion rule leaves (what
    // completeCourseIfDone writes) ends the reminder with no pull from the server. (Reacting
    // at the very moment is the component test's part: a write outside Dexie is not observed.)
    await putStoreRow(page, 'meta', { key: 'completed:etika-berakhlak:1.3.0', value: new Date().toISOString() });
    await page.reload();
    await page.locator('.assigned-card').waitFor();
    expect(await page.locator('.assigned-card__due').textContent()).toBe('Selesai');
    await page.locator('.tab-bar').getByRole('link', { name: 'Pelatihan' }).click();
    expect(await courseCard(page, 'etika-berakhlak').getByTestId('required-badge').textContent()).toBe(
      'Wajib · selesai',
    );
  });
});
