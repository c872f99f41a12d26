import type { AdminAttempt } from '../../../../shared/protocol';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { grantsLabel, passedLabel, percent } from './attemptsCsv';
import { GrantForm } from './GrantForm';

/** Quiz attempts as the server scored them; a row is flagged where the phone's own score differed. */
export function AttemptsTable({
  attempts,
  courseTitle,
  quizTitle,
  onGranted,
}: {
  attempts: AdminAttempt[];
  courseTitle(courseId: string): string;
  quizTitle(courseId: string, quizId: string): string;
  /** After a remedial grant: the list reloads to show it. */
  onGranted?: () => void;
}) {
  const { t, language } = useT();
  return (
    <div class="admin-table__scroll">
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('admin.csv.learner')}</th>
            <th scope="col">{t('admin.csv.unit')}</th>
            <th scope="col">{t('admin.csv.course')}</th>
            <th scope="col">{t('admin.csv.quiz')}</th>
            <th scope="col">{t('admin.csv.kind')}</th>
            <th scope="col">{t('admin.csv.serverScore')}</th>
            <th scope="col">{t('admin.csv.passed')}</th>
            <th scope="col">{t('admin.csv.remedial')}</th>
            <th scope="col">{t('admin.csv.finishedAt')}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr
              key={attempt.id}
              data-attempt-id={attempt.id}
              class={attempt.flagged || attempt.overLimit ? 'admin-table__row--flagged' : undefined}
            >
              <td>{attempt.userName}</td>
              <td>{attempt.unit}</td>
              <td>{courseTitle(attempt.courseId)}</td>
              <td>{quizTitle(attempt.courseId, attempt.quizId)}</td>
              <td>{t(`admin.kind.${attempt.kind}`)}</td>
              <td class="admin-table__number">
                {percent(attempt.scaled)}
                {attempt.flagged && (
                  <span class="admin-flag" role="note">
                    {t('admin.results.flagged')}
                    {attempt.clientScaled !== null &&
                      ` ${t('admin.results.phoneScore', { percent: percent(attempt.clientScaled) })}`}
                  </span>
                )}
              </td>
              <td>
                {passedLabel(t, attempt.passed)}
                {attempt.overLimit && (
                  <span class="admin-flag" role="note" data-over-limit="">
                    {t('admin.results.overLimit')}
                  </span>
                )}
              </td>
              <td>
                {grantsLabel(attempt.grants)}
                {onGranted && <GrantForm attempt={attempt} onGranted={onGranted} />}
              </td>
              <td>{formatDateTime(attempt.finishedAt, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
