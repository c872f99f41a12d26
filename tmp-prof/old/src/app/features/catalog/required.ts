import type { StoredAssignment } from '../../data/db';

/**
 * The courses this learner must take (wajib): those the BKPSDM assigned, as kept on the
 * phone with the catalog (so the "Wajib" filter works offline). Done assignments still count:
 * the course stays wajib, the badge says it is done.
 */
export function requiredCourseIds(assignments: readonly StoredAssignment[]): ReadonlySet<string> {
  return new Set(assignments.map((assignment) => assignment.courseId));
}
