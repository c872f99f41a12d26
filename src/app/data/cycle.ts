import { cycleApi, CycleState } from '../../shared/protocol/cycle';
import type { LenteraDb } from './db';
import { isSessionEnded } from './errors';
import { requestJson } from './http';
import { CYCLE_STATE_KEY } from './stored-shapes';
import { NO_CYCLE_STATE } from './tasks';

export type CycleFetch = (token: string) => Promise<CycleState>;
export const cycleFetch =
  (origin = ''): CycleFetch =>
  (token) =>
    requestJson(origin + cycleApi.state, CycleState, { token });

/**
 * Keeps the training cycle's settings and the atasan's due questionnaires for offline use; a
 * failed read keeps the last copy.
 */
export async function refreshCycle(db: LenteraDb, fetchState: CycleFetch, token: string): Promise<void> {
  try {
    await db.meta.put({ key: CYCLE_STATE_KEY, value: await fetchState(token) });
  } catch (error) {
    if (isSessionEnded(error)) throw error;
  }
}

export async function cycleState(db: LenteraDb): Promise<CycleState> {
  const parsed = CycleState.safeParse((await db.meta.get(CYCLE_STATE_KEY))?.value);
  return parsed.success ? parsed.data : NO_CYCLE_STATE;
}
