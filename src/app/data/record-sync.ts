import type { LenteraDb } from './db';
import { sendExternalLearning } from './external-learning';
import { refreshRecord } from './record';

/**
 * After a successful sync: send learning done elsewhere, then bring the ledger and certificates
 * up to date. A failure to send does not keep the ledger from refreshing.
 */
export async function syncRecord(db: LenteraDb, token: string): Promise<void> {
  await sendExternalLearning(db, token).catch((error: unknown) =>
    console.warn('sending external learning failed', error),
  );
  await refreshRecord(db, token);
}
