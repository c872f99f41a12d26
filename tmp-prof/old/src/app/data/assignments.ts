import { assignmentsApi, isAssignmentDone } from '../../shared/protocol/assignments';
import { MyAssignmentsResponseSchema } from '../../shared/protocol/assignment-responses';
import type { LenteraDb, StoredAssignment } from './db';
import { requestJson } from './http';
import { completedCourseIds } from './progress';

/**
 * Pulls the learner's assigned courses and keeps them on the phone (replacing the last copy in
 * one transaction), so "Wajib" and the due dates show with no connection. A failed pull keeps
 * the last copy.
 */
export async function refreshAssignments(db: LenteraDb, token: string | null): Promise<void> {
  const { assignments } = await requestJson(assignmentsApi.mine, MyAssignmentsResponseSchema, { token });
  const fetchedAt = new Date().toISOString();
  await db.transaction('rw', db.assignments, async () => {
    await db.assignments.clear();
    await db.assignments.bulkPut(assignments.map((assignment) => ({ ...assignment, fetchedAt })));
  });
}

/**
 * The learner's assignments as the screens show them: the last pulled copy, with `done` also
 * true for a course completed on this phone and not yet synced (or not yet pulled back). Read
 * in a live query, so completing the course offline ends its reminder at once.
 */
export async function loadMyAssignments(db: LenteraDb): Promise<StoredAssignment[]> {
  const [assignments, completed] = await Promise.all([db.assignments.orderBy('id').toArray(), completedCourseIds(db)]);
  return assignments.map((assignment) => ({ ...assignment, done: isAssignmentDone(assignment, completed) }));
}
