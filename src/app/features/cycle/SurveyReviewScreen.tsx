import { useState } from 'preact/hooks';
import { AKPK_NOTE_MAX } from '../../../shared/records/akpk';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link } from '../../components/Link';
import { cycleState } from '../../data/cycle';
import { queueRecord } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useRouter } from '../../stores/router';
import { PriorityField, SelfLevelField } from './AkpkFields';
import { NotDue } from './NotDue';

/** The atasan reviews a direct report's AKPK answers offline: adjusts level and priority, then approves (or not). */
export default function SurveyReviewScreen({ learnerId }: { learnerId: string }) {
  const { t } = useT();
  const db = useDb();
  const due = useLiveQuery(
    async () => (await cycleState(db)).surveyReviewsDue.find((entry) => entry.learnerId === learnerId) ?? null,
    [db, learnerId],
  );
  const [changes, setChanges] = useState(new Map<string, { selfLevel: number; priority: number }>());
  const [note, setNote] = useState('');
  const send = useAction(async (approved: boolean) => {
    if (!due) return;
    await queueRecord(db, 'akpk_review', {
      periodId: due.periodId,
      learnerId,
      // The answer this screen shows: a later one the learner sends waits for its own review.
      ...(due.responseId === undefined ? {} : { responseId: due.responseId }),
      items: [...changes].map(([competencyId, change]) => ({ competencyId, ...change })),
      approved,
      note,
      writtenAt: new Date().toISOString(),
    });
    useRouter.getState().navigate({ name: 'tasks' });
  });
  if (due === undefined) return <p class="loading">{t('app.loading')}</p>;
  if (due === null) return <NotDue message={t('cycle.surveyReview.notDue')} />;
  const change = (
    code: string,
    base: { selfLevel: number; priority: number },
    field: 'selfLevel' | 'priority',
    value: number,
  ) => setChanges((current) => new Map(current).set(code, { ...(current.get(code) ?? base), [field]: value }));
  return (
    <main class="cycle">
      <Link class="back-link" to={{ name: 'tasks' }}>
        ← {t('cycle.tasks.title')}
      </Link>
      <h1>{t('cycle.surveyReview.title', { name: due.name })}</h1>
      <p>{due.opd}</p>
      <p>{t('cycle.surveyReview.intro')}</p>
      {due.items.map((item) => {
        const base = { selfLevel: item.selfLevel, priority: item.priority };
        const current = changes.get(item.competencyId) ?? base;
        return (
          <fieldset key={item.competencyId} class="cycle__action" data-competency={item.competencyId}>
            <legend>{item.name}</legend>
            <p class="discussion__meta">
              {t('cycle.surveyReview.answer', {
                self: item.selfLevel,
                required: item.requiredLevel,
                priority: item.priority,
              })}
              {item.note && ` · ${item.note}`}
            </p>
            <SelfLevelField
              label={t('cycle.surveyReview.validatedLevel')}
              code={item.competencyId}
              value={current.selfLevel}
              onChange={(level) => change(item.competencyId, base, 'selfLevel', level)}
            />
            <PriorityField
              value={current.priority}
              onChange={(priority) => change(item.competencyId, base, 'priority', priority)}
            />
          </fieldset>
        );
      })}
      <label>
        {t('cycle.surveyReview.note')}
        <input
          type="text"
          maxLength={AKPK_NOTE_MAX}
          value={note}
          onInput={(event) => setNote(event.currentTarget.value)}
        />
      </label>
      <p class="discussion__actions">
        <button type="button" class="button button--primary" disabled={send.busy} onClick={() => send.run(true)}>
          {t('cycle.surveyReview.approve')}
        </button>
        <button type="button" class="button" disabled={send.busy} onClick={() => send.run(false)}>
          {t('cycle.surveyReview.return')}
        </button>
      </p>
      {send.error !== null && <ErrorNotice error={send.error} />}
    </main>
  );
}
