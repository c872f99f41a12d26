import type { CourseReportsResponse } from '../../../../shared/protocol/reports';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { CourseReportCard } from './CourseReportCard';

interface Props {
  reports: CourseReportsResponse | undefined;
  error: unknown;
  /** Only this course's report, or every published course when null. */
  courseId: string | null;
}

export function CourseReports({ reports, error, courseId }: Props) {
  const { t, language } = useT();
  const shown = reports?.courses.filter((report) => courseId === null || report.courseId === courseId);
  return (
    <section>
      <h2>{t('admin.report.title')}</h2>
      <p class="hint">
        {t('admin.report.intro')}
        {reports && ` ${t('admin.report.generatedAt', { when: formatDateTime(reports.generatedAt, language) })}`}
      </p>
      {error !== null && <ErrorNotice error={error} />}
      {shown === undefined && error === null && <p class="loading">{t('app.loading')}</p>}
      {shown?.length === 0 && <p>{t('admin.report.none')}</p>}
      {shown?.map((report) => (
        <CourseReportCard key={report.courseId} report={report} />
      ))}
    </section>
  );
}
