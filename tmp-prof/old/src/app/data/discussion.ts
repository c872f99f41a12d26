import { discussionApi, DiscussionPage, type DiscussionThreadView } from '../../shared/protocol/discussion';
import type { CachedThread, LenteraDb, LocalRecord } from './db';
import { request } from './http';
import { isSessionEnded, RequestError } from './errors';

/** What the phone asks the server for one page of a course's discussion. */
export type DiscussionFetch = (
  courseId: string,
  token: string,
  options: { etag?: string; before?: string },
) => Promise<{ status: 'unchanged' } | { status: 'page'; page: DiscussionPage; etag: string | null }>;

/** Over HTTP; `origin` is empty in the app (same origin) and set by tests in Node. */
export const discussionFetch =
  (origin = ''): DiscussionFetch =>
  async (courseId, token, { etag, before }) => {
    const path =
      origin + discussionApi.course(courseId) + (before === undefined ? '' : `?before=${encodeURIComponent(before)}`);
    const response = await request(path, {
      token,
      ...(etag === undefined ? {} : { headers: { 'if-none-match': etag } }),
    });
    if (response.status === 304) return { status: 'unchanged' };
    const parsed = DiscussionPage.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new RequestError('invalid_response', response.status, `unexpected answer from ${path}`);
    return { status: 'page', page: parsed.data, etag: response.headers.get('etag') };
  };

const etagKey = (courseId: string) => `discussion:etag:${courseId}`;
const nextKey = (courseId: string) => `discussion:next:${courseId}`;

/**
 * Brings the phone's copy of each downloaded course's discussion up to date: the server's
 * first page replaces what the phone held, so posts hidden or deleted since disappear, and a
 * discussion that did not change costs one 304. Older pages the learner loaded are dropped
 * with it (they load again on demand). A course whose discussion cannot be read now (the
 * course was removed from the server, the link dropped) keeps the copy it has: reading the
 * discussion never makes a sync fail, except an ended session, which the caller must see.
 */
export async function refreshDiscussions(db: LenteraDb, fetchPage: DiscussionFetch, token: string): Promise<void> {
  for (const courseId of await db.courses.toCollection().primaryKeys()) {
    try {
      await refreshDiscussion(db, fetchPage, token, courseId);
    } catch (error) {
      if (isSessionEnded(error)) throw error;
    }
  }
}

export async function refreshDiscussion(
  db: LenteraDb,
  fetchPage: DiscussionFetch,
  token: string,
  courseId: string,
): Promise<void> {
  const held = (await db.meta.get(etagKey(courseId)))?.value;
  const answer = await fetchPage(courseId, token, typeof held === 'string' ? { etag: held } : {});
  if (answer.status === 'unchanged') return;
  await db.transaction('rw', db.discussionThreads, db.meta, async () => {
    await db.discussionThreads.where('courseId').equals(courseId).delete();
    await db.discussionThreads.bulkPut(answer.page.threads.map((thread, rank) => ({ ...thread, rank })));
    await db.meta.put({ key: nextKey(courseId), value: answer.page.nextCursor });
    if (answer.etag === null) await db.meta.delete(etagKey(courseId));
    else await db.meta.put({ key: etagKey(courseId), value: answer.etag });
  });
}

/** Whether older threads are on the server than the phone holds. */
export async function olderThreadsCursor(db: LenteraDb, courseId: string): Promise<string | null> {
  const value = (await db.meta.get(nextKey(courseId)))?.value;
  return typeof value === 'string' ? value : null;
}

/** Fetches the next older page and keeps it with the rest (until the next refresh). */
export async function loadOlderThreads(
  db: LenteraDb,
  fetchPage: DiscussionFetch,
  token: string,
  courseId: string,
): Promise<void> {
  const before = await olderThreadsCursor(db, courseId);
  if (before === null) return;
  const answer = await fetchPage(courseId, token, { before });
  if (answer.status === 'unchanged') return;
  await db.transaction('rw', db.discussionThreads, db.meta, async () => {
    const ranks = await db.discussionThreads.where('courseId').equals(courseId).toArray();
    const start = ranks.reduce((max, thread) => Math.max(max, thread.rank + 1), 0);
    await db.discussionThreads.bulkPut(
      answer.page.threads.map((thread, index) => ({ ...thread, rank: start + index })),
    );
    await db.meta.put({ key: nextKey(courseId), value: answer.page.nextCursor });
  });
}

/** A post or reply as the discussion screen shows it: the server's, or the learner's own not yet synced. */
export type ShownPost = Omit<DiscussionThreadView, 'replies' | 'replyCount'> & { pending: boolean };
export type ShownThread = ShownPost & { replies: ShownPost[]; replyCount: number };

export interface OwnWriting {
  posts: LocalRecord<'discussion_post'>[];
  edits: LocalRecord<'discussion_edit'>[];
  deletes: LocalRecord<'discussion_delete'>[];
  /** Ids still in the outbox: the learner's records the server has not taken yet. */
  unsent: ReadonlySet<string>;
  author: { name: string; opd: string };
}

/**
 * The discussion as the learner sees it on this phone: the server's copy, with what the
 * learner wrote and has not synced yet laid over it (new posts first, replies under their
 * post, edits applied, deleted posts gone). Once synced, the server's copy is the truth: a
 * post of theirs an admin hid is not shown from the phone's own record either.
 */
export function shownDiscussion(threads: readonly CachedThread[], own: OwnWriting): ShownThread[] {
  const edits = new Map<string, LocalRecord<'discussion_edit'>>();
  for (const edit of own.edits) {
    const current = edits.get(edit.body.postId);
    if (own.unsent.has(edit.id) && (current === undefined || current.body.writtenAt <= edit.body.writtenAt))
      edits.set(edit.body.postId, edit);
  }
  const deleted = new Set(own.deletes.filter((entry) => own.unsent.has(entry.id)).map((entry) => entry.body.postId));
  const show = <P extends Omit<ShownPost, 'pending'>>(post: P): P & { pending: boolean } => {
    const edit = edits.get(post.id);
    return edit === undefined
      ? { ...post, pending: false }
      : { ...post, text: edit.body.text, editedAt: edit.body.writtenAt, pending: true };
  };
  const unsentPosts = own.posts
    .filter((post) => own.unsent.has(post.id) && !deleted.has(post.id))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const asView = (post: LocalRecord<'discussion_post'>): Omit<ShownPost, 'pending'> => ({
    id: post.id,
    courseId: post.body.courseId,
    promptId: post.body.promptId,
    parentId: post.body.parentId,
    text: post.body.text,
    author: own.author,
    mine: true,
    writtenAt: post.body.writtenAt,
    receivedAt: post.createdAt,
    editedAt: null,
    pinned: false,
    photo: post.body.photo ? { sha256: post.body.photo.sha256, type: post.body.photo.type } : null,
  });
  const result: ShownThread[] = [];
  for (const post of [...unsentPosts].reverse())
    if (post.body.parentId === null) result.push({ ...show(asView(post)), pending: true, replies: [], replyCount: 0 });
  for (const thread of [...threads].sort((a, b) => a.rank - b.rank)) {
    if (deleted.has(thread.id)) continue;
    const { rank: _rank, replies, replyCount, ...post } = thread;
    const shownReplies = replies.filter((reply) => !deleted.has(reply.id)).map(show);
    result.push({ ...show(post), replies: shownReplies, replyCount });
  }
  const byId = new Map(result.map((thread) => [thread.id, thread]));
  for (const post of unsentPosts) {
    const parent = post.body.parentId === null ? undefined : byId.get(post.body.parentId);
    if (parent === undefined) continue;
    parent.replies.push({ ...show(asView(post)), pending: true });
    parent.replyCount++;
  }
  return result;
}
