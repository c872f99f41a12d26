import { z } from 'zod';
import { AttachmentRef } from './attachment';
import { Key, RecordId, WrittenAt, text } from './fields';

/** Longest post or reply, in characters. */
export const POST_TEXT_MAX = 2000;

/**
 * A post in a course's discussion. Threads have one level of replies:
 * - `parentId` null, `promptId` null: the learner opens a new thread with this post;
 * - `parentId` null, `promptId` set: an answer in the pinned thread of a lesson's discussion prompt;
 * - `parentId` set: a reply to a post of the first kind or the second (never to a reply).
 */
export const DiscussionPostBody = z.strictObject({
  courseId: Key,
  promptId: Key.nullable(),
  parentId: RecordId.nullable(),
  text: text(POST_TEXT_MAX),
  /** One photo (≤ `PHOTO_MAX_BYTES`), uploaded beside the batch; absent on posts from phones before photos. */
  photo: AttachmentRef.nullable().optional(),
  writtenAt: WrittenAt,
});
export type DiscussionPostBody = z.infer<typeof DiscussionPostBody>;

/** The writer changes the text of their own post or reply; the latest change (by `writtenAt`) is what others see. */
export const DiscussionEditBody = z.strictObject({
  postId: RecordId,
  text: text(POST_TEXT_MAX),
  writtenAt: WrittenAt,
});
export type DiscussionEditBody = z.infer<typeof DiscussionEditBody>;

/** The writer takes back their own post or reply: nobody sees it any more (nor the replies under it). */
export const DiscussionDeleteBody = z.strictObject({ postId: RecordId, writtenAt: WrittenAt });
export type DiscussionDeleteBody = z.infer<typeof DiscussionDeleteBody>;
