import { Hono } from 'hono';
import type {
  AssignmentPeopleResponse,
  AssignmentsResponse,
  AssignmentSummary,
  MyAssignmentsResponse,
} from '../../shared/protocol/assignments';
import { NewAssignment } from '../../shared/protocol/schemas';
import { managedBy, teamOf } from '../auth/audience';
import { requireAnyAdmin, requireUser, type AuthEnv } from '../auth/middleware';
import { ApiError } from '../http/api-error';
import { bodyLimitKiB, readJsonBody } from '../http/json-body';
import {
  assignmentPeople,
  cancelAssignment,
  createAssignment,
  listAssignments,
  myAssignments,
} from '../services/assignments';
import type { RouteDeps } from './deps';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Assigned learning (issue 10.5): admins assign and read counts over those they manage; an
 * atasan reads counts over their direct reports; every learner reads their own assignments.
 */
export function assignmentRoutes({ db, tokens }: RouteDeps) {
  const anyAdmin = requireAnyAdmin(tokens);
  const user = requireUser(tokens);
  const id = (value: string): string => {
    if (!UUID.test(value)) throw new ApiError(404, 'not_found', 'No such assignment');
    return value;
  };
  return (
    new Hono<AuthEnv>()
      // 5,000 NIPs are about 120 KB of JSON.
      .post('/admin/assignments', anyAdmin, bodyLimitKiB(256), async (c) => {
        const input = await readJsonBody(c, NewAssignment);
        return c.json<{ assignment: AssignmentSummary }>(
          { assignment: await createAssignment(db, c.var.session, input) },
          201,
        );
      })
      .get('/admin/assignments', anyAdmin, async (c) =>
        c.json<AssignmentsResponse>({ assignments: await listAssignments(db, managedBy(c.var.session)) }),
      )
      .get('/admin/assignments/:id/people', anyAdmin, async (c) => {
        const answer = await assignmentPeople(db, managedBy(c.var.session), id(c.req.param('id')));
        if (answer === null) throw new ApiError(404, 'not_found', 'No such assignment among those you manage');
        return c.json<AssignmentPeopleResponse>(answer);
      })
      .delete('/admin/assignments/:id', anyAdmin, async (c) => {
        await cancelAssignment(db, c.var.session, id(c.req.param('id')));
        return c.body(null, 204);
      })
      .get('/assignments', user, async (c) =>
        c.json<MyAssignmentsResponse>({ assignments: await myAssignments(db, c.var.session.userId) }),
      )
      .get('/team/assignments', user, async (c) =>
        c.json<AssignmentsResponse>({ assignments: await listAssignments(db, teamOf(c.var.session)) }),
      )
      .get('/team/assignments/:id/people', user, async (c) => {
        const answer = await assignmentPeople(db, teamOf(c.var.session), id(c.req.param('id')));
        if (answer === null) throw new ApiError(404, 'not_found', 'No such assignment in your team');
        return c.json<AssignmentPeopleResponse>(answer);
      })
  );
}
