import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../../shared/language';
import { errorMessage } from '../../../components/errorMessage';
import { useT } from '../../../hooks/useT';
import { fetchAdminCourses, fetchAttempts, fetchConflicts, fetchCourseReports } from '../api';
import { useRemote } from '../useRemote';
import { AttemptsTable } from './AttemptsTable';
import { attemptsCsv, saveFile } from './attemptsCsv';
import { ConflictsList } from './ConflictsList';
import { CourseReports } from './CourseReports';

/** "Hasil & Laporan": course reports, quiz results as the server scored them (with a CSV for Excel), sync conflicts. */
export default function ResultsScreen() {
  const { t, language } = useT();
  const [courseId, setCourseId] = useState<string | null>(null);
  const courses = useRemote(fetchAdminCourses, []);
  const attempts = useRemote(() => fetchAttempts(courseId), [courseId]);
  const conflicts = useRemote(fetchConflicts, []);
  const reports = useRemote(fetchCourseReports, []);

  const courseTitle = (id: string): string => {
    const course = courses.data?.courses.find((candidate) => candidate.id === id);
    return course ? pickLanguage(course.title, language) : id;
  };
  // Conflicts carry only the account id; the attempts already loaded usually know the name.
  const learnerName = (userId: string): string => attempts.data?.find((attempt) => attempt.userId === userId)?.userName ?? userId;
  const exportCsv = (): void => {
    if (!attempts.data) return;
    const csv = attemptsCsv({ attempts: attempts.data, t, courseTitle });
    saveFile(`hasil-kuis-${courseId ?? 'semua'}-${new Date().toISOString().slice(0, 10)}.csv`, csv, 'text/csv;charset=utf-8');
  };

  return (
    <main class="admin__main">
      <h1>{t('admin.results.title')}</h1>
      <label class="admin-filter">
        {t('admin.results.course')}
        <select value={courseId ?? ''} onChange={(event) => setCourseId(event.currentTarget.value || null)}>
          <option value="">{t('admin.results.allCourses')}</option>
          {courses.data?.courses.map((course) => (
            <option key={course.id} value={course.id}>
              {pickLanguage(course.title, language)}
            </option>
          ))}
        </select>
      </label>

      <CourseReports reports={reports.data} error={reports.error} courseId={courseId} />

      <section>
        <div class="admin-section__head">
          <h2>{t('admin.results.attempts')}</h2>
          <button type="button" class="button" disabled={!attempts.data?.length} onClick={exportCsv}>
            {t('admin.results.export')}
          </button>
        </div>
        <p class="hint">{t('admin.results.serverScoreNote')}</p>
        {attempts.error !== null && (
          <p class="notice notice--error" role="alert">
            {errorMessage(attempts.error)}
          </p>
        )}
        {attempts.data === undefined && attempts.error === null && <p class="loading">{t('app.loading')}</p>}
        {attempts.data?.length === 0 && <p>{t('admin.results.none')}</p>}
        {attempts.data && attempts.data.length > 0 && <AttemptsTable attempts={attempts.data} courseTitle={courseTitle} />}
      </section>

      <section>
        <h2>{t('admin.conflicts.title')}</h2>
        <p class="hint">{t('admin.conflicts.intro')}</p>
        {conflicts.error !== null && (
          <p class="notice notice--error" role="alert">
            {errorMessage(conflicts.error)}
          </p>
        )}
        {conflicts.data && <ConflictsList conflicts={conflicts.data} learnerName={learnerName} />}
      </section>
    </main>
  );
}
