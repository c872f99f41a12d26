import { z } from 'zod';
import { AkpkPeriod } from './akpk';

/** Follow-up checkpoints, in days after the action plan: at most 4, increasing, within two years. */
export const Checkpoints = z
  .array(z.number().int().min(1).max(730))
  .min(1)
  .max(4)
  .refine((days) => days.every((day, index) => index === 0 || day > days[index - 1]!), 'checkpoints increase');

export const CycleSettings = z.object({
  /** Days after the plan at which the learner reports (the last one also asks the atasan). */
  checkpoints: Checkpoints,
  /** The course's certificate waits for an action plan. */
  actionPlanRequired: z.boolean(),
});
export type CycleSettings = z.infer<typeof CycleSettings>;
export { DEFAULT_CYCLE_SETTINGS } from './cycle-defaults';

const LangText = z.object({ id: z.string(), en: z.string() });

/** A questionnaire an atasan owes: a direct report's course whose last checkpoint has come. */
export const ReviewDue = z.object({
  learnerId: z.string(),
  name: z.string(),
  opd: z.string(),
  courseId: z.string(),
  courseTitle: LangText,
  /** When the questionnaire became due (plan + last checkpoint). */
  dueAt: z.string(),
  actions: z.array(
    z.object({
      id: z.string(),
      what: z.string(),
      indicator: z.string(),
      targetDate: z.string(),
      /** The learner's latest report on it (status, evidence, evidence photo); absent from servers before photos. */
      reported: z
        .object({
          status: z.string(),
          evidence: z.string(),
          photo: z.object({ sha256: z.string(), type: z.string() }).nullable(),
        })
        .nullable()
        .optional(),
    }),
  ),
  indicators: z.array(z.object({ id: z.string(), text: LangText })),
});
export type ReviewDue = z.infer<typeof ReviewDue>;

/** A direct report's survey answers waiting for the atasan's review. */
export const SurveyReviewDue = z.object({
  learnerId: z.string(),
  name: z.string(),
  opd: z.string(),
  periodId: z.string(),
  /** The answer to review (its record id): the review names it. Absent from servers before it. */
  responseId: z.string().optional(),
  /** When the answers were written: a later answer asks for a new review. */
  answeredAt: z.string(),
  items: z.array(
    z.object({
      competencyId: z.string(),
      name: z.string(),
      selfLevel: z.number(),
      requiredLevel: z.number(),
      priority: z.number(),
      method: z.string(),
      note: z.string(),
    }),
  ),
});
export type SurveyReviewDue = z.infer<typeof SurveyReviewDue>;

/**
 * `GET /api/cycle`: what the phone keeps for the training cycle, pulled at every sync: the
 * settings, the atasan's due questionnaires, and the needs survey open today (for this person).
 */
export const CycleState = z.object({
  settings: CycleSettings,
  reviewsDue: z.array(ReviewDue),
  survey: AkpkPeriod.nullable(),
  surveyReviewsDue: z.array(SurveyReviewDue),
});
export type CycleState = z.infer<typeof CycleState>;

export const FollowUpRow = z.object({
  courseId: z.string(),
  opd: z.string(),
  plans: z.number(),
  actionsPlanned: z.number(),
  actionsDone: z.number(),
  doneShare: z.number().nullable(),
  selfResponseRate: z.number().nullable(),
  atasanResponseRate: z.number().nullable(),
  selfIndex: z.number().nullable(),
  atasanIndex: z.number().nullable(),
  comments: z.array(z.string()),
});
export type FollowUpRow = z.infer<typeof FollowUpRow>;
export const FollowUpReport = z.object({ rows: z.array(FollowUpRow) });
export type FollowUpReport = z.infer<typeof FollowUpReport>;

/** A learner's latest follow-up reports with evidence, for the admins who manage them (newest first, at most 100). */
export const EvidenceEntry = z.object({
  reportId: z.string(),
  name: z.string(),
  opd: z.string(),
  courseId: z.string(),
  checkpoint: z.number(),
  writtenAt: z.string(),
  items: z.array(
    z.object({
      what: z.string(),
      status: z.string(),
      evidence: z.string(),
      photo: z.object({ sha256: z.string(), type: z.string() }).nullable(),
    }),
  ),
});
export type EvidenceEntry = z.infer<typeof EvidenceEntry>;
export const EvidenceList = z.object({ reports: z.array(EvidenceEntry) });
export type EvidenceList = z.infer<typeof EvidenceList>;

export const cycleApi = {
  state: '/api/cycle',
  settings: '/api/admin/cycle/settings',
  followUp: '/api/admin/follow-up',
  evidence: '/api/admin/follow-up/evidence',
} as const;
