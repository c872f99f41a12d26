import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { ACTION_STATUSES, EVIDENCE_MAX, type ActionStatus } from '../../../shared/records/action-plan';
import { PHOTO_MAX_BYTES } from '../../../shared/records/attachment';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link } from '../../components/Link';
import { PhotoPicker } from '../../components/PhotoPicker';
import { cycleState } from '../../data/cycle';
import { currentPlan } from '../../data/tasks';
import { queueRecord, type PreparedFile } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useRouter } from '../../stores/router';
import { BehaviourScales } from './BehaviourScales';
import { formatDay } from '../../components/format';

/**
 * The learner's report at one checkpoint: each action not yet / partly / done with
 * evidence; at the last one, their own behaviour ratings.
 */
export default function FollowUpScreen({ courseId, checkpoint }: { courseId: string; checkpoint: number }) {
  const { t, language } = useT();
  const db = useDb();
  const data = useLiveQuery(async () => {
    const [course, plans, state] = await Promise.all([
      db.courses.get(courseId),
      db.actionPlans.where('body.courseId').equals(courseId).toArray(),
      cycleState(db),
    ]);
    return { course: course ?? null, plan: currentPlan(plans, courseId), state };
  }, [db, courseId]);
  const [statuses, setStatuses] = useState(new Map<string, ActionStatus>());
  const [evidence, setEvidence] = useState(new Map<string, string>());
  const [scores, setScores] = useState(new Map<string, number>());
  const [photos, setPhotos] = useState(new Map<string, PreparedFile>());
  const save = useAction(async () => {
    const plan = data?.plan;
    if (!plan) return;
    await queueRecord(
      db,
      'action_report',
      {
        courseId,
        planId: plan.id,
        checkpoint,
        items: plan.body.actions.map((action) => ({
          actionId: action.id,
          status: statuses.get(action.id) ?? 'not_yet',
          evidence: evidence.get(action.id) ?? '',
          photo: photos.get(action.id)?.ref ?? null,
        })),
        behaviour: [...scores].map(([indicatorId, score]) => ({ indicatorId, score })),
        writtenAt: new Date().toISOString(),
      },
      new Date(),
      [...photos.values()],
    );
    useRouter.getState().navigate({ name: 'tasks' });
  });
  if (data === undefined) return <p class="loading">{t('app.loading')}</p>;
  const { course, plan, state } = data;
  if (plan === null)
    return (
      <main>
        <p class="notice">{t('cycle.followUp.noPlan')}</p>
        <Link to={{ name: 'plan', courseId }}>{t('cycle.plan.title')}</Link>
      </main>
    );
  const last = checkpoint >= (state.settings.checkpoints.at(-1) ?? checkpoint);
  const indicators = last ? (course?.manifest.behaviourIndicators ?? []) : [];
  const ready =
    plan.body.actions.every((action) => statuses.has(action.id)) && indicators.every((item) => scores.has(item.id));

  return (
    <main class="cycle">
      <Link class="back-link" to={{ name: 'tasks' }}>
        ← {t('cycle.tasks.title')}
      </Link>
      <h1>{t('cycle.followUp.title', { days: checkpoint })}</h1>
      {course && <p>{pickLanguage(course.manifest.title, language)}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (ready) save.run();
        }}
      >
        {plan.body.actions.map((action) => (
          <fieldset key={action.id} class="cycle__action" data-action-id={action.id}>
            <legend>{action.what}</legend>
            <p class="discussion__meta">
              {t('cycle.plan.indicator')}: {action.indicator} · {t('cycle.plan.targetDate')}:{' '}
              {formatDay(action.targetDate, language)}
            </p>
            {ACTION_STATUSES.map((status) => (
              <label key={status} class="cycle__choice">
                <input
                  type="radio"
                  name={`status-${action.id}`}
                  checked={statuses.get(action.id) === status}
                  onChange={() => setStatuses(new Map(statuses).set(action.id, status))}
                />
                {t(`cycle.followUp.status.${status}`)}
              </label>
            ))}
            <label>
              {t('cycle.followUp.evidence')}
              <textarea
                rows={2}
                maxLength={EVIDENCE_MAX}
                value={evidence.get(action.id) ?? ''}
                onInput={(event) => setEvidence(new Map(evidence).set(action.id, event.currentTarget.value))}
              />
            </label>
            <PhotoPicker
              value={photos.get(action.id) ?? null}
              onChange={(photo) => {
                const next = new Map(photos);
                if (photo === null) next.delete(action.id);
                else next.set(action.id, photo);
                setPhotos(next);
              }}
              maxBytes={PHOTO_MAX_BYTES}
              label={t('attachment.addEvidencePhoto')}
            />
          </fieldset>
        ))}
        {indicators.length > 0 && (
          <fieldset class="cycle__action">
            <legend>{t('cycle.followUp.selfRating')}</legend>
            <BehaviourScales indicators={indicators} scores={scores} onChange={setScores} />
          </fieldset>
        )}
        <button type="submit" class="button button--primary" disabled={save.busy || !ready}>
          {t('cycle.followUp.send')}
        </button>
      </form>
      {save.error !== null && <ErrorNotice error={save.error} />}
    </main>
  );
}
