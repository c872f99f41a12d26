import type { LenteraDb } from './db';
import { refreshRecord } from './record';

/** After a successful sync: bring the ledger, certificates and external-learning decisions up to date. */
export async function syncRecord(db: LenteraDb, token: string): Promise<void> {
  await refreshRecord(db, token);
}
