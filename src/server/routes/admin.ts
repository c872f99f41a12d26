import { Hono } from 'hono';
import { z } from 'zod';
import type { AdminAttemptsPage, CompletionReviewsPage, ConflictsPage } from '../../shared/protocol';
import type { CourseReportsResponse } from '../../shared/protocol/reports';
import { Manifest } from '../../shared/schema/bundle';
import { decidedBy, managedBy } from '../auth/audience';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { listAdminAttempts } from '../services/attempts';
import { decideCompletionReview, listCompletionReviews } from '../services/completion-reviews';
import { courseReports } from '../services/reports';
import { listConflicts } from '../services/statement-store';
import type { RouteDeps } from './deps';

const AttemptFilter = z.object({
  courseId: Manifest.shape.id.optional(),
  userId: z.uuid().optional(),
  after: z.uuid().optional(),
});

const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REVIEW_CURSOR = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([a-z0-9-]{1,64})$/;
const CONFLICT_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[0-9a-f]{64}$/;

/**
 * What administrators read of the learners' records: the BKPSDM everyone's, an OPD admin their
 * OPD's (`managedBy`); a learner or an atasan gets 403 on every route.
 */
export function adminRoutes({ db, tokens, signer, records }: RouteDeps) {
  const admin = requireAnyAdmin(tokens);
  return new Hono<AuthEnv>()
    .get('/admin/attempts', admin, async (c) => {
      const filter = AttemptFilter.safeParse(c.req.query());
      if (!filter.success)
        throw new ApiError(
          400,
          'bad_request',
          'courseId is a course id; userId and after are UUIDs',
          filter.error.issues,
        );
      const { session } = c.var;
      return c.json<AdminAttemptsPage>(
        await listAdminAttempts(db, managedBy(session), decidedBy(session), filter.data),
      );
    })
    .get('/admin/conflicts', admin, async (c) => {
      const after = c.req.query('after');
      if (after !== undefined && !CONFLICT_CURSOR.test(after))
        throw new ApiError(400, 'bad_request', 'after is the cursor of a conflict from the previous page');
      return c.json<ConflictsPage>(await listConflicts(db, managedBy(c.var.session), after ?? null));
    })
    .get('/admin/completion-reviews', admin, async (c) => {
      const { after, status = 'pending' } = c.req.query();
      const match = after === undefined ? null : REVIEW_CURSOR.exec(after);
      if (after !== undefined && match === null)
        throw new ApiError(400, 'bad_request', 'after is the cursor of a review from the previous page');
      if (status !== 'pending' && status !== 'refused')
        throw new ApiError(400, 'bad_request', 'status is pending or refused');
      const cursor = match === null ? null : { userId: match[1] ?? '', courseId: match[2] ?? '' };
      // Offered to whoever may decide them: an administrator's own held completions go to another.
      return c.json<CompletionReviewsPage>(await listCompletionReviews(db, decidedBy(c.var.session), status, cursor));
    })
    .post('/admin/completion-reviews/:userId/:courseId/:decision', admin, async (c) => {
      const { userId, courseId, decision } = c.req.param();
      const decided = decision === 'accept' ? 'accepted' : decision === 'refuse' ? 'refused' : null;
      if (decided === null || !ANY_UUID.test(userId) || !Manifest.shape.id.safeParse(courseId).success)
        throw new ApiError(404, 'not_found', 'No such review or decision');
      // Optional, for a screen loaded before it was sent; ours sends it.
      const seen = c.req.query('seen');
      if (seen !== undefined && seen !== 'pending' && seen !== 'refused')
        throw new ApiError(400, 'bad_request', 'seen is pending or refused');
      await decideCompletionReview(
        db,
        c.var.session,
        { userId, courseId },
        decided,
        { signer, settings: records },
        seen,
      );
      return c.body(null, 204);
    })
    .get('/admin/reports/courses', admin, async (c) =>
      c.json<CourseReportsResponse>({
        courses: await courseReports(db, managedBy(c.var.session)),
        generatedAt: new Date().toISOString(),
      }),
    );
}
