import type { CycleState } from '../../shared/protocol/cycle';
import { DEFAULT_CYCLE_SETTINGS } from '../../shared/protocol/cycle-defaults';
import type { LenteraDb, LocalRecord } from './db';
import { readTaskState, type TaskState } from './stored-shapes';

/**
 * The person's due tasks (follow-up reports, questionnaires, the needs survey), worked out on
 * the phone from the training cycle's state as last pulled (`./cycle`) and the records written
 * here. Beranda's tasks card reads them, so this module stays free of the cycle's schemas.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** Before the first pull of the cycle's state: the default settings, nothing else due. */
export const NO_CYCLE_STATE: CycleState = {
  settings: DEFAULT_CYCLE_SETTINGS,
  reviewsDue: [],
  survey: null,
  surveyReviewsDue: [],
};

/** The learner's current plan of a course: the latest written. */
export function currentPlan(
  plans: readonly LocalRecord<'action_plan'>[],
  courseId: string,
): LocalRecord<'action_plan'> | null {
  return (
    plans
      .filter((plan) => plan.body.courseId === courseId)
      .sort((a, b) => b.body.writtenAt.localeCompare(a.body.writtenAt))[0] ?? null
  );
}

/** Something the app asks of this person, shown in "Tugas" and, where allowed, as a notification. */
export type Task =
  | { kind: 'followup'; id: string; courseId: string; planId: string; checkpoint: number; dueAt: string }
  | { kind: 'review'; id: string; courseId: string; learnerId: string; name: string; dueAt: string }
  | { kind: 'survey'; id: string; periodId: string; year: number; dueAt: string }
  | { kind: 'surveyReview'; id: string; periodId: string; learnerId: string; name: string; dueAt: string };

export interface TaskInputs {
  state: TaskState;
  plans: readonly LocalRecord<'action_plan'>[];
  reports: readonly LocalRecord<'action_report'>[];
  reviews: readonly LocalRecord<'behaviour_review'>[];
  surveys: readonly LocalRecord<'akpk_response'>[];
  surveyReviews: readonly LocalRecord<'akpk_review'>[];
  now: Date;
}

/**
 * What is due now, oldest first, worked out on the phone so it shows offline and on time:
 * a follow-up report for each checkpoint of each current plan whose day has come and that
 * has no report yet; a questionnaire for each direct report the server listed, unless this
 * phone already answered it; the needs survey open now, until this phone answered it.
 */
export function dueTasks({ state, plans, reports, reviews, surveys, surveyReviews, now }: TaskInputs): Task[] {
  const tasks: Task[] = [];
  const survey = state.survey;
  if (survey !== null && !surveys.some((response) => response.body.periodId === survey.id))
    tasks.push({
      kind: 'survey',
      id: `survey:${survey.id}`,
      periodId: survey.id,
      year: survey.year,
      dueAt: `${survey.startsOn}T00:00:00.000Z`,
    });
  const courses = new Set(plans.map((plan) => plan.body.courseId));
  for (const courseId of courses) {
    const plan = currentPlan(plans, courseId);
    if (plan === null) continue;
    const written = Date.parse(plan.body.writtenAt);
    for (const checkpoint of state.settings.checkpoints) {
      const dueAt = written + checkpoint * DAY_MS;
      if (dueAt > now.getTime()) continue;
      const reported = reports.some(
        (report) => report.body.planId === plan.id && report.body.checkpoint === checkpoint,
      );
      if (!reported)
        tasks.push({
          kind: 'followup',
          id: `followup:${plan.id}:${checkpoint}`,
          courseId,
          planId: plan.id,
          checkpoint,
          dueAt: new Date(dueAt).toISOString(),
        });
    }
  }
  for (const due of state.reviewsDue) {
    const answered = reviews.some(
      (review) =>
        review.body.learnerId === due.learnerId &&
        review.body.courseId === due.courseId &&
        review.createdAt >= due.dueAt,
    );
    if (!answered)
      tasks.push({
        kind: 'review',
        id: `review:${due.learnerId}:${due.courseId}:${due.dueAt}`,
        courseId: due.courseId,
        learnerId: due.learnerId,
        name: due.name,
        dueAt: due.dueAt,
      });
  }
  for (const due of state.surveyReviewsDue) {
    // A review is of the answer it names: one written after an answer the learner sent later
    // (from an offline phone) is still not that answer's review.
    const reviewed = surveyReviews.some(
      (review) =>
        review.body.learnerId === due.learnerId &&
        review.body.periodId === due.periodId &&
        (due.responseId === undefined ? review.createdAt >= due.answeredAt : review.body.responseId === due.responseId),
    );
    if (!reviewed)
      tasks.push({
        kind: 'surveyReview',
        id: `survey-review:${due.learnerId}:${due.periodId}:${due.answeredAt}`,
        periodId: due.periodId,
        learnerId: due.learnerId,
        name: due.name,
        dueAt: due.answeredAt,
      });
  }
  return tasks.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Reads what `dueTasks` needs from the phone. */
export async function loadTasks(db: LenteraDb, now: Date): Promise<Task[]> {
  const [state, plans, reports, reviews, surveys, surveyReviews] = await Promise.all([
    readTaskState(db),
    db.actionPlans.toArray(),
    db.actionReports.toArray(),
    db.behaviourReviews.toArray(),
    db.akpkResponses.toArray(),
    db.akpkReviews.toArray(),
  ]);
  return dueTasks({ state: state ?? NO_CYCLE_STATE, plans, reports, reviews, surveys, surveyReviews, now });
}
