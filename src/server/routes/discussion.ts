import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { z } from 'zod';
import { HIDE_REASON_MAX, type DiscussionPage, type ModerationPage } from '../../shared/protocol/discussion';
import { Key, RecordId, text } from '../../shared/records/fields';
import { managedBy } from '../auth/audience';
import { requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import {
  moderatePost,
  parseCursor,
  readDiscussion,
  readModeration,
  type ModerationAction,
} from '../services/discussion';
import type { RouteDeps } from './deps';

const HideBody = z.object({ reason: text(HIDE_REASON_MAX) });
const ModerationKind = z.enum(['hide', 'unhide', 'pin', 'unpin']);

function cursorOf(value: string | undefined): number | null {
  const cursor = parseCursor(value);
  if (cursor === 'invalid') throw new ApiError(400, 'bad_request', '`before` is a cursor from a previous page');
  return cursor;
}

/**
 * The discussion of a course (every signed-in learner) and its moderation
 * (administrators, over the writers they manage).
 */
export function discussionRoutes({ db, tokens }: RouteDeps) {
  return (
    new Hono<AuthEnv>()
      // A phone asks on every sync with the ETag it holds: an unchanged discussion costs a 304 and no body.
      .get('/courses/:courseId/discussion', requireUser(tokens), etag(), async (c) => {
        const courseId = Key.safeParse(c.req.param('courseId'));
        const known =
          courseId.success && (await db.query('SELECT 1 FROM courses WHERE id = $1', [courseId.data])).length > 0;
        if (!courseId.success || !known) throw new ApiError(404, 'course_not_found', 'No such course');
        const before = cursorOf(c.req.query('before'));
        return c.json<DiscussionPage>(await readDiscussion(db, c.var.session.userId, courseId.data, before));
      })
      .get('/admin/discussion', requireAnyAdmin(tokens), async (c) => {
        const courseParam = c.req.query('courseId');
        const courseId = courseParam === undefined ? null : Key.safeParse(courseParam);
        if (courseId !== null && !courseId.success) throw new ApiError(400, 'bad_request', 'courseId is a course id');
        const before = cursorOf(c.req.query('before'));
        const { session } = c.var;
        return c.json<ModerationPage>(
          await readModeration(db, managedBy(session), session.userId, courseId?.data ?? null, before),
        );
      })
      .post('/admin/discussion/posts/:postId/:action', requireAnyAdmin(tokens), jsonBodyLimit, async (c) => {
        const postId = RecordId.safeParse(c.req.param('postId'));
        const kind = ModerationKind.safeParse(c.req.param('action'));
        if (!kind.success) throw new ApiError(404, 'not_found', 'Moderation is hide, unhide, pin or unpin');
        const action: ModerationAction =
          kind.data === 'hide'
            ? { kind: 'hide', reason: (await readJsonBody(c, HideBody)).reason }
            : { kind: kind.data };
        const { session } = c.var;
        if (!postId.success || !(await moderatePost(db, managedBy(session), session.userId, postId.data, action)))
          throw new ApiError(404, 'not_found', 'No such post among the writers you manage');
        return c.body(null, 204);
      })
  );
}
