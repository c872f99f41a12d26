import { Hono } from 'hono';
import { z } from 'zod';
import type { TeamResponse } from '../../shared/protocol/people';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { listTeam } from '../services/team';
import type { RouteDeps } from './deps';

const TeamQuery = z.object({ after: z.uuid().optional() });

/** An atasan's direct reports, read-only; everyone else gets an empty team. */
export function teamRoutes({ db, tokens }: RouteDeps) {
  return new Hono<AuthEnv>().get('/team', requireUser(tokens), async (c) => {
    const query = TeamQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'bad_request', 'after is a UUID', query.error.issues);
    return c.json<TeamResponse>(await listTeam(db, c.var.session, query.data.after));
  });
}
