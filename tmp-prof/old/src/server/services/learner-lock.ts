import type { Queryable } from '../db/db';

/** Per learner, any constant: two pushes of one learner (two phones) are applied one after the other. */
const LEARNER_LOCK = 4_242_002;

/**
 * Serialises, until the transaction ends, everything that credits this learner: pushes, an
 * admin accepting a held completion, certificates released by a setting. Completion and
 * certificate issue read what the others wrote, and a learner has one certificate per course.
 */
export async function lockLearner(tx: Queryable, userId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LEARNER_LOCK, userId]);
}
