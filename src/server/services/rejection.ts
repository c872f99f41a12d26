import type { z } from 'zod';

/**
 * Why the server refuses one pushed record. The record is answered `rejected` with the code
 * (for programs) and the reason (for the learner's "perlu perhatian" list); the rest of the
 * batch goes on without it.
 */
export type RejectionCode =
  | 'invalid_statement'
  | 'invalid_progress'
  | 'unsupported_verb'
  | 'unknown_activity'
  | 'unknown_course'
  | 'unknown_course_version'
  | 'unknown_lesson'
  | 'unknown_quiz'
  | 'invalid_rating';

export interface Rejection {
  ok: false;
  code: RejectionCode;
  reason: string;
}

export const reject = (code: RejectionCode, reason: string): Rejection => ({ ok: false, code, reason });

/** A schema failure as one line a learner's list can show: `path: problem; …`. */
export function issuesReason(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
}
