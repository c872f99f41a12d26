import type { LenteraDb } from '../../data/db';

/**
 * The courses this learner must take (wajib), for the catalog's "Wajib" filter and order.
 * The phone knows of none until assignments reach it: the roster feature replaces this body
 * with a read of its assignments (this one function is the seam). Read from the phone, so it
 * works offline.
 */
export async function requiredCourseIds(_db: LenteraDb): Promise<ReadonlySet<string>> {
  return new Set<string>();
}
