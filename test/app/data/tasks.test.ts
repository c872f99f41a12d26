import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { dueTasks, loadTasks, type TaskInputs } from '../../../src/app/data/tasks';
import { LenteraDb, type LocalRecord } from '../../../src/app/data/db';
import { CYCLE_STATE_KEY } from '../../../src/app/data/stored-shapes';
import { DEFAULT_CYCLE_SETTINGS, type ReviewDue } from '../../../src/shared/protocol/cycle';

const PLANNED = '2026-10-01T08:00:00.000Z';
const day = (days: number) => new Date(Date.parse(PLANNED) + days * 24 * 60 * 60 * 1000);
const plan = (id: string, courseId: string, writtenAt = PLANNED): LocalRecord<'action_plan'> => ({
  id,
  kind: 'action_plan',
  createdAt: writtenAt,
  body: {
    courseId,
    writtenAt,
    actions: [{ id: 'a1', what: 'x', indicator: 'y', targetDate: '2026-12-01', support: '' }],
  },
});
const report = (planId: string, checkpoint: number): LocalRecord<'action_report'> => ({
  id: `${planId}-${checkpoint}`,
  kind: 'action_report',
  createdAt: PLANNED,
  body: {
    courseId: 'c',
    planId,
    checkpoint,
    items: [{ actionId: 'a1', status: 'done', evidence: '' }],
    behaviour: [],
    writtenAt: PLANNED,
  },
});
const inputs = (fields: Partial<TaskInputs>): TaskInputs => ({
  state: { settings: DEFAULT_CYCLE_SETTINGS, reviewsDue: [], survey: null, surveyReviewsDue: [] },
  plans: [],
  reports: [],
  reviews: [],
  surveys: [],
  surveyReviews: [],
  now: day(0),
  ...fields,
});

describe('due tasks on the phone', () => {
  it('asks for the T+30 report once its day has come, and for T+90 after that, until each is written', () => {
    const plans = [plan('p1', 'c')];
    expect(dueTasks(inputs({ plans, now: day(29.9) }))).toEqual([]);
    expect(dueTasks(inputs({ plans, now: day(30) })).map((task) => task.id)).toEqual(['followup:p1:30']);
    expect(dueTasks(inputs({ plans, reports: [report('p1', 30)], now: day(45) }))).toEqual([]);
    expect(dueTasks(inputs({ plans, reports: [report('p1', 30)], now: day(90) })).map((task) => task.id)).toEqual([
      'followup:p1:90',
    ]);
  });

  it('follows the checkpoints the admin set, and only the current (latest) plan of a course', () => {
    const plans = [plan('old', 'c'), plan('new', 'c', day(10).toISOString())];
    const settings = { checkpoints: [14], actionPlanRequired: false };
    expect(
      dueTasks(
        inputs({ plans, state: { settings, reviewsDue: [], survey: null, surveyReviewsDue: [] }, now: day(24) }),
      ).map((task) => task.id),
    ).toEqual(['followup:new:14']);
  });

  it('lists the questionnaires the server says the atasan owes, until this phone answered one', () => {
    const due: ReviewDue = {
      learnerId: 'l1',
      name: 'Siti',
      opd: 'X',
      courseId: 'c',
      courseTitle: { id: 'C', en: 'C' },
      dueAt: day(90).toISOString(),
      actions: [],
      indicators: [],
    };
    const state = { settings: DEFAULT_CYCLE_SETTINGS, reviewsDue: [due], survey: null, surveyReviewsDue: [] };
    expect(dueTasks(inputs({ state })).map((task) => task.kind)).toEqual(['review']);
    const answered: LocalRecord<'behaviour_review'> = {
      id: 'r1',
      kind: 'behaviour_review',
      createdAt: day(91).toISOString(),
      body: { learnerId: 'l1', courseId: 'c', answers: [], comment: '', writtenAt: day(91).toISOString() },
    };
    expect(dueTasks(inputs({ state, reviews: [answered] }))).toEqual([]);
  });

  it('asks for the open needs survey until this phone answered it', () => {
    const survey = { id: 'p1', year: 2026, startsOn: '2026-11-01', endsOn: '2026-12-31', competencies: [] };
    const state = { settings: DEFAULT_CYCLE_SETTINGS, reviewsDue: [], survey, surveyReviewsDue: [] };
    expect(dueTasks(inputs({ state })).map((task) => task.id)).toEqual(['survey:p1']);
    const answer: LocalRecord<'akpk_response'> = {
      id: 'r1',
      kind: 'akpk_response',
      createdAt: PLANNED,
      body: { periodId: 'p1', items: [], writtenAt: PLANNED },
    };
    expect(dueTasks(inputs({ state, surveys: [answer] }))).toEqual([]);
  });

  it('asks the atasan to review a later answer even when their review of the earlier one is newer than it', () => {
    const due = (responseId: string, answeredAt: string) => ({
      learnerId: 'l1',
      name: 'Siti',
      periodId: 'p1',
      responseId,
      answeredAt,
    });
    const review: LocalRecord<'akpk_review'> = {
      id: 'v1',
      kind: 'akpk_review',
      createdAt: day(2).toISOString(),
      body: {
        periodId: 'p1',
        learnerId: 'l1',
        responseId: 'a1',
        items: [],
        approved: true,
        note: '',
        writtenAt: day(2).toISOString(),
      },
    };
    const state = (answer: ReturnType<typeof due>) => ({
      settings: DEFAULT_CYCLE_SETTINGS,
      reviewsDue: [],
      survey: null,
      surveyReviewsDue: [answer],
    });
    expect(dueTasks(inputs({ state: state(due('a1', PLANNED)), surveyReviews: [review] }))).toEqual([]);
    // Siti's second answer was written offline on day 1, before the review, and synced after it.
    expect(
      dueTasks(inputs({ state: state(due('a2', day(1).toISOString())), surveyReviews: [review] })).map(
        (task) => task.kind,
      ),
    ).toEqual(['surveyReview']);
  });
});

describe('tasks read from the phone', () => {
  it("follow the stored cycle's checkpoints, and the defaults when IndexedDB holds another shape", async () => {
    const db = new LenteraDb(`test-${crypto.randomUUID()}`);
    try {
      await db.actionPlans.add(plan('p1', 'c'));
      const stored = { settings: { checkpoints: [10], actionPlanRequired: false }, reviewsDue: [], survey: null };
      await db.meta.put({ key: CYCLE_STATE_KEY, value: { ...stored, surveyReviewsDue: [] } });
      expect((await loadTasks(db, day(10))).map((task) => task.id)).toEqual(['followup:p1:10']);

      await db.meta.put({ key: CYCLE_STATE_KEY, value: { ...stored, surveyReviewsDue: 'rusak' } });
      expect(await loadTasks(db, day(10))).toEqual([]);
      expect((await loadTasks(db, day(30))).map((task) => task.id)).toEqual(['followup:p1:30']);
    } finally {
      await db.delete();
    }
  });
});
