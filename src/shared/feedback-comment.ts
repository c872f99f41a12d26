import { freeTextProblem, type FreeTextProblem } from './text';

/**
 * Longest evaluation comment kept, in UTF-16 units: what the phone's text box counts
 * (`maxlength`) and what the server refuses beyond. A phone keyboard can paste far more than anyone reads.
 */
export const FEEDBACK_COMMENT_LIMIT = 2000;

export type FeedbackCommentProblem = FreeTextProblem | 'too_long';

/**
 * Why a course or lesson evaluation's comment (trimmed, as it travels) cannot be kept, or null:
 * the one rule the phone's form and the server's `commented` statements apply. The comment is
 * free text (`freeTextProblem`), shown in the admin's report and export; an empty one is none at
 * all (the phone then sends no `commented` statement), so on the server it shows nothing.
 */
export function feedbackCommentProblem(comment: string): FeedbackCommentProblem | null {
  if (comment.length > FEEDBACK_COMMENT_LIMIT) return 'too_long';
  return freeTextProblem(comment);
}
