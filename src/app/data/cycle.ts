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
    const state = await fetchState(token);
    // Unchanged (most syncs): not rewritten, so the tasks card and reminders do not re-read six tables.
    const stored = (await db.meta.get(CYCLE_STATE_KEY))?.value;
    if (JSON.stringify(stored) !== JSON.stringify(state)) await db.meta.put({ key: CYCLE_STATE_KEY, value: state });
  } catch (error) {
    if (isSessionEnded(error)) throw error;
  }
}

export async function cycleState(db: LenteraDb): Promise<CycleState> {
  const parsed = CycleState.safeParse((await db.meta.get(CYCLE_STATE_KEY))?.value);
  return parsed.success ? parsed.data : NO_CYCLE_STATE;
}
