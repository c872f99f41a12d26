import { Hono } from 'hono';
import { z } from 'zod';
import { AttemptGrantRequest, type AttemptGrant, type AttemptGrantsPage } from '../../shared/protocol/assessment';
import type { CourseAnalysis, FeedbackCommentsPage } from '../../shared/protocol/analysis';
import { JENIS_JABATAN, ROSTER_TEXT_MAX } from '../../shared/roster';
import { Manifest } from '../../shared/schema/bundle';
import { managedBy } from '../auth/audience';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { courseAnalysis, listFeedbackComments } from '../services/analysis';
import { grantAttempts, listAttemptGrants } from '../services/attempt-grants';
import type { RouteDeps } from './deps';

const GrantsQuery = z.object({
  courseId: Manifest.shape.id.optional(),
  userId: z.uuid().optional(),
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

const AnalysisQuery = z.object({
  opd: z.string().min(1).max(ROSTER_TEXT_MAX).optional(),
  jenisJabatan: z.enum(JENIS_JABATAN).optional(),
});

const CommentsQuery = z.object({ courseId: Manifest.shape.id.optional(), after: z.uuid().optional() });

/**
 * Issue 11's admin routes: remedial grants, the course analysis (gain, items, reaction) and the
 * learners' comments. Scoped like every route about people
 * (`managedBy`: an OPD admin grants and reads for their OPD only).
 */
export function assessmentRoutes({ db, tokens, content, l1Bands }: RouteDeps) {
  const admin = requireAnyAdmin(tokens);
  return new Hono<AuthEnv>()
    .post('/admin/attempt-grants', admin, jsonBodyLimit, async (c) => {
      const input = await readJsonBody(c, AttemptGrantRequest);
      return c.json<AttemptGrant>(await grantAttempts(db, content, c.var.session, input), 201);
    })
    .get('/admin/attempt-grants', admin, async (c) => {
      const query = GrantsQuery.safeParse(c.req.query());
      if (!query.success)
        throw new ApiError(
          400,
          'bad_request',
          'courseId is a course id, userId a UUID, after a grant id',
          query.error.issues,
        );
      return c.json<AttemptGrantsPage>(await listAttemptGrants(db, managedBy(c.var.session), query.data));
    })
    .get('/admin/analysis/courses/:courseId', admin, async (c) => {
      const courseId = Manifest.shape.id.safeParse(c.req.param('courseId'));
      const query = AnalysisQuery.safeParse(c.req.query());
      if (!query.success)
        throw new ApiError(
          400,
          'bad_request',
          'opd is an OPD name; jenisJabatan one of the roster values',
          query.error.issues,
        );
      const analysis = courseId.success
        ? await courseAnalysis(db, content, managedBy(c.var.session), courseId.data, query.data, l1Bands)
        : null;
      if (analysis === null) throw new ApiError(404, 'not_found', 'No such course');
      return c.json<CourseAnalysis>(analysis);
    })
    .get('/admin/feedback/comments', admin, async (c) => {
      const query = CommentsQuery.safeParse(c.req.query());
      if (!query.success)
        throw new ApiError(400, 'bad_request', 'courseId is a course id; after a comment id', query.error.issues);
      return c.json<FeedbackCommentsPage>(await listFeedbackComments(db, managedBy(c.var.session), query.data));
    });
}
