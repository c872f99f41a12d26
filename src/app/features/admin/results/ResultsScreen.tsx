import { useState } from 'preact/hooks';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import type { StatementConflict } from '../../../../shared/protocol';
import { fetchConflictsPage, fetchCourseReports } from '../api';
import { useCourseChoices } from '../courses/useCourseChoices';
import { useRemote } from '../useRemote';
import { CourseSelect } from '../courses/CourseSelect';
import { AttemptsTable } from './AttemptsTable';
import { useQuizTitles } from './useQuizTitles';
import { attemptsCsv, saveFile } from './attemptsCsv';
import { CompletionReviews } from './CompletionReviews';
import { ConflictsList } from './ConflictsList';
import { CourseReports } from './CourseReports';
import { useAttemptPages } from './useAttemptPages';

/** "Hasil & Laporan": course reports, quiz results as the server scored them (with a CSV for Excel), sync conflicts. */
export default function ResultsScreen() {
  const { t } = useT();
  const [courseId, setCourseId] = useState<string | null>(null);
  const { courses, courseTitle } = useCourseChoices();
  const attempts = useAttemptPages(courseId);
  const quizTitle = useQuizTitles(attempts.attempts?.map((attempt) => attempt.courseId) ?? []);
  const [exporting, setExporting] = useState<{ loaded: number } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const conflicts = useRemote(() => fetchConflictsPage(null), []);
  // Pages after the first, appended by "Tampilkan lebih banyak".
  const [moreConflicts, setMoreConflicts] = useState<{ items: StatementConflict[]; next: string | null } | null>(null);
  const [conflictsError, setConflictsError] = useState<unknown>(null);
  const nextConflicts = moreConflicts === null ? (conflicts.data?.next ?? null) : moreConflicts.next;
  const loadMoreConflicts = async (after: string): Promise<void> => {
    try {
      const page = await fetchConflictsPage(after);
      setMoreConflicts((before) => ({ items: [...(before?.items ?? []), ...page.conflicts], next: page.next }));
    } catch (failure) {
      setConflictsError(failure);
    }
  };
  const reports = useRemote(fetchCourseReports, []);

  // Conflicts carry only the account id; the attempts already loaded usually know the name.
  const learnerName = (userId: string): string =>
    attempts.attempts?.find((attempt) => attempt.userId === userId)?.userName ?? userId;
  // The CSV holds every attempt of the filter, not only the pages on screen.
  const exportCsv = async (): Promise<void> => {
    setExporting({ loaded: 0 });
    setExportError(null);
    try {
      const all = await attempts.loadAll((loaded) => setExporting({ loaded }));
      const csv = attemptsCsv({ attempts: all, t, courseTitle });
      saveFile(
        `hasil-kuis-${courseId ?? 'semua'}-${new Date().toISOString().slice(0, 10)}.csv`,
        csv,
        'text/csv;charset=utf-8',
      );
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  };

  return (
    <main class="admin__main">
      <h1>{t('admin.results.title')}</h1>
      <CourseSelect
        class="admin-filter"
        label={t('admin.results.course')}
        allLabel={t('admin.results.allCourses')}
        courses={courses.data?.courses}
        value={courseId}
        onChange={setCourseId}
      />

      <CourseReports reports={reports.data} error={reports.error} courseId={courseId} />

      <section>
        <div class="admin-section__head">
          <h2>{t('admin.results.attempts')}</h2>
          <button
            type="button"
            class="button"
            disabled={!attempts.attempts?.length || exporting !== null}
            onClick={() => void exportCsv()}
          >
            {exporting ? t('admin.results.exporting', { count: exporting.loaded }) : t('admin.results.export')}
          </button>
        </div>
        <p class="hint">{t('admin.results.serverScoreNote')}</p>
        {[attempts.error, exportError].map(
          (error, index) => error !== null && <ErrorNotice key={index} error={error} />,
        )}
        {attempts.attempts === undefined && attempts.error === null && <p class="loading">{t('app.loading')}</p>}
        {attempts.attempts?.length === 0 && <p>{t('admin.results.none')}</p>}
        {attempts.attempts && attempts.attempts.length > 0 && (
          <AttemptsTable
            attempts={attempts.attempts}
            courseTitle={courseTitle}
            quizTitle={quizTitle}
            onGranted={attempts.reload}
          />
        )}
        {attempts.hasMore && (
          <button type="button" class="button" disabled={attempts.loadingMore} onClick={() => void attempts.loadMore()}>
            {attempts.loadingMore
              ? t('app.loading')
              : t('admin.results.more', { count: attempts.attempts?.length ?? 0 })}
          </button>
        )}
      </section>

      <CompletionReviews courseTitle={courseTitle} />

      <section>
        <h2>{t('admin.conflicts.title')}</h2>
        <p class="hint">{t('admin.conflicts.intro')}</p>
        {conflicts.error !== null && <ErrorNotice error={conflicts.error} />}
        {conflictsError !== null && <ErrorNotice error={conflictsError} />}
        {conflicts.data && (
          <ConflictsList
            conflicts={[...conflicts.data.conflicts, ...(moreConflicts?.items ?? [])]}
            learnerName={learnerName}
          />
        )}
        {nextConflicts !== null && (
          <button type="button" class="button" onClick={() => void loadMoreConflicts(nextConflicts)}>
            {t('admin.results.more', {
              count: (conflicts.data?.conflicts.length ?? 0) + (moreConflicts?.items.length ?? 0),
            })}
          </button>
        )}
      </section>
    </main>
  );
}
