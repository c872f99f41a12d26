import { Hono } from 'hono';
import { z } from 'zod';
import { DEACTIVATE_MAX, ROSTER_MAX_BYTES, type RosterImportResult } from '../../shared/protocol/roster-import';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, readJsonBody } from '../http/json-body';
import { readTableFileBody } from '../http/raw-body';
import { setActiveMany } from '../services/people';
import { importRoster } from '../services/roster-import/import';
import type { RouteDeps } from './deps';

const ImportQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });
/** 5,000 ids are about 200 KB of JSON. */
const DeactivateBody = z.object({ ids: z.array(z.uuid()).min(1).max(DEACTIVATE_MAX) });

/** `POST /api/admin/roster`: the roster file as the body (issue 10.2); an OPD admin imports their OPD only. */
export function rosterRoutes({ db, tokens, xlsxReader }: RouteDeps) {
  const anyAdmin = requireAnyAdmin(tokens);
  return new Hono<AuthEnv>()
    .post('/admin/roster', anyAdmin, async (c) => {
      const query = ImportQuery.safeParse(c.req.query());
      if (!query.success) throw new ApiError(400, 'bad_request', 'dryRun is true or false', query.error.issues);
      const bytes = await readTableFileBody(c, ROSTER_MAX_BYTES, 'the roster file');
      const result = await importRoster(db, c.var.session, bytes, {
        dryRun: query.data.dryRun === 'true',
        signal: c.req.raw.signal,
        xlsx: xlsxReader,
      });
      return c.json<RosterImportResult>(result);
    })
    .post('/admin/roster/deactivate', anyAdmin, bodyLimitKiB(256), async (c) => {
      const { ids } = await readJsonBody(c, DeactivateBody);
      return c.json<{ deactivated: number }>(await setActiveMany(db, c.var.session, ids, false));
    });
}
