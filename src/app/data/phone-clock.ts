import type { LenteraDb } from './db';

/**
 * How far the phone's clock was from the server's at the last sync, as the sync engine keeps
 * it (src/app/sync/phone-clock.ts): the header reads it on Beranda, so only this reading is here.
 */

/** The `meta` entry holding how far the phone's clock was off at the last sync, in whole minutes (absent: right). */
export const PHONE_CLOCK_KEY = 'sync:phoneClockOffsetMinutes';

/** How far the phone's clock was ahead of the server's at the last sync, in minutes; null while it looked right. */
export async function phoneClockOffset(db: LenteraDb): Promise<number | null> {
  const value = (await db.meta.get(PHONE_CLOCK_KEY))?.value;
  return typeof value === 'number' ? value : null;
}
