import { useState } from 'preact/hooks';
import { AKPK_NOTE_MAX, LEARNING_METHODS, type AkpkResponseBody } from '../../../shared/records/akpk';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { AkpkPeriod } from '../../../shared/protocol/akpk';
import { cycleState } from '../../data/cycle';
import { queueRecord } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { Link } from '../../components/Link';
import { PriorityField, SelfLevelField } from './AkpkFields';
import { formatDay } from '../../components/format';

type Item = AkpkResponseBody['items'][number];

/**
 * AKPK: the needs survey open now, filled offline from what the last sync brought. Per
 * competency the learner's own level (1–5) beside the required one (pre-filled from the
 * position; set by the admin), a priority, a preferred way to learn and a note.
 */
export default function SurveyScreen() {
  const { t } = useT();
  const db = useDb();
  const data = useLiveQuery(async () => {
    const { survey } = await cycleState(db);
    const answered = survey === null ? [] : await db.akpkResponses.where('body.periodId').equals(survey.id).toArray();
    // The newest answers replace the earlier ones on the server: the form starts from them.
    const latest = answered.reduce<(typeof answered)[number] | undefined>(
      (newest, response) =>
        newest === undefined || response.body.writtenAt > newest.body.writtenAt ? response : newest,
      undefined,
    );
    return { survey, previous: latest?.body.items ?? null };
  }, [db]);
  if (data === undefined) return <p class="loading">{t('app.loading')}</p>;
  const { survey, previous } = data;
  if (survey === null)
    return (
      <main class="cycle">
        <h1>{t('cycle.survey.title')}</h1>
        <p>{t('cycle.survey.none')}</p>
      </main>
    );
  // Keyed by the period: the form's own state starts again from the stored answers for a new survey.
  return <SurveyForm key={survey.id} survey={survey} previous={previous} />;
}

function SurveyForm({ survey, previous }: { survey: AkpkPeriod; previous: readonly Item[] | null }) {
  const { t, language } = useT();
  const db = useDb();
  const answered = previous !== null;
  const [items, setItems] = useState(() => new Map((previous ?? []).map((item) => [item.competencyId, item] as const)));
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await queueRecord(db, 'akpk_response', {
      periodId: survey.id,
      items: [...items.values()],
      writtenAt: new Date().toISOString(),
    });
    setSaved(true);
  });
  if (saved)
    return (
      <main class="cycle">
        <h1>{t('cycle.survey.title')}</h1>
        <p class="notice" role="status">
          {t('cycle.survey.saved')}
        </p>
        <Link to={{ name: 'tasks' }} class="button">
          {t('cycle.survey.backToTasks')}
        </Link>
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
                label={t('cycle.survey.selfLevel')}
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
