import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { COMMENT_MAX } from '../../../shared/records/action-plan';
import { AttachedPhoto } from '../../components/AttachedPhoto';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link } from '../../components/Link';
import { cycleState } from '../../data/cycle';
import { queueRecord } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useRouter } from '../../stores/router';
import { NotDue } from './NotDue';
import { BehaviourScales } from './BehaviourScales';

/**
 * The atasan's questionnaire about a direct report after a course, answered offline from what the last sync brought.
 */
export default function ReviewScreen({ learnerId, courseId }: { learnerId: string; courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const due = useLiveQuery(
    async () =>
      (await cycleState(db)).reviewsDue.find((entry) => entry.learnerId === learnerId && entry.courseId === courseId) ??
      null,
    [db, learnerId, courseId],
  );
  const [scores, setScores] = useState(new Map<string, number>());
  const [comment, setComment] = useState('');
  const save = useAction(async () => {
    await queueRecord(db, 'behaviour_review', {
      learnerId,
      courseId,
      answers: [...scores].map(([indicatorId, score]) => ({ indicatorId, score })),
      comment,
      writtenAt: new Date().toISOString(),
    });
    useRouter.getState().navigate({ name: 'tasks' });
  });
  if (due === undefined) return <p class="loading">{t('app.loading')}</p>;
  if (due === null) return <NotDue message={t('cycle.review.notDue')} />;
  const ready = due.indicators.every((indicator) => scores.has(indicator.id));
  return (
    <main class="cycle">
      <Link class="back-link" to={{ name: 'tasks' }}>
        ← {t('cycle.tasks.title')}
      </Link>
      <h1>{t('cycle.review.title', { name: due.name })}</h1>
      <p>
        {pickLanguage(due.courseTitle, language)} · {due.opd}
      </p>
      <p>{t('cycle.review.intro')}</p>
      <h2>{t('cycle.review.plannedActions')}</h2>
      <ul>
        {due.actions.map((action) => (
          <li key={action.id}>
            {action.what} ({t('cycle.plan.indicator')}: {action.indicator})
            {action.reported && (
              <p class="discussion__meta">
                {t(`cycle.followUp.status.${action.reported.status}`, action.reported.status)}
                {action.reported.evidence !== '' && ` · ${action.reported.evidence}`}
              </p>
            )}
            {action.reported?.photo && (
              <AttachedPhoto sha256={action.reported.photo.sha256} alt={t('attachment.evidencePhoto')} />
            )}
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) save.run();
        }}
      >
        <BehaviourScales indicators={due.indicators} scores={scores} onChange={setScores} />
        <label>
          {t('cycle.review.comment')}
          <textarea
            rows={3}
            maxLength={COMMENT_MAX}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button button--primary" disabled={save.busy || !ready}>
          {t('cycle.review.send')}
        </button>
      </form>
      {save.error !== null && <ErrorNotice error={save.error} />}
    </main>
  );
}
