import { reject } from './rejection';
import { defineRecordType } from './records/registry';

/** A post or reply in a course's discussion: checked against the course and the post it answers, then shown to the course's learners. */
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
      `INSERT INTO discussion_posts (id, user_id, course_id, prompt_id, parent_id, text, written_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, userId, body.courseId, body.promptId, body.parentId, body.text, body.writtenAt],
    );
  },
});
