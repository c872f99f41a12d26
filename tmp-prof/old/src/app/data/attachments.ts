import { attachmentsApi, sniffType, type AttachmentType } from '../../shared/records/attachment';
import type { LenteraDb } from './db';
import { isSessionEnded, RequestError } from './errors';
import { request } from './http';

/** Reads one file of a record from the server (where the reader may see it). */
export type AttachmentFetch = (sha256: string, token: string) => Promise<{ blob: Blob; type: AttachmentType }>;

/** Over HTTP; the bytes are re-typed from what they are, never from the answer's header. */
export const attachmentFetch =
  (origin = ''): AttachmentFetch =>
  async (sha256, token) => {
    const response = await request(origin + attachmentsApi.file(sha256), { token, timeoutMs: 60_000 });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const type = sniffType(bytes);
    if (type === null) throw new RequestError('invalid_response', response.status, 'not a photo or PDF');
    return { blob: new Blob([bytes], { type }), type };
  };

/**
 * Photos of others' posts the phone keeps for reading offline: those of the newest posts of
 * each downloaded course's copy (`discussionThreads`), at most this many per course (≤ 15 MB
 * at 500 KB each). Older ones show when the phone is online.
 */
export const PHOTOS_KEPT_PER_COURSE = 30;

/**
 * After the discussions were refreshed: fetch the photos the phone should keep and does not
 * have, and drop the ones of posts that left its copy (hidden, deleted, pushed out by newer
 * ones). The learner's own files are never dropped here. A photo that cannot be fetched now
 * is tried at the next sync; only an ended session stops the sync.
 */
export async function keepDiscussionPhotos(db: LenteraDb, fetchFile: AttachmentFetch, token: string): Promise<void> {
  // Only courses still on the phone: the photos of a course the learner deleted go at the next sync.
  const downloaded = new Set(await db.courses.toCollection().primaryKeys());
  const threads = (await db.discussionThreads.toArray()).filter((thread) => downloaded.has(thread.courseId));
  const byCourse = new Map<string, { sha256: string; at: string }[]>();
  for (const thread of threads)
    for (const post of [thread, ...thread.replies])
      if (post.photo)
        byCourse.set(thread.courseId, [
          ...(byCourse.get(thread.courseId) ?? []),
          { sha256: post.photo.sha256, at: post.receivedAt },
        ]);
  const wanted = new Set<string>();
  for (const photos of byCourse.values())
    for (const photo of photos.sort((a, b) => b.at.localeCompare(a.at)).slice(0, PHOTOS_KEPT_PER_COURSE))
      wanted.add(photo.sha256);
  const held = await db.attachments.toArray();
  const stale = held.filter((file) => !file.own && !wanted.has(file.sha256)).map((file) => file.sha256);
  await db.attachments.bulkDelete(stale);
  const present = new Set(held.map((file) => file.sha256));
  for (const sha256 of wanted) {
    if (present.has(sha256)) continue;
    try {
      const { blob, type } = await fetchFile(sha256, token);
      // Written only if still absent: the learner's own copy of the same bytes stays theirs.
      await db.transaction('rw', db.attachments, async () => {
        if ((await db.attachments.get(sha256)) === undefined)
          await db.attachments.add({
            sha256,
            blob,
            type,
            size: blob.size,
            own: false,
            uploaded: false,
            savedAt: new Date().toISOString(),
          });
      });
    } catch (error) {
      if (isSessionEnded(error)) throw error;
    }
  }
}
