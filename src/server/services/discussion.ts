import {
  DISCUSSION_PAGE_SIZE,
  DISCUSSION_REPLIES_SHOWN,
  type DiscussionPage,
  type DiscussionPostView,
  type ModerationPage,
} from '../../shared/protocol/discussion';
import { audienceCondition, type Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import { reject } from './rejection';
import { defineRecordType } from './records/registry';

/**
 * A post or reply in a course's discussion: checked against the course and the
 * post it answers, then shown to the course's learners.
 */
export const discussionPostType = defineRecordType({
  kind: 'discussion_post',
  async validate({ tx, content }, { body }) {
    const course = (await content.courses(tx, [body.courseId])).get(body.courseId);
    if (course === undefined) return reject('unknown_course', `No course ${body.courseId}`);
    if (body.promptId !== null) {
      const declared = [...course.manifests.values()].some((manifest) =>
        manifest.lessons.some((lesson) => lesson.discussion?.id === body.promptId),
      );
      if (!declared)
        return reject('unknown_post', `Course ${body.courseId} declares no discussion prompt ${body.promptId}`);
    }
    if (body.parentId !== null) {
      const [parent] = await tx.query<{ course_id: string; parent_id: string | null }>(
        'SELECT course_id, parent_id FROM discussion_posts WHERE id = $1',
        [body.parentId],
      );
      if (parent === undefined || parent.course_id !== body.courseId)
        return reject('unknown_post', `No post ${body.parentId} in course ${body.courseId}`);
      // One level of replies: a reply answers a post, never another reply.
      if (parent.parent_id !== null) return reject('unknown_post', `Post ${body.parentId} is itself a reply`);
      if (body.promptId !== null)
        return reject('invalid_record', 'A reply belongs to its parent’s thread, not to a prompt');
    }
    return null;
  },
  async store({ tx, userId }, { id, body }) {
    await tx.query(
      `INSERT INTO discussion_posts
         (id, user_id, course_id, prompt_id, parent_id, text, written_at, photo_sha256, photo_type)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        userId,
        body.courseId,
        body.promptId,
        body.parentId,
        body.text,
        body.writtenAt,
        body.photo?.sha256 ?? null,
        body.photo?.type ?? null,
      ],
    );
  },
});

/**
 * Only the writer changes or takes back a post; the server holds the post by
 * the time its change arrives (the phone sends in order).
 */
async function ownPost(tx: Queryable, userId: string, postId: string) {
  const [post] = await tx.query<{ user_id: string }>('SELECT user_id FROM discussion_posts WHERE id = $1', [postId]);
  if (post === undefined) return reject('unknown_post', `No post ${postId}`);
  if (post.user_id !== userId) return reject('not_allowed', `Post ${postId} was written by someone else`);
  return null;
}

export const discussionEditType = defineRecordType({
  kind: 'discussion_edit',
  validate: ({ tx, userId }, { body }) => ownPost(tx, userId, body.postId),
  async store({ tx }, { body }) {
    // Two edits from two phones arrive in any order: the one written last wins.
    await tx.query(
      `UPDATE discussion_posts SET text = $2, edited_at = $3
       WHERE id = $1 AND (edited_at IS NULL OR edited_at <= $3)`,
      [body.postId, body.text, body.writtenAt],
    );
  },
});

export const discussionDeleteType = defineRecordType({
  kind: 'discussion_delete',
  validate: ({ tx, userId }, { body }) => ownPost(tx, userId, body.postId),
  async store({ tx }, { body }) {
    await tx.query('UPDATE discussion_posts SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [
      body.postId,
      body.writtenAt,
    ]);
  },
});

interface PostRow {
  id: string;
  user_id: string;
  course_id: string;
  prompt_id: string | null;
  parent_id: string | null;
  text: string;
  written_at: Date;
  received_at: Date;
  edited_at: Date | null;
  pinned_at: Date | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
  deleted_at: Date | null;
  seq: number;
  photo_sha256: string | null;
  photo_type: string | null;
  name: string | null;
  opd: string | null;
}

const POST_COLUMNS = `p.id, p.user_id, p.course_id, p.prompt_id, p.parent_id, p.text, p.written_at, p.received_at,
  p.edited_at, p.pinned_at, p.hidden_at, p.hidden_reason, p.deleted_at, p.seq, p.photo_sha256, p.photo_type,
  u.name, u.opd`;
const VISIBLE = 'p.hidden_at IS NULL AND p.deleted_at IS NULL';

function toView(row: PostRow, viewerId: string): DiscussionPostView {
  return {
    id: row.id,
    courseId: row.course_id,
    promptId: row.prompt_id,
    parentId: row.parent_id,
    text: row.text,
    // An account removed since: its words stay, without a name.
    author: { name: row.name ?? '', opd: row.opd ?? '' },
    mine: row.user_id === viewerId,
    writtenAt: row.written_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    pinned: row.pinned_at !== null,
    photo:
      row.photo_sha256 === null || row.photo_type === null ? null : { sha256: row.photo_sha256, type: row.photo_type },
  };
}

/** A page cursor is the `seq` of the last thread shown: anything else is no cursor. */
export function parseCursor(value: string | undefined): number | null | 'invalid' {
  if (value === undefined || value === '') return null;
  return /^[1-9][0-9]{0,15}$/.test(value) ? Number(value) : 'invalid';
}

/**
 * A page of a course's discussion as every signed-in learner sees it (a forum of the course,
 * open to all its learners; it shows names and OPDs, never NIPs): threads newest first, the
 * pinned ones first on the first page; each with its newest replies. Hidden and deleted posts
 * are left out, and so are replies under them.
 */
export async function readDiscussion(
  db: Queryable,
  viewerId: string,
  courseId: string,
  before: number | null,
): Promise<DiscussionPage> {
  const pinned =
    before === null
      ? await db.query<PostRow>(
          `SELECT ${POST_COLUMNS} FROM discussion_posts p LEFT JOIN users u ON u.id = p.user_id
           WHERE p.course_id = $1 AND p.parent_id IS NULL AND p.pinned_at IS NOT NULL AND ${VISIBLE}
           ORDER BY p.pinned_at DESC LIMIT $2`,
          [courseId, DISCUSSION_PAGE_SIZE],
        )
      : [];
  const rows = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM discussion_posts p LEFT JOIN users u ON u.id = p.user_id
     WHERE p.course_id = $1 AND p.parent_id IS NULL AND p.pinned_at IS NULL AND ${VISIBLE}
       AND ($2::bigint IS NULL OR p.seq < $2::bigint)
     ORDER BY p.seq DESC LIMIT $3`,
    [courseId, before, DISCUSSION_PAGE_SIZE + 1],
  );
  const page = rows.slice(0, DISCUSSION_PAGE_SIZE);
  const threads = [...pinned, ...page];
  const replies = await db.query<PostRow & { reply_count: number }>(
    `SELECT * FROM (
       SELECT ${POST_COLUMNS},
         row_number() OVER (PARTITION BY p.parent_id ORDER BY p.seq DESC) AS newest,
         count(*) OVER (PARTITION BY p.parent_id)::int AS reply_count
       FROM discussion_posts p LEFT JOIN users u ON u.id = p.user_id
       WHERE p.parent_id = ANY($1::uuid[]) AND ${VISIBLE}
     ) r WHERE r.newest <= $2 ORDER BY r.seq`,
    [threads.map((thread) => thread.id), DISCUSSION_REPLIES_SHOWN],
  );
  const byParent = new Map<string, (PostRow & { reply_count: number })[]>();
  for (const reply of replies)
    byParent.set(reply.parent_id ?? '', [...(byParent.get(reply.parent_id ?? '') ?? []), reply]);
  return {
    threads: threads.map((thread) => {
      const own = byParent.get(thread.id) ?? [];
      return {
        ...toView(thread, viewerId),
        replies: own.map((reply) => toView(reply, viewerId)),
        replyCount: own[0]?.reply_count ?? 0,
      };
    }),
    nextCursor: rows.length > DISCUSSION_PAGE_SIZE ? String(page[page.length - 1]?.seq) : null,
  };
}

/**
 * Every post and reply of the writers an admin manages (hidden and deleted too), newest first; optionally one course.
 */
export async function readModeration(
  db: Queryable,
  audience: Audience,
  viewerId: string,
  courseId: string | null,
  before: number | null,
): Promise<ModerationPage> {
  const params: unknown[] = [courseId, before, DISCUSSION_PAGE_SIZE + 1];
  const rows = await db.query<PostRow>(
    `SELECT ${POST_COLUMNS} FROM discussion_posts p LEFT JOIN users u ON u.id = p.user_id
     WHERE ($1::text IS NULL OR p.course_id = $1) AND ($2::bigint IS NULL OR p.seq < $2::bigint)
       AND ${audienceCondition(audience, 'p.user_id', params)}
     ORDER BY p.seq DESC LIMIT $3`,
    params,
  );
  const page = rows.slice(0, DISCUSSION_PAGE_SIZE);
  return {
    posts: page.map((row) => ({
      ...toView(row, viewerId),
      hidden: row.hidden_at === null ? null : { reason: row.hidden_reason ?? '', at: row.hidden_at.toISOString() },
      deleted: row.deleted_at !== null,
    })),
    nextCursor: rows.length > DISCUSSION_PAGE_SIZE ? String(page[page.length - 1]?.seq) : null,
  };
}

export type ModerationAction = { kind: 'hide'; reason: string } | { kind: 'unhide' | 'pin' | 'unpin' };

/**
 * Hides (with the reason, and who), shows again, pins or unpins one post, if its writer is in
 * the admin's audience. False when there is no such post the admin may moderate.
 */
export async function moderatePost(
  db: Queryable,
  audience: Audience,
  adminId: string,
  postId: string,
  action: ModerationAction,
): Promise<boolean> {
  const params: unknown[] = [postId];
  const condition = audienceCondition(audience, 'p.user_id', params);
  const set = {
    hide: (): string => {
      params.push(action.kind === 'hide' ? action.reason : '', adminId);
      return `hidden_at = now(), hidden_reason = $${params.length - 1}, hidden_by = $${params.length}::uuid`;
    },
    unhide: () => 'hidden_at = NULL, hidden_reason = NULL, hidden_by = NULL',
    pin: () => 'pinned_at = now()',
    unpin: () => 'pinned_at = NULL',
  }[action.kind]();
  const rows = await db.query<{ id: string }>(
    `UPDATE discussion_posts p SET ${set} WHERE p.id = $1 AND ${condition} RETURNING p.id`,
    params,
  );
  return rows.length > 0;
}
