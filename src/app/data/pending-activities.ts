// Apart from the outbox's writers (outbox.ts): the header's sync status counts what waits on
// Beranda, which has no use for the writers' code (canonical JSON, ids).
import { ACTIVITY_TYPES, VERBS, activityIds } from '../../shared/xapi/statement';
import type { SyncRecord } from './db';

/**
 * How many things the learner did are still waiting for the server, counted as the learner
 * would count them: a quiz attempt is one activity however many answers it holds, a feedback
 * form is one, a lesson studied (its reading position and its "studied" statement) is one.
 * The outbox's own entry count means nothing to a learner.
 */
export function pendingActivities(entries: readonly SyncRecord[]): number {
  const activities = new Set<string>();
  for (const entry of entries) activities.add(activityKey(entry));
  return activities.size;
}

/** Which activity a record belongs to; the sync page groups refused records by it too. */
export function activityKey(entry: SyncRecord): string {
  switch (entry.kind) {
    case 'progress':
      return `lesson ${activityIds.lesson(entry.body.courseId, entry.body.lessonId)}`;
    case 'statement': {
      const { verb, object, context } = entry.body;
      if (verb.id === VERBS.experienced.id) return `lesson ${object.id}`;
      // Finishing a course is one activity of its own, though it carries the course's registration.
      if (verb.id === VERBS.completed.id && object.definition?.type === ACTIVITY_TYPES.course)
        return `statement ${entry.id}`;
      // A quiz attempt's answers and outcome (passed, failed, or completed for an ungraded
      // pre-test), or a feedback form's ratings and comment, share one registration: the
      // attempt's or the form's id.
      if (context?.registration) return `registration ${context.registration}`;
      return `statement ${entry.id}`;
    }
    // A post, an answer or an action plan is one thing the learner wrote.
    case 'record':
      return `record ${entry.id}`;
  }
}
