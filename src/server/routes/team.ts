import { Hono } from 'hono';
import { z } from 'zod';
import { FIRST_LEARNING_YEAR, LAST_REPORT_YEAR } from '../../shared/dates';
import { jpYear } from '../../shared/ledger';
import type { TeamResponse } from '../../shared/protocol/people';
import { requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { listTeam } from '../services/team';
import type { RouteDeps } from './deps';

const TeamQuery = z.object({
  after: z.uuid().optional(),
  year: z.coerce.number().int().min(FIRST_LEARNING_YEAR).max(LAST_REPORT_YEAR).optional(),
});

/** An atasan's direct reports, read-only; everyone else gets an empty team. */
export function teamRoutes({ db, tokens, records }: RouteDeps) {
  return new Hono<AuthEnv>().get('/team', requireUser(tokens), async (c) => {
    const query = TeamQuery.safeParse(c.req.query());
    if (!query.success) throw new ApiError(400, 'bad_request', 'after is a UUID, year 2000–2100', query.error.issues);
    const year = query.data.year ?? jpYear(new Date(), records.timeZone);
    return c.json<TeamResponse>(await listTeam(db, c.var.session, records, year, query.data.after));
  });
}
