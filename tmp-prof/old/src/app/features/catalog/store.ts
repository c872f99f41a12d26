import { create } from '../../stores/create';
import { NO_CRITERIA, type CatalogCriteria } from './filter';

/** The catalog's search and filters, kept while the learner opens a course and comes back. */
export const useCatalogCriteria = create<{ criteria: CatalogCriteria; set(change: Partial<CatalogCriteria>): void }>()(
  (set) => ({
    criteria: NO_CRITERIA,
    set: (change) => set((state) => ({ criteria: { ...state.criteria, ...change } })),
  }),
);
