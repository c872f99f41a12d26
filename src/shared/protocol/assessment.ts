import { z } from 'zod';
import { Manifest, QuizEntry } from '../schema/bundle';
import { freeTextProblem } from '../text';

/**
 * Remedial (issue 11.3): extra attempts an admin granted a learner at one quiz, with the
 * reason. Each grant is kept; a learner's extra attempts at a quiz are the sum of theirs.
 */
export interface AttemptGrant {
  id: string;
  userId: string;
  userName: string;
  courseId: string;
  quizId: string;
  extra: number;
  reason: string;
  grantedAt: string;
  /** The admin's name; empty when that account is gone. */
  grantedBy: string;
}

export interface AttemptGrantsPage {
  grants: AttemptGrant[];
  /** `?after=<next>` for the following (older) page; null on the last. */
  next: string | null;
}

/** What the phone pulls: the extra attempts per quiz, summed over the learner's grants. */
export interface GrantedAttempts {
  courseId: string;
  quizId: string;
  extra: number;
}

export const GRANT_MAX_EXTRA = 5;
export const GRANT_REASON_MIN = 5;
export const GRANT_REASON_MAX = 500;
export const ATTEMPT_GRANTS_PAGE = 200;

export interface AttemptGrantRequestBody {
  userId: string;
  courseId: string;
  quizId: string;
  extra: number;
  reason: string;
}

export const AttemptGrantRequest: z.ZodType<AttemptGrantRequestBody> = z
  .object({
    userId: z.uuid(),
    courseId: Manifest.shape.id,
    quizId: QuizEntry.shape.id,
    extra: z.number().int().min(1).max(GRANT_MAX_EXTRA),
    reason: z
      .string()
      .trim()
      .min(GRANT_REASON_MIN)
      .max(GRANT_REASON_MAX)
      .refine((reason) => freeTextProblem(reason) === null, 'shows nothing or holds a bidi override'),
  })
  .strict();

export const attemptGrantsApi = '/api/admin/attempt-grants';
