import { z } from 'zod';
import { AttachmentRef } from './attachment';
import { Key, PlannedDay, RecordId, WrittenAt, optionalText, text } from './fields';

/**
 * Rencana Tindak Lanjut: what the learner will do with the course at work, and how it went
 * (Kirkpatrick level 3). Written at the course's end, reported on at the follow-up
 * checkpoints (T+30 and T+90 days by default), and judged by the atasan at the last one.
 */
export const ACTIONS_MAX = 3;
export const ACTION_TEXT_MAX = 500;
export const EVIDENCE_MAX = 1000;
export const COMMENT_MAX = 1000;
export const ACTION_STATUSES = ['not_yet', 'partly', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** Scale of a behaviour indicator: 1 tidak pernah, 2 kadang-kadang, 3 sering, 4 selalu. */
export const BEHAVIOUR_SCALE_MAX = 4;

const ActionId = z.string().regex(/^a[1-3]$/);

export const PlannedAction = z.strictObject({
  id: ActionId,
  what: text(ACTION_TEXT_MAX),
  indicator: text(ACTION_TEXT_MAX),
  targetDate: PlannedDay,
  support: optionalText(ACTION_TEXT_MAX),
});
export type PlannedAction = z.infer<typeof PlannedAction>;

/** The plan of one course; a later plan of the same course replaces it (the latest written wins). */
export const ActionPlanBody = z
  .strictObject({
    courseId: Key,
    actions: z.array(PlannedAction).min(1).max(ACTIONS_MAX),
    writtenAt: WrittenAt,
  })
  .refine((plan) => new Set(plan.actions.map((action) => action.id)).size === plan.actions.length, {
    message: 'action ids repeat',
    path: ['actions'],
  });
export type ActionPlanBody = z.infer<typeof ActionPlanBody>;

export const BehaviourAnswer = z.strictObject({
  indicatorId: Key,
  score: z.number().int().min(1).max(BEHAVIOUR_SCALE_MAX),
});
export type BehaviourAnswer = z.infer<typeof BehaviourAnswer>;

const behaviourAnswers = z
  .array(BehaviourAnswer)
  .max(10)
  .refine(
    (answers) => new Set(answers.map((answer) => answer.indicatorId)).size === answers.length,
    'indicators repeat',
  );

/**
 * The learner's report at one checkpoint (days after the plan): each action not yet / partly /
 * done with evidence; at the last checkpoint also their own rating of the course's behaviour
 * indicators, to set beside the atasan's.
 */
export const ActionReportBody = z.strictObject({
  courseId: Key,
  planId: RecordId,
  checkpoint: z.number().int().min(1).max(730),
  items: z
    .array(
      z.strictObject({
        actionId: ActionId,
        status: z.enum(ACTION_STATUSES),
        evidence: optionalText(EVIDENCE_MAX),
        /** A photo of the evidence (≤ `PHOTO_MAX_BYTES`); absent on reports from phones before photos. */
        photo: AttachmentRef.nullable().optional(),
      }),
    )
    .min(1)
    .max(ACTIONS_MAX),
  behaviour: behaviourAnswers,
  writtenAt: WrittenAt,
});
export type ActionReportBody = z.infer<typeof ActionReportBody>;

/** The atasan's questionnaire about one direct report after a course: each behaviour indicator 1–4, and a comment. */
export const BehaviourReviewBody = z.strictObject({
  learnerId: z.uuid(),
  courseId: Key,
  answers: behaviourAnswers.refine((answers) => answers.length > 0, 'no answers'),
  comment: optionalText(COMMENT_MAX),
  writtenAt: WrittenAt,
});
export type BehaviourReviewBody = z.infer<typeof BehaviourReviewBody>;

/** Behaviour index of a set of 1–4 answers: mean ÷ 4 × 100 (null without answers). */
export function behaviourIndex(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
  return (mean / BEHAVIOUR_SCALE_MAX) * 100;
}
