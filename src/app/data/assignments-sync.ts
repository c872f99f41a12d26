import { assignmentsApi } from '../../shared/protocol/assignments';
import { MyAssignmentsResponseSchema } from '../../shared/protocol/assignment-responses';
import type { LenteraDb } from './db';
import { requestJson } from './http';

/**
 * Pulls the learner's assigned courses and keeps them on the phone (replacing the last copy in
 * one transaction), so "Wajib" and the due dates show with no connection. A failed pull keeps
 * the last copy. Apart from the reading side (`./assignments`): Beranda loads the answer's
 * schema only once it is drawn.
 */
export async function refreshAssignments(db: LenteraDb, token: string | null): Promise<void> {
  const { assignments } = await requestJson(assignmentsApi.mine, MyAssignmentsResponseSchema, { token });
  const fetchedAt = new Date().toISOString();
  await db.transaction('rw', db.assignments, async () => {
    await db.assignments.clear();
    await db.assignments.bulkPut(assignments.map((assignment) => ({ ...assignment, fetchedAt })));
  });
}
