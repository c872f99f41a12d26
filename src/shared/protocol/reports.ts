import type { LangText } from '../schema/lang';
import type { FeedbackItem } from '../xapi/build';

/**
 * Admin reports (admin ↔ server). Types and the route only, so the admin screens import it
 * without pulling anything else in. Every figure comes from the server's own records: scores
 * are the server's re-scoring, completions and JP the server's derivation.
 */

/** How many ratings of 1, 2, 3, 4 and 5 (index 0 is the count of 1s). */
export type RatingCounts = [number, number, number, number, number];

export interface CourseReport {
  courseId: string;
  /** The published version, whose title and JP are shown; the figures cover every version. */
  version: string;
  title: LangText;
  jp: number;
  /** Learners with any statement or lesson progress for the course. */
  enrolled: number;
  /** Learners the server credited with completing the course. */
  completed: number;
  postTest: {
    attempts: number;
    passed: number;
    /** passed / attempts; null when nobody took the post-test. */
    passRate: number | null;
  };
  /** 0–1: the mean over learners of each learner's best pre-test score; null without attempts. */
  preTestAverage: number | null;
  /** 0–1: the same for the post-test. */
  postTestAverage: number | null;
  /** Mean of (best post − best pre) over learners who took both; null when none did. */
  averageGain: number | null;
  /** Per feedback item (`relevance`, `difficulty`…), the ratings of course and lesson evaluations together. */
  feedback: Partial<Record<FeedbackItem, RatingCounts>>;
  /**
   * 0–1: share of the learners who rated difficulty that rated it 4 or 5 at
   * least once ("too difficult"); null when nobody rated it.
   */
  tooDifficultShare: number | null;
  /** JP credited by this course's completions, summed. */
  jpCredited: number;
}

export interface CourseReportsResponse {
  /** One per published course, by course id. */
  courses: CourseReport[];
  generatedAt: string;
}

export const reportsApi = {
  courses: '/api/admin/reports/courses',
} as const;
