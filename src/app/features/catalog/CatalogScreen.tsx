import { Suspense, lazy } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { own } from '../../../shared/dictionary';
import { catalogEntryOf, type CatalogEntry } from '../../../shared/protocol';
import { pickLanguage } from '../../../shared/language';
import { refreshCatalog } from '../../data/catalog';
import { refreshAssignments } from '../../data/assignments';
import { todayWib } from '../../../shared/protocol/assignments';
import { formatDay } from '../assignments/AssignedCoursesCard';
import { urgencyOf } from '../assignments/reminder';
import { estimateStorage } from '../../data/storage';
import type { CachedCatalogEntry, StoredAssignment, StoredCourse, LessonProgress } from '../../data/db';
import { courseCompletion } from '../../data/progress';
import { errorMessage } from '../../components/errorMessage';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useDownloads } from '../../stores/downloads';
import { useNetwork } from '../../stores/network';
import { noticeSessionEnded, useSession } from '../../stores/session';

// Until Beranda (the home screen and its card registry) lands, the JP card sits on the catalog.
const JpCard = lazy(() => import('../record/JpCard'));

export default function CatalogScreen() {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const catalog = useLiveQuery(() => db.catalog.toArray(), [db]);
  const stored = useLiveQuery(() => db.courses.toArray(), [db]);
  const progress = useLiveQuery(() => db.progress.toArray(), [db]);
  const assignments = useLiveQuery(() => db.assignments.toArray(), [db]);
  const [freeBytes, setFreeBytes] = useState<number | null>(null);

  // Free space is shown next to each download size, re-read after every download or removal.
  useEffect(() => {
    void estimateStorage().then(({ usage, quota }) =>
      setFreeBytes(usage !== null && quota !== null ? Math.max(0, quota - usage) : null),
    );
  }, [stored?.length]);

  useEffect(() => {
    if (!online) return;
    const token = useSession.getState().token;
    Promise.all([refreshCatalog(db, token), refreshAssignments(db, token)]).then(
      () => setRefreshError(null),
      (error: unknown) => {
        noticeSessionEnded(error);
        setRefreshError(error);
      },
    );
  }, [db, online]);

  if (!catalog || !stored || !progress) return <p class="loading">{t('app.loading')}</p>;
  const entries = mergeWithStored(catalog, stored);
  const fetchedAt = catalog[0]?.fetchedAt;
  return (
    <main>
      <Suspense fallback={null}>
        <JpCard />
      </Suspense>
      <h1>{t('catalog.title')}</h1>
      {refreshError !== null && online && <p class="notice notice--error">{errorMessage(refreshError)}</p>}
      {!online && fetchedAt && (
        <p class="notice">{t('catalog.cachedNotice', { when: formatDateTime(fetchedAt, language) })}</p>
      )}
      {entries.length === 0 && <p>{online ? t('catalog.empty') : t('catalog.emptyOffline')}</p>}
      <ul class="course-list">
        {entries.map((entry) => (
          <CourseCard
            key={entry.id}
            entry={entry}
            stored={stored.find((course) => course.id === entry.id)}
            progress={progress.filter((row) => row.courseId === entry.id)}
            freeBytes={freeBytes}
            assignment={assignments?.find((assignment) => assignment.courseId === entry.id)}
          />
        ))}
      </ul>
    </main>
  );
}

/** Courses on the phone stay listed even if the server stopped publishing them or the catalog was never fetched. */
function mergeWithStored(catalog: CatalogEntry[], stored: StoredCourse[]): CatalogEntry[] {
  const listed = new Set(catalog.map((entry) => entry.id));
  const onlyOnPhone = stored
    .filter((course) => !listed.has(course.id))
    .map(({ manifest, size, downloadedAt }) => catalogEntryOf(manifest, size, downloadedAt));
  return [...catalog, ...onlyOnPhone];
}

function CourseCard({
  entry,
  stored,
  progress,
  freeBytes,
  assignment,
}: {
  entry: CatalogEntry;
  stored: StoredCourse | undefined;
  progress: LessonProgress[];
  freeBytes: number | null;
  assignment: StoredAssignment | undefined;
}) {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const active = useDownloads((state) => own(state.active, entry.id));
  const failure = useDownloads((state) => own(state.failed, entry.id));
  const start = useDownloads((state) => state.start);
  const completion = stored ? courseCompletion(stored.manifest, progress) : null;
  const fraction = active && active.totalBytes > 0 ? active.doneBytes / active.totalBytes : 0;
  const updateBytes =
    stored && stored.version !== entry.version ? (entry as CachedCatalogEntry).updateBytes : undefined;
  const downloadProgress = active && (
    <div class="course-card__download" aria-live="polite">
      <ProgressBar value={fraction} label={t('catalog.downloading', { percent: Math.round(fraction * 100) })} />
      <p>
        {t('catalog.downloading', { percent: Math.round(fraction * 100) })}{' '}
        {active.totalBytes > 0 &&
          t('catalog.downloadedBytes', {
            done: formatBytes(active.doneBytes, language),
            total: formatBytes(active.totalBytes, language),
          })}
      </p>
    </div>
  );
  const failureNotice = failure !== undefined && <ErrorNotice error={failure} />;

  return (
    <li class="course-card" data-course-id={entry.id}>
      <h2>{pickLanguage(entry.title, language)}</h2>
      {assignment !== undefined && (
        <p
          class={`badge badge--required assigned--${urgencyOf(assignment.dueDate, todayWib(), assignment.done)}`}
          data-testid="required-badge"
        >
          {t('assigned.badge', { date: formatDay(assignment.dueDate, language) })}
        </p>
      )}
      <p class="course-card__meta">
        <span>{t('catalog.jp', { count: entry.jp })}</span>
        <span>{t(`competency.${entry.competency}`)}</span>
        <span>{t('catalog.lessons', { count: entry.lessonCount })}</span>
      </p>
      <p>{pickLanguage(entry.description, language)}</p>
      {stored ? (
        <>
          <p class="badge badge--offline">{t('catalog.offlineReady')}</p>
          {completion && (
            <ProgressBar
              value={completion.percent / 100}
              label={t('catalog.progress', { percent: completion.percent })}
            />
          )}
          {completion && <p class="course-card__progress">{t('catalog.progress', { percent: completion.percent })}</p>}
          <Link to={{ name: 'course', courseId: entry.id }} class="button button--primary">
            {t('catalog.open')}
          </Link>
          {updateBytes !== undefined && !active && (
            <div class="course-card__update">
              <p>
                {t('catalog.updateAvailable', { version: entry.version, size: formatBytes(updateBytes, language) })}
              </p>
              {failureNotice}
              <button type="button" class="button" disabled={!online} onClick={() => void start(db, entry.id)}>
                {t('catalog.update')}
              </button>
            </div>
          )}
          {downloadProgress}
        </>
      ) : active ? (
        downloadProgress
      ) : (
        <>
          <p class="course-card__size">
            {t('catalog.size', { size: formatBytes(entry.size, language) })}
            {freeBytes !== null && ` · ${t('catalog.freeSpace', { size: formatBytes(freeBytes, language) })}`}
          </p>
          {failureNotice}
          <button
            type="button"
            class="button button--primary"
            disabled={!online}
            onClick={() => void start(db, entry.id)}
          >
            {failure !== undefined ? t('catalog.resume') : t('catalog.download')}
          </button>
          {!online && <p class="hint">{t('catalog.needsConnection')}</p>}
        </>
      )}
    </li>
  );
}
