import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { ACTIONS_MAX, ACTION_TEXT_MAX, type PlannedAction } from '../../../shared/records/action-plan';
import { freeTextProblem } from '../../../shared/text';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FreeTextNotice } from '../../components/FreeTextNotice';
import { Link } from '../../components/Link';
import { currentPlan } from '../../data/tasks';
import { queueRecord } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { formatDay } from '../../components/format';

type Draft = Omit<PlannedAction, 'id'>;
const emptyDraft = (): Draft => ({ what: '', indicator: '', targetDate: '', support: '' });
const complete = (draft: Draft) =>
  freeTextProblem(draft.what) === null &&
  freeTextProblem(draft.indicator) === null &&
  freeTextProblem(draft.support, { optional: true }) === null &&
  /^\d{4}-\d{2}-\d{2}$/.test(draft.targetDate);

/** Rencana Tindak Lanjut: 1–3 actions the learner commits to at the course's end, written offline. */
export default function ActionPlanScreen({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const plan = useLiveQuery(
    async () => currentPlan(await db.actionPlans.where('body.courseId').equals(courseId).toArray(), courseId),
    [db, courseId],
  );
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const save = useAction(async () => {
    if (drafts === null) return;
    await queueRecord(db, 'action_plan', {
      courseId,
      actions: drafts.map((draft, index) => ({ id: `a${index + 1}`, ...draft })),
      writtenAt: new Date().toISOString(),
    });
    setDrafts(null);
  });
  if (course === undefined || plan === undefined) return <p class="loading">{t('app.loading')}</p>;
  const editing = drafts ?? (plan === null ? [emptyDraft()] : null);
  const update = (index: number, field: keyof Draft, value: string) =>
    setDrafts((editing ?? []).map((draft, at) => (at === index ? { ...draft, [field]: value } : draft)));

  return (
    <main class="cycle">
      <Link class="back-link" to={{ name: 'course', courseId }}>
        ← {t('discussion.backToCourse')}
      </Link>
      <h1>{t('cycle.plan.title')}</h1>
      {course && <p>{pickLanguage(course.manifest.title, language)}</p>}
      <p>{t('cycle.plan.intro')}</p>
      {plan !== null && editing === null && (
        <>
          <ol class="cycle__actions">
            {plan.body.actions.map((action) => (
              <li key={action.id}>
                <strong>{action.what}</strong>
                <br />
                {t('cycle.plan.indicator')}: {action.indicator} · {t('cycle.plan.targetDate')}:{' '}
                {formatDay(action.targetDate, language)}
                {action.support && (
                  <>
                    <br />
                    {t('cycle.plan.support')}: {action.support}
                  </>
                )}
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="button"
            onClick={() => setDrafts(plan.body.actions.map(({ id: _id, ...draft }) => draft))}
          >
            {t('cycle.plan.revise')}
          </button>
        </>
      )}
      {editing !== null && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (editing.every(complete)) {
              setDrafts(editing);
              save.run();
            }
          }}
        >
          {editing.map((draft, index) => (
            <fieldset key={index} class="cycle__action">
              <legend>{t('cycle.plan.action', { number: index + 1 })}</legend>
              {(['what', 'indicator', 'support'] as const).map((field) => (
                <label key={field}>
                  {t(`cycle.plan.${field}`)}
                  <textarea
                    name={`${field}-${index}`}
                    rows={2}
                    maxLength={ACTION_TEXT_MAX}
                    required={field !== 'support'}
                    value={draft[field]}
                    onInput={(event) => update(index, field, event.currentTarget.value)}
                  />
                  <FreeTextNotice value={draft[field]} optional={field === 'support'} />
                </label>
              ))}
              <label>
                {t('cycle.plan.targetDate')}
                <input
                  type="date"
                  name={`targetDate-${index}`}
                  required
                  value={draft.targetDate}
                  onInput={(event) => update(index, 'targetDate', event.currentTarget.value)}
                />
              </label>
              {editing.length > 1 && (
                <button type="button" class="button" onClick={() => setDrafts(editing.filter((_, at) => at !== index))}>
                  {t('cycle.plan.removeAction')}
                </button>
              )}
            </fieldset>
          ))}
          {editing.length < ACTIONS_MAX && (
            <button type="button" class="button" onClick={() => setDrafts([...editing, emptyDraft()])}>
              {t('cycle.plan.addAction')}
            </button>
          )}
          <button type="submit" class="button button--primary" disabled={save.busy || !editing.every(complete)}>
            {t('cycle.plan.save')}
          </button>
        </form>
      )}
      {save.error !== null && <ErrorNotice error={save.error} />}
    </main>
  );
}
