import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  ACTIVITY_FILTERS,
  type AccountEventsPage,
  type InitialPasswordsResponse,
  type IssuedPassword,
  type OpdCount,
  type PeoplePage,
  type PersonDetail,
  type PersonSummary,
} from '../../shared/protocol/people';
import { InitialPasswordsRequest, PersonInput } from '../../shared/protocol/schemas';
import { EMPLOYMENT_STATUSES } from '../../shared/roster';
import { managedBy } from '../auth/audience';
import { requireAnyAdmin, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { jsonBodyLimit, readJsonBody } from '../http/json-body';
import { listAccountEvents } from '../services/account-events';
import {
  createPerson,
  endAllSessions,
  issueInitialPasswords,
  listOpds,
  listPeople,
  personDetail,
  resetPassword,
  setActive,
  updatePerson,
} from '../services/people';
import type { RouteDeps } from './deps';

const PeopleQuery = z.object({
  q: z.string().max(100).optional(),
  opd: z.string().max(400).optional(),
  status: z.enum(EMPLOYMENT_STATUSES).optional(),
  aktif: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  activity: z.enum(ACTIVITY_FILTERS).optional(),
  after: z.uuid().optional(),
});

const EventsQuery = z.object({
  userId: z.uuid().optional(),
  after: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});

/**
 * The people screen and account lifecycle, for the BKPSDM (everyone) and OPD admins (their OPD,
 * learners only); every change is in the audit log (`/admin/account-events`).
 */
export function peopleRoutes({ db, tokens }: RouteDeps) {
  const anyAdmin = requireAnyAdmin(tokens);
  return new Hono<AuthEnv>()
    .get('/admin/people', anyAdmin, async (c) => {
      const query = parseQuery(
        c,
        PeopleQuery,
        'q, opd, status (PNS/CPNS/PPPK), aktif (true/false), activity, after (a UUID)',
      );
      return c.json<PeoplePage>(await listPeople(db, managedBy(c.var.session), query));
    })
    .get('/admin/people/opds', anyAdmin, async (c) =>
      c.json<{ opds: OpdCount[] }>({ opds: await listOpds(db, managedBy(c.var.session)) }),
    )
    .post('/admin/people', anyAdmin, jsonBodyLimit, async (c) => {
      const input = await readJsonBody(c, PersonInput);
      return c.json<IssuedPassword>(await createPerson(db, c.var.session, input), 201);
    })
    .post('/admin/people/initial-passwords', anyAdmin, jsonBodyLimit, async (c) => {
      const { opd } = await readJsonBody(c, InitialPasswordsRequest);
      return c.json<InitialPasswordsResponse>(await issueInitialPasswords(db, c.var.session, opd));
    })
    .get('/admin/people/:id', anyAdmin, async (c) => {
      const detail = await personDetail(db, managedBy(c.var.session), c.req.param('id'));
      if (detail === null) throw new ApiError(404, 'not_found', 'No such person among those you manage');
      return c.json<PersonDetail>(detail);
    })
    .put('/admin/people/:id', anyAdmin, jsonBodyLimit, async (c) => {
      const input = await readJsonBody(c, PersonInput);
      return c.json<{ person: PersonSummary }>({
        person: await updatePerson(db, c.var.session, c.req.param('id'), input),
      });
    })
    .post('/admin/people/:id/reset-password', anyAdmin, async (c) =>
      c.json<IssuedPassword>(await resetPassword(db, c.var.session, c.req.param('id'))),
    )
    .post('/admin/people/:id/deactivate', anyAdmin, async (c) =>
      c.json<{ person: PersonSummary }>({ person: await setActive(db, c.var.session, c.req.param('id'), false) }),
    )
    .post('/admin/people/:id/activate', anyAdmin, async (c) =>
      c.json<{ person: PersonSummary }>({ person: await setActive(db, c.var.session, c.req.param('id'), true) }),
    )
    .post('/admin/people/:id/end-sessions', anyAdmin, async (c) =>
      c.json<{ ended: number }>(await endAllSessions(db, c.var.session, c.req.param('id'))),
    )
    .get('/admin/account-events', anyAdmin, async (c) => {
      const query = parseQuery(c, EventsQuery, 'userId is a UUID; after is an event id');
      return c.json<AccountEventsPage>(
        await listAccountEvents(db, managedBy(c.var.session), { targetId: query.userId, after: query.after }),
      );
    });
}

function parseQuery<T>(c: Context, schema: z.ZodType<T>, expected: string): T {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError(400, 'bad_request', expected, parsed.error.issues);
  return parsed.data;
}
