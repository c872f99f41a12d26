// @vitest-environment node
import 'fake-indexeddb/auto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import { downloadCourse } from '../../../src/app/data/download';
import { ImportError } from '../../../src/app/data/errors';
import { readLesson } from '../../../src/app/data/content';
import { exportCourseFile, importCourseFile } from '../../../src/app/data/share';
import { bytesToBase64, signManifest } from '../../../src/shared/bundle/signature';
import { startContentServer } from '../content-server';

let sender: LenteraDb;
let receiver: LenteraDb;
let publicKey: string;
let otherPublicKey: string;
let privateKey: CryptoKey;

async function keyPair(): Promise<{ privateKey: CryptoKey; publicKey: string }> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return {
    privateKey: pair.privateKey,
    publicKey: bytesToBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
  };
}

beforeAll(async () => {
  ({ privateKey, publicKey } = await keyPair());
  otherPublicKey = (await keyPair()).publicKey;
});

beforeEach(async () => {
  sender = new LenteraDb(`sender-${crypto.randomUUID()}`);
  receiver = new LenteraDb(`receiver-${crypto.randomUUID()}`);
  vi.stubGlobal('fetch', (await startContentServer()).fetch);
  const course = await downloadCourse(sender, 'mini-course', { token: 't' });
  // The server's signature, as a real server would have sent it with the manifest.
  await sender.courses.update('mini-course', { signature: await signManifest(privateKey, course.manifest) });
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await Promise.all([sender.delete(), receiver.delete()]);
});

const exported = async (): Promise<Uint8Array> =>
  new Uint8Array(await (await exportCourseFile(sender, 'mini-course')).arrayBuffer());

/** Re-zips a shared file after `change` edits its entries: what a tamperer would do. */
function tamper(bytes: Uint8Array, change: (entries: Record<string, Uint8Array>) => void): Uint8Array {
  const entries = unzipSync(bytes);
  change(entries);
  return zipSync(entries);
}

describe('sharing a course as a file, offline', () => {
  it('a course saved on one phone installs on another, verified, and opens offline', async () => {
    const file = await exportCourseFile(sender, 'mini-course');
    expect(file.name).toBe('mini-course-1.0.0.lentera.zip');
    const course = await importCourseFile(receiver, new Uint8Array(await file.arrayBuffer()), publicKey);
    expect(course.version).toBe('1.0.0');
    expect((await readLesson(receiver, course.manifest, 'pembuka'))?.title.id).toBe('Pembuka');
    expect(await receiver.files.count()).toBe(course.manifest.files.length);
  });

  it('refuses a file whose manifest was edited after signing, changing nothing on the phone', async () => {
    const bytes = tamper(await exported(), (entries) => {
      const manifest = JSON.parse(strFromU8(entries['manifest.json']!));
      entries['manifest.json'] = strToU8(JSON.stringify({ ...manifest, jp: 40 }));
    });
    await expect(importCourseFile(receiver, bytes, publicKey)).rejects.toEqual(new ImportError('bad_signature'));
    expect(await receiver.courses.count()).toBe(0);
    expect(await receiver.files.count()).toBe(0);
  });

  it('refuses a file with an edited lesson (hash not as signed) and keeps the installed version', async () => {
    await importCourseFile(receiver, await exported(), publicKey);
    const bytes = tamper(await exported(), (entries) => {
      entries['lessons/pembuka.json'] = strToU8(
        strFromU8(entries['lessons/pembuka.json']!).replace('Pembuka', 'Diubah!'),
      );
    });
    await expect(importCourseFile(receiver, bytes, publicKey)).rejects.toMatchObject({ reason: 'invalid_bundle' });
    const kept = (await receiver.courses.get('mini-course'))!;
    expect((await readLesson(receiver, kept.manifest, 'pembuka'))?.title.id).toBe('Pembuka');
  });

  it('refuses a file signed with another key, and one with no signature', async () => {
    await expect(importCourseFile(receiver, await exported(), otherPublicKey)).rejects.toEqual(
      new ImportError('bad_signature'),
    );
    const unsigned = tamper(await exported(), (entries) => delete entries['signature.ed25519']);
    await expect(importCourseFile(receiver, unsigned, publicKey)).rejects.toEqual(new ImportError('unsigned'));
  });

  it('needs the server key the phone receives at login', async () => {
    await expect(importCourseFile(receiver, await exported(), null)).rejects.toEqual(new ImportError('no_key'));
  });

  it('refuses something that is not a course file at all', async () => {
    await expect(importCourseFile(receiver, strToU8('bukan zip'), publicKey)).rejects.toMatchObject({
      reason: 'invalid_bundle',
    });
  });
});
