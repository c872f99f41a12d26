import { z } from 'zod';

/** One post or reply as others see it: its writer by name and OPD (never the NIP). */
export const DiscussionPostView = z.object({
  id: z.string(),
  courseId: z.string(),
  promptId: z.string().nullable(),
  parentId: z.string().nullable(),
  text: z.string(),
  author: z.object({ name: z.string(), opd: z.string() }),
  /** The signed-in account wrote it: the phone offers edit and delete. */
  mine: z.boolean(),
  writtenAt: z.string(),
  receivedAt: z.string(),
  editedAt: z.string().nullable(),
  pinned: z.boolean(),
  /** The post's photo, read from `GET /api/attachments/<sha256>`; absent from servers before photos. */
  photo: z.object({ sha256: z.string(), type: z.string() }).nullable().optional(),
});
export type DiscussionPostView = z.infer<typeof DiscussionPostView>;

export const DiscussionThreadView = DiscussionPostView.extend({
  /** The newest replies (up to `DISCUSSION_REPLIES_SHOWN`), oldest first. */
  replies: z.array(DiscussionPostView),
  replyCount: z.number().int().min(0),
});
export type DiscussionThreadView = z.infer<typeof DiscussionThreadView>;

/**
 * `GET /api/courses/:courseId/discussion`: first posts of threads (learner threads and answers
 * to prompts), newest first; the first page starts with the pinned ones. Hidden and deleted
 * posts are never in it, so a phone that replaces its copy with the first page forgets them.
 */
export const DiscussionPage = z.object({
  threads: z.array(DiscussionThreadView),
  /** Pass as `before` for the next (older) page; null on the last. */
  nextCursor: z.string().nullable(),
});
export type DiscussionPage = z.infer<typeof DiscussionPage>;

export const DISCUSSION_PAGE_SIZE = 20;
export const DISCUSSION_REPLIES_SHOWN = 20;

/** The admin's moderation list: every post and reply, hidden ones with why and by whom. */
export const ModerationPostView = DiscussionPostView.extend({
  hidden: z.object({ reason: z.string(), at: z.string() }).nullable(),
  deleted: z.boolean(),
});
export type ModerationPostView = z.infer<typeof ModerationPostView>;
export const ModerationPage = z.object({ posts: z.array(ModerationPostView), nextCursor: z.string().nullable() });
export type ModerationPage = z.infer<typeof ModerationPage>;

export const HIDE_REASON_MAX = 500;

export const discussionApi = {
  course: (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/discussion`,
  moderation: '/api/admin/discussion',
  moderate: (postId: string, action: 'hide' | 'unhide' | 'pin' | 'unpin') =>
    `/api/admin/discussion/posts/${encodeURIComponent(postId)}/${action}`,
} as const;
