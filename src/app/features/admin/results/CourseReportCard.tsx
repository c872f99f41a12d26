import { MIN_DIFFICULTY_RATINGS } from '../../../../shared/difficulty-ratings';
import { pickLanguage } from '../../../../shared/language';
import type { CourseReport } from '../../../../shared/protocol/reports';
import { useT } from '../../../hooks/useT';
import { FeedbackBars } from './FeedbackBars';

/** At or above this share of "too difficult" ratings, the course is worth revisiting. */
const TOO_DIFFICULT_ALERT = 0.4;

/** A course's evaluation at a glance: reach, learning gain (Kirkpatrick level 2) and reaction (level 1). */
export function CourseReportCard({ report }: { report: CourseReport }) {
  const { t, language } = useT();
  const number = (value: number, digits = 1): string =>
    value.toLocaleString(language === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits });
  const score = (scaled: number | null): string => (scaled === null ? '–' : number(scaled * 100));
  const share = (fraction: number | null): string => (fraction === null ? '–' : `${number(fraction * 100, 0)}%`);
  const difficultyRatings = (report.feedback.difficulty ?? []).reduce((sum, count) => sum + count, 0);
  const tooFewRatings = difficultyRatings < MIN_DIFFICULTY_RATINGS;
  const tooDifficult =
    !tooFewRatings && report.tooDifficultShare !== null && report.tooDifficultShare >= TOO_DIFFICULT_ALERT;

  return (
    <article class="admin-report" data-course-id={report.courseId}>
      <h3>
        {pickLanguage(report.title, language)}{' '}
        <span class="hint">· {t('admin.report.version', { version: report.version })}</span>
      </h3>
      <dl class="admin-report__figures">
        <Figure label={t('admin.report.enrolled')} value={number(report.enrolled, 0)} />
        <Figure
          label={t('admin.report.completed')}
          value={number(report.completed, 0)}
          detail={report.enrolled > 0 ? share(report.completed / report.enrolled) : undefined}
        />
        <Figure
          label={t('admin.report.passRate')}
          value={share(report.postTest.passRate)}
          detail={t('admin.report.passedOf', { passed: report.postTest.passed, attempts: report.postTest.attempts })}
        />
        <Figure
          label={t('admin.report.prePost')}
          value={`${score(report.preTestAverage)} → ${score(report.postTestAverage)}`}
        />
        <Figure
          label={t('admin.report.gain')}
          value={
            report.averageGain === null
              ? '–'
              : `${report.averageGain >= 0 ? '+' : ''}${number(report.averageGain * 100)}`
          }
        />
        <Figure
          label={t('admin.report.jpCredited')}
          value={t('catalog.jp', { count: report.jpCredited })}
          detail={t('admin.report.jpEach', { jp: report.jp })}
        />
      </dl>
      <p
        class={tooDifficult ? 'notice notice--warning admin-report__difficulty' : 'admin-report__difficulty'}
        data-alert={tooDifficult}
      >
        {t('admin.report.tooDifficult', { share: share(report.tooDifficultShare) })}
        {tooDifficult && ` ${t('admin.report.tooDifficultAdvice')}`}
        {tooFewRatings &&
          difficultyRatings > 0 &&
          ` ${t('admin.report.tooFewRatings', { count: difficultyRatings, min: MIN_DIFFICULTY_RATINGS })}`}
      </p>
      <FeedbackBars feedback={report.feedback} />
    </article>
  );
}

function Figure({ label, value, detail }: { label: string; value: string; detail?: string | undefined }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <strong>{value}</strong>
        {detail && <span class="hint"> ({detail})</span>}
      </dd>
    </div>
  );
}
