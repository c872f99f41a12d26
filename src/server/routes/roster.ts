import { Hono } from 'hono';
import { z } from 'zod';
import {
  DEACTIVATE_MAX,
  ROSTER_MAX_BYTES,
  XLSX_MEDIA_TYPE,
  type RosterImportResult,
} from '../../shared/protocol/roster-import';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, readJsonBody } from '../http/json-body';
import { mediaType, readRawBody } from '../http/raw-body';
import { setActiveMany } from '../services/people';
import { importRoster } from '../services/roster-import/import';
import type { RouteDeps } from './deps';

/**
 * Media types a roster file arrives with: what SIMPEG integrations send, and what browsers say
 * for a .csv (Windows with Excel installed calls it application/vnd.ms-excel). The content, not
 * the type, tells CSV from XLSX.
 */
const ROSTER_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  XLSX_MEDIA_TYPE,
  'application/octet-stream',
]);

const ImportQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });
/** 5,000 ids are about 200 KB of JSON. */
const DeactivateBody = z.object({ ids: z.array(z.uuid()).min(1).max(DEACTIVATE_MAX) });

/** `POST /api/admin/roster`: the roster file as the body (issue 10.2); an OPD admin imports their OPD only. */
export function rosterRoutes({ db, tokens }: RouteDeps) {
  const anyAdmin = requireAnyAdmin(tokens);
  return new Hono<AuthEnv>()
    .post('/admin/roster', anyAdmin, async (c) => {
      const query = ImportQuery.safeParse(c.req.query());
      if (!query.success) throw new ApiError(400, 'bad_request', 'dryRun is true or false', query.error.issues);
      if (!ROSTER_TYPES.has(mediaType(c)))
        throw new ApiError(
          415,
          'unsupported_media_type',
          `Send the roster file itself as the body, with Content-Type text/csv or ${XLSX_MEDIA_TYPE}`,
        );
      const bytes = await readRawBody(c, ROSTER_MAX_BYTES, 'a roster file');
      const result = await importRoster(db, c.var.session, bytes, { dryRun: query.data.dryRun === 'true' });
      return c.json<RosterImportResult>(result);
    })
    .post('/admin/roster/deactivate', anyAdmin, bodyLimitKiB(256), async (c) => {
      const { ids } = await readJsonBody(c, DeactivateBody);
      return c.json<{ deactivated: number }>(await setActiveMany(db, c.var.session, ids, false));
    });
}
