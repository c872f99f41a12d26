import { z } from 'zod';
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
  writtenAt: WrittenAt,
});
export type DiscussionPostBody = z.infer<typeof DiscussionPostBody>;
