import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  AdminValidation,
  COMPETENCY_IMPORT_MAX_BYTES,
  NewPeriod,
  type AkpkPeriod,
  type AkpkPeriodList,
  type AkpkSummary,
  type AkpkTopics,
  type AkpkValidationList,
  type CompetencyImport,
} from '../../shared/protocol/akpk';
import { decidedBy, managedBy } from '../auth/audience';
import { requireAdmin, requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, jsonBodyLimit, readJsonBody } from '../http/json-body';
import { readTableFileBody } from '../http/raw-body';
import { attachment, XLSX_TYPE, xlsxDocument } from '../http/tabular';
import {
  akpkSummary,
  listPeriods,
  openPeriod,
  openPeriodFor,
  validateWithoutAtasan,
  validationsDue,
} from '../services/akpk';
import { readCompetencyFile } from '../services/akpk-competencies';
import { catalogTopics, developmentPlan } from '../services/akpk-plan';
import type { RouteDeps } from './deps';

const Id = z.uuid();
/** `?opd=`: narrows a summary or plan to one OPD, within what the admin manages. */
const OpdQuery = z.object({ opd: z.string().max(200).optional() });

function periodParam(c: Context): string {
  const periodId = Id.safeParse(c.req.param('periodId'));
  if (!periodId.success) throw new ApiError(404, 'not_found', 'No such survey period');
  return periodId.data;
}

function opdParam(c: Context): string | undefined {
  const query = OpdQuery.safeParse(c.req.query());
  if (!query.success) throw new ApiError(400, 'bad_request', 'opd is an OPD name (at most 200 characters)');
  return query.data.opd;
}

/**
 * The training-needs survey for administrators: open a period (BKPSDM), read its summary and validate answers (scoped).
 */
export function akpkRoutes({ db, tokens, xlsxReader }: RouteDeps) {
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
      // Periods hold no people: any admin may list them (an OPD admin reads their OPD's summary of each).
      .get('/admin/akpk/periods', requireAnyAdmin(tokens), async (c) =>
        c.json<AkpkPeriodList>({ periods: await listPeriods(db) }),
      )
      // The technical competencies of a CSV or XLSX, read and checked row by row; nothing is stored
      // until the period opens.
      .post('/admin/akpk/competencies', requireAdmin(tokens), async (c) => {
        const bytes = await readTableFileBody(c, COMPETENCY_IMPORT_MAX_BYTES, 'the competency file');
        return c.json<CompetencyImport>(
          await readCompetencyFile(bytes, { signal: c.req.raw.signal, xlsx: xlsxReader }),
        );
      })
      .get('/admin/akpk/topics', requireAdmin(tokens), async (c) =>
        c.json<AkpkTopics>({ topics: await catalogTopics(db) }),
      )
      .get('/admin/akpk/periods/:periodId/summary', requireAnyAdmin(tokens), async (c) => {
        const summary = await akpkSummary(db, managedBy(c.var.session), periodParam(c), opdParam(c));
        if (summary === null) throw new ApiError(404, 'not_found', 'No such survey period');
        return c.json<AkpkSummary>(summary);
      })
      .get('/admin/akpk/periods/:periodId/rpk.xlsx', requireAnyAdmin(tokens), async (c) => {
        const plan = await developmentPlan(db, managedBy(c.var.session), periodParam(c), opdParam(c));
        if (plan === null) throw new ApiError(404, 'not_found', 'No such survey period');
        return c.body(await xlsxDocument(plan.rows, `RPK ${plan.year}`), 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment(`rencana-pengembangan-kompetensi-${plan.year}.xlsx`),
        });
      })
      .get('/admin/akpk/periods/:periodId/validations', requireAnyAdmin(tokens), async (c) =>
        c.json<AkpkValidationList>({ people: await validationsDue(db, decidedBy(c.var.session), periodParam(c)) }),
      )
      .post('/admin/akpk/periods/:periodId/validate/:userId', requireAnyAdmin(tokens), jsonBodyLimit, async (c) => {
        const periodId = periodParam(c);
        const userId = Id.safeParse(c.req.param('userId'));
        const review = await readJsonBody(c, AdminValidation);
        const { session } = c.var;
        if (!userId.success)
          throw new ApiError(404, 'not_found', 'Nobody you manage without an atasan answered this period');
        const result = await validateWithoutAtasan(db, session, periodId, userId.data, review);
        if (result.outcome === 'not_found')
          throw new ApiError(404, 'not_found', 'Nobody you manage without an atasan answered this period');
        if (result.outcome === 'invalid') throw new ApiError(400, 'bad_request', result.message);
        return c.body(null, 204);
      })
  );
}
