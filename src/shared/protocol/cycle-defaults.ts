import type { CycleSettings } from './cycle';

/** The training cycle's settings until an admin changes them; apart from the schemas, for Beranda's tasks (no zod). */
export const DEFAULT_CYCLE_SETTINGS: CycleSettings = { checkpoints: [30, 90], actionPlanRequired: false };
