import { feedbackCommentProblem } from '../../shared/feedback-comment';
import { uuidv7 } from '../../shared/id';
import type { Manifest } from '../../shared/schema/bundle';
import { FEEDBACK_ITEMS, feedbackStatements, type FeedbackRatings, type Learner } from '../../shared/xapi/build';
import type { CourseFeedback, LenteraDb } from './db';
import { queueStatements } from './outbox';

/** A new evaluation form's id: the form keeps it, so saving it twice still saves it once. */
export const newFeedbackId = (): string => uuidv7();

/**
 * Saves the learner's evaluation of a course (or one lesson) and queues it, in one
 * transaction. Saving the same form (`id`) again, e.g. a double tap on a slow phone, changes
 * nothing: the ratings must count once in the admin's report.
 */
export async function submitFeedback(
  db: LenteraDb,
  learner: Learner,
  manifest: Manifest,
  input: { id: string; lessonId: string | null; ratings: FeedbackRatings; comment: string },
  now = new Date(),
): Promise<CourseFeedback> {
  const lesson = input.lessonId ? manifest.lessons.find((entry) => entry.id === input.lessonId) : undefined;
  if (input.lessonId && !lesson) throw new Error(`lesson ${input.lessonId} is not in ${manifest.id}`);
  const comment = input.comment.trim();
  // The form says why first (`FreeTextNotice`); queued anyway, the server would refuse the comment.
  const problem = comment === '' ? null : feedbackCommentProblem(comment);
  if (problem !== null) throw new Error(`the comment cannot be sent: ${problem}`);
  const feedback: CourseFeedback = {
    id: input.id,
    courseId: manifest.id,
    lessonId: input.lessonId,
    ratings: input.ratings,
    comment,
    createdAt: now.toISOString(),
  };
  const statements = feedbackStatements({
    learner,
    course: manifest,
    ...(lesson ? { lesson } : {}),
    feedbackId: feedback.id,
    ratings: feedback.ratings,
    comment: feedback.comment,
    at: now,
    statementIds: [...FEEDBACK_ITEMS, 'comment'].map(() => uuidv7(now.getTime())),
  });
  return db.transaction('rw', db.feedback, db.outbox, async () => {
    const saved = await db.feedback.get(feedback.id);
    if (saved) return saved;
    await db.feedback.add(feedback);
    await queueStatements(db, statements, now);
    return feedback;
  });
}
