import { Hono } from 'hono';
import { z } from 'zod';
import { AttemptGrantRequest, type AttemptGrant, type AttemptGrantsPage } from '../../shared/protocol/assessment';
import { Manifest } from '../../shared/schema/bundle';
import { managedBy } from '../auth/audience';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
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

/**
 * Issue 11's admin routes: remedial grants. Scoped like every route about people
 * (`managedBy`: an OPD admin grants and reads for their OPD only).
 */
export function assessmentRoutes({ db, tokens, content }: RouteDeps) {
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
    });
}
