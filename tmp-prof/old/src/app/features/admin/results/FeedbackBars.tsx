import type { CourseReport } from '../../../../shared/protocol/reports';
import { useT } from '../../../hooks/useT';

/** Per feedback item, how many learners gave each rating 1–5, as bars the eye can compare. */
export function FeedbackBars({ feedback }: { feedback: CourseReport['feedback'] }) {
  const { t } = useT();
  const items = Object.entries(feedback);
  if (items.length === 0) return <p class="hint">{t('admin.report.noFeedback')}</p>;
  return (
    <div class="admin-feedback">
      <h4>{t('admin.report.feedback')}</h4>
      {items.map(([item, counts]) => {
        const total = counts.reduce((sum, count) => sum + count, 0);
        return (
          <figure key={item} class="admin-feedback__item" data-item={item}>
            <figcaption>
              {t(`feedback.items.${item}`, { defaultValue: item })}{' '}
              <span class="hint">· {t('admin.report.ratings', { count: total })}</span>
            </figcaption>
            {counts.map((count, index) => (
              <div key={index} class="admin-feedback__row">
                <span>{index + 1}</span>
                <span class="admin-feedback__track" aria-hidden="true">
                  <span
                    class="admin-feedback__bar"
                    style={{ width: `${total > 0 ? Math.round((count / total) * 1000) / 10 : 0}%` }}
                  />
                </span>
                <span class="admin-feedback__count">{count}</span>
              </div>
            ))}
          </figure>
        );
      })}
    </div>
  );
}
