import type { z } from 'zod';
import type { RejectionCode } from '../../shared/protocol';

/**
 * The server refuses one pushed record: it is answered `rejected` with the code (the phone
 * explains it to the learner) and the reason (technical detail for the admin); the rest of
 * the batch goes on without it.
 */
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
