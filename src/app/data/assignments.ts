import { isAssignmentDone } from '../../shared/protocol/assignments';
import type { LenteraDb, StoredAssignment } from './db';
import { completedCourseIds } from './completion';

/**
 * The learner's assignments as the screens show them: the last pulled copy, with `done` also
 * true for a course completed on this phone and not yet synced (or not yet pulled back). Read
 * in a live query, so completing the course offline ends its reminder at once.
 */
export async function loadMyAssignments(db: LenteraDb): Promise<StoredAssignment[]> {
  const [assignments, completed] = await Promise.all([db.assignments.orderBy('id').toArray(), completedCourseIds(db)]);
  return assignments.map((assignment) => ({ ...assignment, done: isAssignmentDone(assignment, completed) }));
}
