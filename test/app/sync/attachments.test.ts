// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepDiscussionPhotos, PHOTOS_KEPT_PER_COURSE } from '../../../src/app/data/attachments';
import { LenteraDb, type CachedThread } from '../../../src/app/data/db';
import { RequestError } from '../../../src/app/data/errors';
import { requeueRejected } from '../../../src/app/data/outbox';
import { preparedFile } from '../../../src/app/data/photo';
import { queueRecord } from '../../../src/app/data/records';
import { flush } from '../../../src/app/sync/engine';
import { createHttpTransport, type SyncTransport } from '../../../src/app/sync/transport';
import { errorMessage } from '../../../src/app/components/errorMessage';
import { initI18n } from '../../../src/app/i18n';
import type { SyncPushRequest } from '../../../src/shared/protocol';

let db: LenteraDb;
beforeEach(() => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => db.delete());

const jpeg = (seed: number) => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, seed, seed + 1, 9, 9])]);

/** A server that takes every record; uploads go through `upload`. */
function transport(upload: SyncTransport['upload']) {
  const pushes: SyncPushRequest[] = [];
  const uploads: string[] = [];
  const value: SyncTransport = {
    push: async (request) => {
      pushes.push(request);
      return {
        results: request.records.map((record) => ({ id: record.id, status: 'stored' as const })),
        serverTime: new Date().toISOString(),
      };
    },
    pull: async () => ({ lessons: [], attempts: [], completions: [] }),
    discussion: async () => ({ status: 'unchanged' }),
    cycle: async () => Promise.reject(new Error('no training cycle here')),
    upload: async (sha256, blob, token) => {
      uploads.push(sha256);
      await upload(sha256, blob, token);
    },
    attachment: async () => Promise.reject(new Error('no reads here')),
  };
  return { transport: value, pushes, uploads };
}

async function postWithPhoto(seed: number): Promise<{ id: string; sha256: string }> {
  const photo = await preparedFile(jpeg(seed));
  const id = await queueRecord(
    db,
    'discussion_post',
    {
      courseId: 'etika',
      promptId: null,
      parentId: null,
      text: 'Foto',
      photo: photo.ref,
      writtenAt: new Date().toISOString(),
    },
    new Date(),
    [photo],
  );
  return { id, sha256: photo.ref.sha256 };
}

describe('files of records at sync', () => {
  it('uploads a post’s photo before the post, and only once', async () => {
    const post = await postWithPhoto(1);
    const { transport: server, pushes, uploads } = transport(async () => {});
    expect(await flush({ db, transport: server, token: 't' })).toMatchObject({ status: 'synced', sent: 1 });
    expect(uploads).toEqual([post.sha256]);
    expect(pushes[0]?.records.map((record) => record.id)).toEqual([post.id]);
    expect(await db.attachments.get(post.sha256)).toMatchObject({ uploaded: true, own: true });
    // A later post with the same photo: nothing uploaded again.
    await postWithPhoto(1);
    await flush({ db, transport: server, token: 't' });
    expect(uploads).toEqual([post.sha256]);
  });

  it('keeps post and photo waiting when the upload fails on the way, and sends both later', async () => {
    const post = await postWithPhoto(2);
    const failing = transport(async () => Promise.reject(new RequestError('network', 0, 'offline')));
    expect(await flush({ db, transport: failing.transport, token: 't' })).toMatchObject({ status: 'retry' });
    expect(failing.pushes).toHaveLength(0);
    expect((await db.outbox.toArray()).map((entry) => entry.id)).toEqual([post.id]);
    const healed = transport(async () => {});
    await flush({ db, transport: healed.transport, token: 't' });
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends what was written before a photo that cannot go up now, and keeps the rest waiting in order', async () => {
    const plain = (text: string) =>
      queueRecord(db, 'discussion_post', {
        courseId: 'etika',
        promptId: null,
        parentId: null,
        text,
        writtenAt: new Date().toISOString(),
      });
    const before = await plain('Sebelum foto');
    const post = await postWithPhoto(6);
    const after = await plain('Sesudah foto');
    // The day's upload cap (429), or a 2 MB file timing out on a weak link: the photo waits.
    const waiting = transport(async () =>
      Promise.reject(new RequestError('too_many_attempts', 429, 'Too many files uploaded', true)),
    );
    expect(await flush({ db, transport: waiting.transport, token: 't' })).toMatchObject({ status: 'retry' });
    expect(waiting.pushes.flatMap((request) => request.records.map((record) => record.id))).toEqual([before]);
    expect((await db.outbox.orderBy('seq').toArray()).map((entry) => entry.id)).toEqual([post.id, after]);
    const healed = transport(async () => {});
    expect(await flush({ db, transport: healed.transport, token: 't' })).toMatchObject({ status: 'synced', sent: 2 });
    expect(healed.pushes.flatMap((request) => request.records.map((record) => record.id))).toEqual([post.id, after]);
  });

  it('uploads the photo again when the server says it does not have it, so "Kirim ulang" can succeed', async () => {
    const post = await postWithPhoto(8);
    // The phone believes the photo went up (the server lost it, or was restored from a backup).
    await db.attachments.update(post.sha256, { uploaded: true });
    const { transport: forgetful, uploads } = transport(async () => {});
    forgetful.push = async (request) => ({
      results: request.records.map((record) => ({
        id: record.id,
        status: 'rejected' as const,
        code: 'unknown_attachment' as const,
        reason: 'File was not uploaded by the writer',
      })),
      serverTime: new Date().toISOString(),
    });
    expect(await flush({ db, transport: forgetful, token: 't' })).toMatchObject({ setAside: 1 });
    expect(uploads).toEqual([]);
    expect(await db.attention.get(post.id)).toMatchObject({ code: 'unknown_attachment' });
    expect(await db.attachments.get(post.sha256)).toMatchObject({ uploaded: false });
    // Sent again (as "Kirim ulang" does): the photo goes up first this time.
    expect(await requeueRejected(db, new Date())).toBe(1);
    const healed = transport(async () => {});
    expect(await flush({ db, transport: healed.transport, token: 't' })).toMatchObject({ status: 'synced', sent: 1 });
    expect(healed.uploads).toEqual([post.sha256]);
  });

  it('sets the post aside with the reason when Lentera refuses its photo, and sends the rest', async () => {
    const refusedPost = await postWithPhoto(3);
    const plain = await queueRecord(db, 'discussion_post', {
      courseId: 'etika',
      promptId: null,
      parentId: null,
      text: 'Tanpa foto',
      writtenAt: new Date().toISOString(),
    });
    const { transport: server, pushes } = transport(async () =>
      Promise.reject(
        new RequestError('unsupported_media_type', 415, 'A photo (JPEG, PNG, WebP) or a PDF is expected', true),
      ),
    );
    expect(await flush({ db, transport: server, token: 't' })).toMatchObject({
      status: 'synced',
      sent: 1,
      setAside: 1,
    });
    expect(pushes.flatMap((request) => request.records.map((record) => record.id))).toEqual([plain]);
    expect(await db.attention.get(refusedPost.id)).toMatchObject({ status: 'rejected', code: 'invalid_attachment' });
    // A Wi-Fi login page answering 415 is not Lentera refusing: the post waits.
    const again = await postWithPhoto(4);
    const portal = transport(async () => Promise.reject(new RequestError('bad_request', 415, 'portal')));
    expect(await flush({ db, transport: portal.transport, token: 't' })).toMatchObject({ status: 'retry' });
    expect((await db.outbox.toArray()).map((entry) => entry.id)).toEqual([again.id]);
  });
});

describe('photos kept for reading offline', () => {
  const thread = (id: number, photo: string | null): CachedThread => ({
    id: `0190a000-0000-7000-8000-${String(id).padStart(12, '0')}`,
    courseId: 'etika',
    promptId: null,
    parentId: null,
    text: 'Tulisan',
    author: { name: 'Andi', opd: 'Dinkes' },
    mine: false,
    writtenAt: '2026-05-01T00:00:00.000Z',
    receivedAt: new Date(Date.UTC(2026, 4, 1, 0, id)).toISOString(),
    editedAt: null,
    pinned: false,
    photo: photo === null ? null : { sha256: photo, type: 'image/jpeg' },
    replies: [],
    replyCount: 0,
    rank: id,
  });
  const hash = (n: number) => n.toString(16).padStart(64, '0');

  it('keeps the newest posts’ photos, drops those that left the copy, never the learner’s own', async () => {
    const own = await postWithPhoto(5);
    await db.attachments.put({
      sha256: hash(999),
      blob: jpeg(9),
      type: 'image/jpeg',
      size: 8,
      own: false,
      uploaded: true,
      savedAt: '2026-05-01T00:00:00.000Z',
    });
    await db.courses.put({
      id: 'etika',
      version: '1.0.0',
      manifest: {} as never,
      size: 1,
      downloadedAt: '2026-05-01T00:00:00.000Z',
      signature: null,
    });
    const count = PHOTOS_KEPT_PER_COURSE + 5;
    await db.discussionThreads.bulkPut(Array.from({ length: count }, (_, index) => thread(index + 1, hash(index + 1))));
    const fetched: string[] = [];
    await keepDiscussionPhotos(
      db,
      async (sha256) => {
        fetched.push(sha256);
        return { blob: jpeg(1), type: 'image/jpeg' };
      },
      't',
    );
    // The newest PHOTOS_KEPT_PER_COURSE (highest receivedAt), fetched once each.
    expect(fetched.sort()).toEqual(
      Array.from({ length: PHOTOS_KEPT_PER_COURSE }, (_, index) => hash(count - index)).sort(),
    );
    expect(await db.attachments.get(hash(999))).toBeUndefined();
    expect(await db.attachments.get(own.sha256)).toMatchObject({ own: true });
    // Nothing new to fetch the second time.
    fetched.length = 0;
    await keepDiscussionPhotos(db, async () => ({ blob: jpeg(1), type: 'image/jpeg' }), 't');
    expect(fetched).toEqual([]);
    // The learner deletes the course: its photos go at the next sync, their own stay.
    await db.courses.delete('etika');
    await keepDiscussionPhotos(db, async () => ({ blob: jpeg(1), type: 'image/jpeg' }), 't');
    expect(await db.attachments.toCollection().primaryKeys()).toEqual([own.sha256]);
  });
});

describe('the day’s upload cap', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is told to the learner as a wait, not as wrong logins (the server says too_many_attempts for both)', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({
            error: { code: 'too_many_attempts', message: 'Too many files uploaded in the last 24 hours' },
          }),
          { status: 429, headers: { 'content-type': 'application/json' } },
        ),
    );
    const failure = await createHttpTransport()
      .upload('a'.repeat(64), jpeg(1), 't')
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'too_many_attempts', status: 429 });
    await initI18n('id');
    expect(errorMessage(failure)).toMatch(/unggahan/);
    expect(errorMessage(failure)).not.toMatch(/yang salah/);
  });
});
