import { useState } from 'preact/hooks';
import { AKPK_NOTE_MAX, LEARNING_METHODS, type AkpkResponseBody } from '../../../shared/records/akpk';
import { ErrorNotice } from '../../components/ErrorNotice';
import { cycleState } from '../../data/cycle';
import { queueRecord } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useRouter } from '../../stores/router';
import { PriorityField, SelfLevelField } from './AkpkFields';
import { formatDay } from '../../components/format';

type Item = AkpkResponseBody['items'][number];

/**
 * AKPK: the needs survey open now, filled offline from what the last sync brought. Per
 * competency the learner's own level (1–5) beside the required one (pre-filled from the
 * position; set by the admin), a priority, a preferred way to learn and a note.
 */
export default function SurveyScreen() {
  const { t, language } = useT();
  const db = useDb();
  const data = useLiveQuery(async () => {
    const { survey } = await cycleState(db);
    const answered = survey === null ? [] : await db.akpkResponses.where('body.periodId').equals(survey.id).toArray();
    return { survey, answered: answered.length > 0 };
  }, [db]);
  const [items, setItems] = useState(new Map<string, Item>());
  const save = useAction(async () => {
    const survey = data?.survey;
    if (!survey) return;
    await queueRecord(db, 'akpk_response', {
      periodId: survey.id,
      items: [...items.values()],
      writtenAt: new Date().toISOString(),
    });
    useRouter.getState().navigate({ name: 'tasks' });
  });
  if (data === undefined) return <p class="loading">{t('app.loading')}</p>;
  const { survey, answered } = data;
  if (survey === null)
    return (
      <main class="cycle">
        <h1>{t('cycle.survey.title')}</h1>
        <p>{t('cycle.survey.none')}</p>
      </main>
    );
  const ready = survey.competencies.every((competency) => items.has(competency.code));
  const set = (code: string, change: Partial<Item>, required: number) =>
    setItems((current) => {
      const base: Item = current.get(code) ?? {
        competencyId: code,
        selfLevel: 1,
        requiredLevel: required,
        priority: 2,
        method: 'e-learning',
        note: '',
      };
      return new Map(current).set(code, { ...base, ...change });
    });

  return (
    <main class="cycle">
      <h1>{t('cycle.survey.title')}</h1>
      <p>{t('cycle.survey.intro', { year: survey.year, until: formatDay(survey.endsOn, language) })}</p>
      {answered && <p class="notice">{t('cycle.survey.answered')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) save.run();
        }}
      >
        {survey.competencies.map((competency) => {
          const required = competency.requiredLevel ?? 1;
          const item = items.get(competency.code);
          return (
            <fieldset key={competency.code} class="cycle__action" data-competency={competency.code}>
              <legend>{competency.name}</legend>
              <p class="discussion__meta">{t('cycle.survey.required', { level: required })}</p>
              <SelfLevelField
                code={competency.code}
                value={item?.selfLevel}
                onChange={(selfLevel) => set(competency.code, { selfLevel }, required)}
              />
              <PriorityField
                value={item?.priority ?? 2}
                onChange={(priority) => set(competency.code, { priority }, required)}
              />
              <label>
                {t('cycle.survey.method')}
                <select
                  value={item?.method ?? 'e-learning'}
                  onChange={(event) => {
                    const method = LEARNING_METHODS.find((entry) => entry === event.currentTarget.value);
                    if (method) set(competency.code, { method }, required);
                  }}
                >
                  {LEARNING_METHODS.map((method) => (
                    <option key={method} value={method}>
                      {t(`cycle.survey.methods.${method}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('cycle.survey.note')}
                <input
                  type="text"
                  maxLength={AKPK_NOTE_MAX}
                  value={item?.note ?? ''}
                  onInput={(event) => set(competency.code, { note: event.currentTarget.value }, required)}
                />
              </label>
            </fieldset>
          );
        })}
        <button type="submit" class="button button--primary" disabled={save.busy || !ready}>
          {t('cycle.survey.send')}
        </button>
      </form>
      {save.error !== null && <ErrorNotice error={save.error} />}
    </main>
  );
}
