import { Link } from '../../components/Link';
import { courseCompletedAt, courseEvaluated } from '../../data/completion';
import { cycleState } from '../../data/cycle';
import { awaitedCertificates } from '../../data/record';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useJpYear } from '../record/JpCard';
import { CERTIFICATE_WAITS_FOR } from '../record/certificateWaits';

/**
 * The reward for finishing a course, right under the passing score: the JP it earned against
 * this year's target (counted as the JP card counts), where the certificate stands, and the
 * steps still due (the evaluation, the action plan). Nothing while the course is not complete.
 */
export function CompletionPanel({ courseId, jp }: { courseId: string; jp: number }) {
  const { t } = useT();
  const db = useDb();
  const year = useJpYear();
  const state = useLiveQuery(
    async () => ({
      completed: (await courseCompletedAt(db, courseId)) !== null,
      evaluated: await courseEvaluated(db, courseId),
      certified: new Set((await db.certificates.toArray()).map((certificate) => certificate.courseId)),
      planned: new Set((await db.actionPlans.toArray()).map((plan) => plan.body.courseId)),
      actionPlanRequired: (await cycleState(db)).settings.actionPlanRequired,
    }),
    [db, courseId],
  );
  if (state === undefined || year === undefined || !state.completed) return null;
  const { total } = year.model;
  const waitsFor = awaitedCertificates(
    year.snapshot,
    year.local,
    state.certified,
    state.planned,
    state.actionPlanRequired,
  ).find((completion) => completion.courseId === courseId)?.waitsFor;
  return (
    <section class="completion notice" aria-labelledby="completion-title">
      <h2 id="completion-title">{t('quiz.completion.title')}</h2>
      <p class="completion__jp">
        {total.target === null
          ? t('quiz.completion.jpNoTarget', { jp, total: total.jp })
          : t('quiz.completion.jp', { jp, total: total.jp, target: total.target })}
      </p>
      {state.certified.has(courseId) ? (
        <p>
          {t('quiz.completion.certificateIssued')}{' '}
          <Link class="target-link" to={{ name: 'record' }}>
            {t('quiz.completion.openRecord')}
          </Link>
        </p>
      ) : (
        waitsFor !== undefined && (
          <p>{t(waitsFor === 'plan' ? 'record.certificateNeedsPlan' : CERTIFICATE_WAITS_FOR[waitsFor])}</p>
        )
      )}
      <div class="button-group">
        {!state.evaluated && (
          <Link to={{ name: 'feedback', courseId }} class="button button--primary">
            {t('quiz.completion.feedback')}
          </Link>
        )}
        {!state.planned.has(courseId) && (
          <Link to={{ name: 'plan', courseId }} class={state.evaluated ? 'button button--primary' : 'button'}>
            {t('quiz.completion.plan')}
          </Link>
        )}
      </div>
    </section>
  );
}
