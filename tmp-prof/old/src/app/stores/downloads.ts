import { create } from './create';
import { own } from '../../shared/dictionary';
import type { LenteraDb } from '../data/db';
import { downloadCourse, type DownloadProgress } from '../data/download';
import { requestPersistence } from '../data/storage';
import { noticeSessionEnded, useSession } from './session';

interface DownloadsState {
  /** Downloads under way, by course id. */
  active: Record<string, DownloadProgress>;
  /** The last failure per course, shown next to it until the learner tries again. */
  failed: Record<string, unknown>;
  start(db: LenteraDb, courseId: string): Promise<void>;
}

/** The downloads under way, so they can be stopped when the account changes. */
const running = new Set<AbortController>();

export const useDownloads = create<DownloadsState>()((set, get) => ({
  active: {},
  failed: {},
  start: async (db, courseId) => {
    if (own(get().active, courseId)) return;
    const controller = new AbortController();
    running.add(controller);
    const update = (progress: DownloadProgress): void => {
      if (!controller.signal.aborted) set((state) => ({ active: { ...state.active, [courseId]: progress } }));
    };
    set((state) => ({
      active: { ...state.active, [courseId]: { doneBytes: 0, totalBytes: 0 } },
      failed: without(state.failed, courseId),
    }));
    try {
      await downloadCourse(db, courseId, {
        token: useSession.getState().token,
        onProgress: update,
        signal: controller.signal,
      });
      // A learner who downloads a course is engaged: the moment to ask the browser to keep the data.
      void requestPersistence();
    } catch (error) {
      if (controller.signal.aborted) return;
      noticeSessionEnded(error);
      set((state) => ({ failed: { ...state.failed, [courseId]: error } }));
    } finally {
      running.delete(controller);
      if (!controller.signal.aborted) set((state) => ({ active: without(state.active, courseId) }));
    }
  },
}));

// Logging out, or another account logging in on a shared phone, stops the downloads under way
// (what they stored stays, for the next try) and clears their progress and failures: they
// belong to the account that started them.
let owner = useSession.getState().user?.id ?? null;
useSession.subscribe((state) => {
  const user = state.user?.id ?? null;
  if (user === owner) return;
  owner = user;
  running.forEach((controller) => controller.abort());
  running.clear();
  useDownloads.setState({ active: {}, failed: {} });
});

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}
