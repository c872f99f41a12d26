import type { LenteraDb } from '../../data/db';

/**
 * The courses this learner must take (wajib), for the catalog's "Wajib" filter and order: the
 * assignments the phone keeps from its last sync, so it works offline.
 */
export async function requiredCourseIds(db: LenteraDb): Promise<ReadonlySet<string>> {
  return new Set((await db.assignments.toArray()).map((assignment) => assignment.courseId));
}
