/**
 * Photos of learner records in a real browser with a real canvas: a learner picks a large
 * camera photo (with EXIF GPS) for a post OFFLINE; the phone shrinks it to ≤ 500 KB and drops
 * the EXIF, keeps post and photo until it reconnects, and after sync a second learner sees the
 * photo — and still sees it offline, from the copy their phone keeps of the downloaded course.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import id from '../../src/app/i18n/locales/id.json';
import { DEMO_ACCOUNTS } from '../../src/server/services/seed';
import { PHOTO_MAX_BYTES } from '../../src/shared/records/attachment';
import { checkScreen, PHONE } from './a11y';
import {
  downloadFromCatalog,
  freshPage,
  openSignedIn,
  readStore,
  readStoreKeys,
  readStoreRow,
  serverAndBrowser,
  syncNow,
  type StoredBlob,
} from './harness';

const COURSE_ID = 'etika-berakhlak';

const e2e = serverAndBrowser();

/**
 * A 4000×3000 JPEG at quality 1 drawn by the browser (a gradient with grain, so it compresses
 * like a photo, not like a flat colour), with an EXIF segment holding a GPS tag spliced in
 * after its start: what a phone camera hands over. Returned as bytes to give to the file input.
 */
async function cameraPhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext('2d')!;
    const gradient = context.createLinearGradient(0, 0, 4000, 3000);
    gradient.addColorStop(0, '#1d4ed8');
    gradient.addColorStop(1, '#f59e0b');
    context.fillStyle = gradient;
    context.fillRect(0, 0, 4000, 3000);
    const image = context.getImageData(0, 0, 4000, 3000);
    for (let index = 0; index < image.data.length; index += 4) {
      const grain = (Math.random() - 0.5) * 60;
      image.data[index] = image.data[index]! + grain;
      image.data[index + 1] = image.data[index + 1]! + grain;
      image.data[index + 2] = image.data[index + 2]! + grain;
    }
    context.putImageData(image, 0, 0);
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 1 })).arrayBuffer());
    const payload = new TextEncoder().encode('Exif\0\0GPSLatitude 1.3733 N GPSLongitude 99.2717 E');
    const app1 = new Uint8Array([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload]);
    const bytes = new Uint8Array([...jpeg.subarray(0, 2), ...app1, ...jpeg.subarray(2)]);
    let binary = '';
    for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

/** The phone's stored file: size, type, and whether any EXIF/GPS survived. */
async function storedFile(page: Page, sha256: string) {
  const row = await readStoreRow<{ blob: StoredBlob; type: string; own: boolean }>(page, 'attachments', sha256);
  if (row === undefined) return null;
  const text = row.blob.latin1;
  return { size: row.blob.size, type: row.type, own: row.own, exif: text.includes('Exif') || text.includes('GPS') };
}

describe('photos with posts', () => {
  it('a post with a photo written offline reaches a second learner, whose phone keeps the photo offline', async () => {
    const siti = await freshPage(e2e.browser, PHONE);
    await openSignedIn(siti.page, e2e.server.url);
    await downloadFromCatalog(siti.page, COURSE_ID);
    const photo = await cameraPhoto(siti.page);
    expect(photo.length).toBeGreaterThan(2 * PHOTO_MAX_BYTES);

    await siti.context.setOffline(true);
    await siti.page.goto(`${e2e.server.url}/courses/${COURSE_ID}/discussion`);
    const general = siti.page.locator('.discussion__general');
    await general.getByRole('button', { name: id.discussion.newThread }).click();
    const text = 'Papan informasi biaya layanan sudah kami pasang di loket.';
    await general.locator('textarea').fill(text);
    await general
      .locator('input[type="file"]')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await general.getByText(/Foto siap dikirim/).waitFor({ timeout: 60_000 });
    // The preview, the privacy note and the buttons fit a phone and pass axe.
    await checkScreen(siti.page, 'discussion-photo-composer');
    await general.getByRole('button', { name: id.discussion.send }).click();

    const own = general.locator('.discussion__thread', { hasText: text });
    await own.getByText(id.discussion.pending).waitFor();
    // Shown offline from the phone, before any sync.
    await own.locator('img.attachment').waitFor();
    const [post] = await readStore<{ id: string; body: { photo: { sha256: string; size: number } } }>(
      siti.page,
      'discussionPosts',
    );
    const sha256 = post!.body.photo.sha256;
    const kept = await storedFile(siti.page, sha256);
    expect(kept).toMatchObject({ type: 'image/jpeg', own: true, exif: false });
    expect(kept!.size).toBeLessThanOrEqual(PHOTO_MAX_BYTES);
    expect(kept!.size).toBe(post!.body.photo.size);
    console.info(`camera photo ${photo.length} bytes → kept and sent ${kept!.size} bytes`);
    // The post waits in the outbox; the photo is not in it (it is uploaded beside the batch).
    const outbox = await readStore<{ id: string }>(siti.page, 'outbox');
    expect(outbox.map((entry) => entry.id)).toEqual([post!.id]);
    expect(JSON.stringify(outbox).length).toBeLessThan(4000);

    await siti.context.setOffline(false);
    await syncNow(siti.page, e2e.server.url);
    await expect.poll(() => readStore(siti.page, 'outbox'), { timeout: 30_000 }).toEqual([]);
    expect(await readStore(siti.page, 'attention')).toEqual([]);

    const andi = await freshPage(e2e.browser, PHONE);
    await openSignedIn(andi.page, e2e.server.url, DEMO_ACCOUNTS.otherOpd);
    await downloadFromCatalog(andi.page, COURSE_ID);
    await syncNow(andi.page, e2e.server.url);
    // Andi's phone keeps the photo of this recent post of a course it downloaded.
    await expect.poll(() => readStoreKeys(andi.page, 'attachments'), { timeout: 30_000 }).toContain(sha256);
    await andi.context.setOffline(true);
    await andi.page.goto(`${e2e.server.url}/courses/${COURSE_ID}/discussion`);
    const seen = andi.page.locator(`[data-post-id="${post!.id}"]`);
    await seen.getByText(text).waitFor();
    const image = seen.locator('img.attachment').first();
    await image.waitFor();
    await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await storedFile(andi.page, sha256)).toMatchObject({ own: false, exif: false });
    await checkScreen(andi.page, 'discussion-photo-offline');
  }, 240_000);
});
