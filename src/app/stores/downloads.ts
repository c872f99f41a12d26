import { create } from 'zustand';
import type { LenteraDb } from '../data/db';
import { downloadCourse, type DownloadProgress } from '../data/download';
import { RequestError } from '../data/errors';
import { requestPersistence } from '../data/storage';
import { useSession } from './session';

interface DownloadsState {
  /** Downloads under way, by course id. */
  active: Record<string, DownloadProgress>;
  /** The last failure per course, shown next to it until the learner tries again. */
  failed: Record<string, unknown>;
  start(db: LenteraDb, courseId: string): Promise<void>;
}

export const useDownloads = create<DownloadsState>()((set, get) => ({
  active: {},
  failed: {},
  start: async (db, courseId) => {
    if (get().active[courseId]) return;
    const update = (progress: DownloadProgress): void => set((state) => ({ active: { ...state.active, [courseId]: progress } }));
    set((state) => ({ active: { ...state.active, [courseId]: { doneBytes: 0, totalBytes: 0 } }, failed: without(state.failed, courseId) }));
    try {
      await downloadCourse(db, courseId, { token: useSession.getState().token, onProgress: update });
      // A learner who downloads a course is engaged: the moment to ask the browser to keep the data.
      void requestPersistence();
    } catch (error) {
      if (error instanceof RequestError && (error.code === 'session_expired' || error.code === 'unauthorized')) useSession.getState().markExpired();
      set((state) => ({ failed: { ...state.failed, [courseId]: error } }));
    } finally {
      set((state) => ({ active: without(state.active, courseId) }));
    }
  },
}));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}
