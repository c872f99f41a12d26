import { z } from 'zod';
import { LangText } from '../schema/lang';
import type { LangText as LangTextType } from '../schema/lang';
import { wireSchema } from './wire-schema';

/**
 * The course analysis for admins (issue 11.7: learning gain and item analysis; 11.8: reaction,
 * level 1) and the learners' comments. Types, validators and routes only, for the admin chunk.
 */

export type GainBand = 'high' | 'medium' | 'low';

export interface ItemStat {
  questionId: string;
  /** Attempts (that count) which asked the item. */
  answered: number;
  /** p: share of those answering right, 0–1. */
  difficulty: number;
  /** D = p(upper 27 %) − p(lower 27 %); null when a group never met the item. */
  discrimination: number | null;
  /** `tooEasy`: pre-test p > 0.85; `tooHard`: post-test p < 0.4. */
  flag: 'tooEasy' | 'tooHard' | null;
}

/** One item of the pre- or post-test (their items are parallel, not the same: ids may repeat across the two). */
export interface ItemAnalysisRow extends ItemStat {
  kind: 'pre' | 'post';
  /** The published quiz's prompt; null for an item no longer in it. */
  prompt: LangTextType | null;
  lessonId: string | null;
}

/** A predicate band of the reaction index: reached when the index is at least `min`. */
export interface L1Band {
  min: number;
  label: string;
}

/** SKM convention used by pemda (PermenPANRB 14/2017 interval values, on a 0–100 scale). */
export const DEFAULT_L1_BANDS: readonly L1Band[] = [
  { min: 88.31, label: 'Sangat Baik' },
  { min: 76.61, label: 'Baik' },
  { min: 65, label: 'Kurang Baik' },
  { min: 0, label: 'Tidak Baik' },
];

export interface ReactionSummary {
  /** 0–100: mean of the item means ÷ 5 × 100; null without ratings. */
  index: number | null;
  predicate: string | null;
  items: { item: string; mean: number; count: number }[];
  difficulty: {
    ratings: number;
    mean: number | null;
    /** Share of difficulty ratings of 4 or 5 (the "terlalu sulit" side of the bipolar scale). */
    tooDifficultShare: number | null;
    /** At least 30 % found it too difficult. */
    flagged: boolean;
  };
}

export interface CourseAnalysis {
  courseId: string;
  title: LangTextType;
  /** Which attempt counts for each learner: always the first finished one (stated on screen). */
  counts: 'first-attempt';
  filter: { opd: string | null; jenisJabatan: string | null };
  gain: {
    learners: number;
    meanPre: number | null;
    meanPost: number | null;
    meanGain: number | null;
    meanNormalizedGain: number | null;
    gainLearners: number;
    bands: Record<GainBand, number>;
  };
  /** Scores (0–1) of the counted attempts, for the distributions. */
  preScores: number[];
  postScores: number[];
  items: ItemAnalysisRow[];
  reaction: ReactionSummary;
  generatedAt: string;
}

export interface FeedbackComment {
  id: string;
  courseId: string;
  lessonId: string | null;
  userName: string;
  /** The export is a people export: it carries the NIP (issue 12.8). */
  nip: string;
  opd: string;
  comment: string;
  at: string;
}

export interface FeedbackCommentsPage {
  comments: FeedbackComment[];
  next: string | null;
}

export const FEEDBACK_COMMENTS_PAGE = 100;

export const analysisApi = {
  course: (courseId: string) => `/api/admin/analysis/courses/${encodeURIComponent(courseId)}`,
  comments: '/api/admin/feedback/comments',
} as const;

const Share = z.number().nullable();

export const CourseAnalysisSchema = wireSchema<CourseAnalysis>()(
  z.object({
    courseId: z.string(),
    title: LangText,
    counts: z.literal('first-attempt'),
    filter: z.object({ opd: z.string().nullable(), jenisJabatan: z.string().nullable() }),
    gain: z.object({
      learners: z.number(),
      meanPre: Share,
      meanPost: Share,
      meanGain: Share,
      meanNormalizedGain: Share,
      gainLearners: z.number(),
      bands: z.object({ high: z.number(), medium: z.number(), low: z.number() }),
    }),
    preScores: z.array(z.number()),
    postScores: z.array(z.number()),
    items: z.array(
      z.object({
        kind: z.enum(['pre', 'post']),
        questionId: z.string(),
        prompt: LangText.nullable(),
        lessonId: z.string().nullable(),
        answered: z.number(),
        difficulty: z.number(),
        discrimination: Share,
        flag: z.enum(['tooEasy', 'tooHard']).nullable(),
      }),
    ),
    reaction: z.object({
      index: Share,
      predicate: z.string().nullable(),
      items: z.array(z.object({ item: z.string(), mean: z.number(), count: z.number() })),
      difficulty: z.object({
        ratings: z.number(),
        mean: Share,
        tooDifficultShare: Share,
        flagged: z.boolean(),
      }),
    }),
    generatedAt: z.string(),
  }),
);

export const FeedbackCommentsPageSchema = wireSchema<FeedbackCommentsPage>()(
  z.object({
    comments: z.array(
      z.object({
        id: z.string(),
        courseId: z.string(),
        lessonId: z.string().nullable(),
        userName: z.string(),
        nip: z.string(),
        opd: z.string(),
        comment: z.string(),
        at: z.string(),
      }),
    ),
    next: z.string().nullable(),
  }),
);
