import { create } from './create';

interface SaveFailureState {
  /** The last learner action that could not be written to the phone (storage full, say); null when all is saved. */
  error: unknown;
  dismiss(): void;
}

/**
 * A write the learner believes done (an answer, "selesai", lesson progress) that IndexedDB
 * refused must never fail silently: it is shown until dismissed, with what to do.
 */
export const useSaveFailure = create<SaveFailureState>()((set) => ({
  error: null,
  dismiss: () => set({ error: null }),
}));

export function reportSaveFailure(error: unknown): void {
  useSaveFailure.setState({ error });
}
