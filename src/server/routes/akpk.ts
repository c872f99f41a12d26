import { Hono } from 'hono';
import { z } from 'zod';
import { NewPeriod, type AkpkPeriod, type AkpkSummary } from '../../shared/protocol/akpk';
import { managedBy } from '../auth/audience';
import { requireAdmin, requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, readJsonBody } from '../http/json-body';
import { akpkSummary, openPeriod, openPeriodFor, validateWithoutAtasan } from '../services/akpk';
import type { RouteDeps } from './deps';

const Id = z.uuid();

/** The training-needs survey for administrators: open a period (BKPSDM), read its summary and validate answers (scoped). */
export function akpkRoutes({ db, tokens }: RouteDeps) {
  return (
    new Hono<AuthEnv>()
      // What a phone fills offline: the period open today, narrowed to this person, required levels pre-filled.
      .get('/akpk/current', requireUser(tokens), async (c) =>
        c.json<{ period: AkpkPeriod | null }>({
          period: await openPeriodFor(db, c.var.session.userId, new Date().toISOString().slice(0, 10)),
        }),
      )
      .post('/admin/akpk/periods', requireAdmin(tokens), bodyLimitKiB(256), async (c) => {
        const period = await readJsonBody(c, NewPeriod);
        const id = await openPeriod(db, c.var.session.userId, period);
        return c.json<Pick<AkpkPeriod, 'id'>>({ id }, 201);
      })
      .get('/admin/akpk/periods/:periodId/summary', requireAnyAdmin(tokens), async (c) => {
        const periodId = Id.safeParse(c.req.param('periodId'));
        const summary = periodId.success ? await akpkSummary(db, managedBy(c.var.session), periodId.data) : null;
        if (summary === null) throw new ApiError(404, 'not_found', 'No such survey period');
        return c.json<AkpkSummary>(summary);
      })
      .post('/admin/akpk/periods/:periodId/validate/:userId', requireAnyAdmin(tokens), async (c) => {
        const periodId = Id.safeParse(c.req.param('periodId'));
        const userId = Id.safeParse(c.req.param('userId'));
        const { session } = c.var;
        if (
          !periodId.success ||
          !userId.success ||
          !(await validateWithoutAtasan(db, managedBy(session), session.userId, periodId.data, userId.data))
        )
          throw new ApiError(404, 'not_found', 'Nobody you manage without an atasan answered this period');
        return c.body(null, 204);
      })
  );
}
