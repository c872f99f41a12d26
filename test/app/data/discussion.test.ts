// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LenteraDb } from '../../../src/app/data/db';
import {
  loadOlderThreads,
  refreshDiscussions,
  shownDiscussion,
  type DiscussionFetch,
} from '../../../src/app/data/discussion';
import { queueRecord } from '../../../src/app/data/records';
import type { DiscussionThreadView } from '../../../src/shared/protocol/discussion';
import { manifestFixture } from '../builders';

const manifest = manifestFixture();
let db: LenteraDb;
beforeEach(async () => {
  db = new LenteraDb(`test-${crypto.randomUUID()}`);
  await db.courses.put({
    id: manifest.id,
    version: manifest.version,
    manifest,
    size: 1,
    downloadedAt: '',
    signature: null,
  });
});
afterEach(async () => db.delete());

const thread = (id: string, fields: Partial<DiscussionThreadView> = {}): DiscussionThreadView => ({
  id,
  courseId: manifest.id,
  promptId: null,
  parentId: null,
  text: `Utas ${id}`,
  author: { name: 'Andi', opd: 'Dinas Kesehatan' },
  mine: false,
  writtenAt: '2026-11-30T08:00:00.000Z',
  receivedAt: '2026-11-30T08:00:00.000Z',
  editedAt: null,
  pinned: false,
  replies: [],
  replyCount: 0,
  ...fields,
});
const own = async () => ({
  posts: await db.discussionPosts.toArray(),
  edits: await db.discussionEdits.toArray(),
  deletes: await db.discussionDeletes.toArray(),
  unsent: new Set((await db.outbox.toArray()).map((entry) => entry.id)),
  author: { name: 'Siti', opd: 'Disdukcapil' },
});

describe('the discussion on the phone', () => {
  it('replaces its copy with the first page, so a post hidden since disappears; a 304 keeps it', async () => {
    const fetchPage = vi.fn<DiscussionFetch>();
    fetchPage.mockResolvedValueOnce({
      status: 'page',
      page: { threads: [thread('a'), thread('b')], nextCursor: '7' },
      etag: '"v1"',
    });
    await refreshDiscussions(db, fetchPage, 't');
    expect((await db.discussionThreads.toArray()).map((entry) => entry.id).sort()).toEqual(['a', 'b']);

    fetchPage.mockResolvedValueOnce({ status: 'page', page: { threads: [thread('c')], nextCursor: null }, etag: null });
    await loadOlderThreads(db, fetchPage, 't', manifest.id);
    expect(fetchPage).toHaveBeenLastCalledWith(manifest.id, 't', { before: '7' });
    expect(shownDiscussion(await db.discussionThreads.toArray(), await own()).map((entry) => entry.id)).toEqual([
      'a',
      'b',
      'c',
    ]);

    fetchPage.mockResolvedValueOnce({ status: 'unchanged' });
    await refreshDiscussions(db, fetchPage, 't');
    expect(fetchPage).toHaveBeenLastCalledWith(manifest.id, 't', { etag: '"v1"' });
    expect(await db.discussionThreads.count()).toBe(3);

    // b was hidden by an admin: the next page no longer has it.
    fetchPage.mockResolvedValueOnce({
      status: 'page',
      page: { threads: [thread('a')], nextCursor: null },
      etag: '"v2"',
    });
    await refreshDiscussions(db, fetchPage, 't');
    expect((await db.discussionThreads.toArray()).map((entry) => entry.id)).toEqual(['a']);
  });

  it('keeps its copy when the server cannot answer', async () => {
    await db.discussionThreads.put({ ...thread('a'), rank: 0 });
    await refreshDiscussions(db, async () => Promise.reject(new TypeError('Failed to fetch')), 't');
    expect(await db.discussionThreads.count()).toBe(1);
  });

  it('shows what the learner wrote offline at once: new threads first, replies under posts, edits done', async () => {
    await db.discussionThreads.bulkPut([
      { ...thread('a'), rank: 0 },
      { ...thread('mine', { mine: true }), rank: 1 },
    ]);
    const writtenAt = '2026-11-30T09:00:00.000Z';
    const newThread = await queueRecord(db, 'discussion_post', {
      courseId: manifest.id,
      promptId: null,
      parentId: null,
      text: 'Baru',
      writtenAt,
    });
    await queueRecord(db, 'discussion_post', {
      courseId: manifest.id,
      promptId: null,
      parentId: 'a'.padEnd(8, '0') + '-0000-7000-8000-000000000000',
      text: 'x',
      writtenAt,
    });
    const replyId = await queueRecord(db, 'discussion_post', {
      courseId: manifest.id,
      promptId: null,
      parentId: newThread,
      text: 'Balasan',
      writtenAt,
    });
    await queueRecord(db, 'discussion_edit', {
      postId: newThread,
      text: 'Baru (diubah)',
      writtenAt: '2026-11-30T09:05:00.000Z',
    });
    await queueRecord(db, 'discussion_delete', { postId: replyId, writtenAt });
    const shown = shownDiscussion(await db.discussionThreads.toArray(), await own());
    expect(shown.map((entry) => [entry.id, entry.text, entry.pending])).toEqual([
      [newThread, 'Baru (diubah)', true],
      ['a', 'Utas a', false],
      ['mine', 'Utas mine', false],
    ]);
    expect(shown[0]?.replies).toEqual([]);
    expect(shown[0]?.author).toEqual({ name: 'Siti', opd: 'Disdukcapil' });
    // Once synced (no longer in the outbox), only the server's copy counts.
    await db.outbox.clear();
    expect(shownDiscussion(await db.discussionThreads.toArray(), await own()).map((entry) => entry.id)).toEqual([
      'a',
      'mine',
    ]);
  });

  it('writes a record and its outbox entry together, and refuses a body over its caps before queueing', async () => {
    const body = {
      courseId: manifest.id,
      promptId: null,
      parentId: null,
      text: 'x'.repeat(2001),
      writtenAt: '2026-11-30T09:00:00.000Z',
    };
    await expect(queueRecord(db, 'discussion_post', body)).rejects.toThrow();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.discussionPosts.count()).toBe(0);
    const id = await queueRecord(db, 'discussion_post', { ...body, text: 'ok' });
    expect(await db.outbox.toArray()).toEqual([
      expect.objectContaining({
        id,
        kind: 'record',
        body: { id, kind: 'discussion_post', body: { ...body, text: 'ok' } },
      }),
    ]);
    expect(await db.discussionPosts.get(id)).toMatchObject({ id, kind: 'discussion_post' });
  });
});
