import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, catalogEntryOf, type CatalogEntry } from '../../../shared/protocol';
import { COMPETENCY_TYPES } from '../../../shared/schema/bundle';
import { pickLanguage } from '../../../shared/language';
import { refreshCatalog } from '../../data/catalog';
import { loadMyAssignments } from '../../data/assignments';
import { refreshAssignments } from '../../data/assignments-sync';
import { todayWib } from '../../../shared/protocol/assignments';
import { formatDay } from '../../components/format';
import { urgencyOf } from '../assignments/reminder';
import type { CachedCatalogEntry, StoredAssignment, StoredCourse, LessonProgress } from '../../data/db';
import { completedCourseIds, courseCompletion } from '../../data/completion';
import { progressText } from '../../components/courseProgress';
import { errorMessage } from '../../components/errorMessage';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes, formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { useCourseCover } from '../../hooks/useCourseCover';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { noticeSessionEnded, useSession } from '../../stores/session';
import { JP_RANGES, filterCatalog, hasCriteria, NO_CRITERIA, searchText, type JpRange } from './filter';
import { requiredCourseIds } from './required';
import { useCatalogCriteria } from './store';
import { CourseDownload, DownloadProgress, useCourseDownload, useFreeBytes } from './CourseDownload';

export default function CatalogScreen() {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const expired = useSession((state) => state.expired);
  const [refreshError, setRefreshError] = useState<unknown>(null);
  // Whether the server answered this visit's refresh: until then an empty list only means "not loaded yet".
  const [refreshed, setRefreshed] = useState(false);
  const catalog = useLiveQuery(() => db.catalog.toArray(), [db]);
  const stored = useLiveQuery(() => db.courses.toArray(), [db]);
  const progress = useLiveQuery(() => db.progress.toArray(), [db]);
  const completed = useLiveQuery(() => completedCourseIds(db), [db]);
  const assignments = useLiveQuery(() => loadMyAssignments(db), [db]);
  const required = useMemo(() => (assignments ? requiredCourseIds(assignments) : undefined), [assignments]);
  const criteria = useCatalogCriteria((state) => state.criteria);
  // Free space is shown next to each download size, re-read after every download or removal.
  const freeBytes = useFreeBytes(stored?.length);

  useEffect(() => {
    // Offline, or the session ended (the server would only answer 401): the copy on the phone is shown.
    if (!online || expired) return;
    const token = useSession.getState().token;
    Promise.all([refreshCatalog(db, token).then(() => setRefreshed(true)), refreshAssignments(db, token)]).then(
      () => setRefreshError(null),
      (error: unknown) => {
        noticeSessionEnded(error);
        setRefreshError(error);
      },
    );
  }, [db, online, expired]);

  const entries = useMemo(() => (catalog && stored ? mergeWithStored(catalog, stored) : []), [catalog, stored]);
  // Worked out once per catalog, not on every key press.
  const texts = useMemo(() => new Map(entries.map((entry) => [entry.id, searchText(entry)])), [entries]);
  const downloaded = useMemo(() => new Set(stored?.map((course) => course.id)), [stored]);
  const shown = useMemo(
    () => filterCatalog(entries, criteria, { downloaded, required: required ?? new Set() }, texts),
    [entries, criteria, downloaded, required, texts],
  );

  if (!catalog || !stored || !progress || !required || !completed) return <p class="loading">{t('app.loading')}</p>;
  const fetchedAt = catalog[0]?.fetchedAt;
  return (
    <main>
      <h1>{t('catalog.title')}</h1>
      {refreshError !== null && online && <p class="notice notice--error">{errorMessage(refreshError)}</p>}
      {!online && fetchedAt && (
        <p class="notice">{t('catalog.cachedNotice', { when: formatDateTime(fetchedAt, language) })}</p>
      )}
      {entries.length === 0 ? (
        // "Belum ada pelatihan" only once the server said so; a failed refresh is explained above.
        !online || expired ? (
          <p>{t('catalog.emptyOffline')}</p>
        ) : refreshed ? (
          <p>{t('catalog.empty')}</p>
        ) : (
          refreshError === null && <p class="loading">{t('app.loading')}</p>
        )
      ) : (
        <CatalogSearch hasRequired={required.size > 0} shown={shown.length} />
      )}
      {entries.length > 0 && shown.length === 0 && <p class="notice">{t('catalogSearch.noMatch')}</p>}
      <ul class="course-list">
        {shown.map((entry) => (
          <CourseCard
            key={entry.id}
            entry={entry}
            stored={stored.find((course) => course.id === entry.id)}
            progress={progress.filter((row) => row.courseId === entry.id)}
            completed={completed.has(entry.id)}
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
  completed,
  freeBytes,
  assignment,
}: {
  entry: CatalogEntry;
  stored: StoredCourse | undefined;
  progress: LessonProgress[];
  /** Completed by the course rule (lessons and post-test), not merely every lesson read. */
  completed: boolean;
  freeBytes: number | null;
  assignment: StoredAssignment | undefined;
}) {
  const { t, language } = useT();
  const { online, active, failure, download } = useCourseDownload(entry.id);
  const completion = stored ? courseCompletion(stored.manifest, progress) : null;
  const updateBytes =
    stored && stored.version !== entry.version ? (entry as CachedCatalogEntry).updateBytes : undefined;

  return (
    <li class="course-card" data-course-id={entry.id}>
      <div class="course-card__head">
        <CourseCover entry={entry} stored={stored} />
        <div class="course-card__heading">
          <h2>{pickLanguage(entry.title, language)}</h2>
          {assignment !== undefined && (
            <p
              class={`badge badge--required assigned--${urgencyOf(assignment.dueDate, todayWib(), assignment.done)}`}
              data-testid="required-badge"
            >
              {assignment.done
                ? t('assigned.badgeDone')
                : t('assigned.badge', { date: formatDay(assignment.dueDate, language) })}
            </p>
          )}
          <p class="course-card__meta">
            <span>{t('catalog.jp', { count: entry.jp })}</span>
            <span>{t(`competency.${entry.competency}`)}</span>
            <span>{t('catalog.lessons', { count: entry.lessonCount })}</span>
          </p>
        </div>
      </div>
      <Description text={pickLanguage(entry.description, language)} />
      {stored ? (
        <>
          <p class="badge badge--offline">{t('catalog.offlineReady')}</p>
          {completion && !completed && (
            <ProgressBar value={completion.percent / 100} label={progressText(t, completion)} />
          )}
          {completed ? (
            <p class="badge badge--done course-card__progress">{t('catalog.completedJp', { jp: entry.jp })}</p>
          ) : (
            completion && <p class="course-card__progress">{progressText(t, completion)}</p>
          )}
          <Link to={{ name: 'course', courseId: entry.id }} class="button button--primary">
            {t('catalog.open')}
          </Link>
          {updateBytes !== undefined && !active && (
            <div class="course-card__update">
              <p>
                {t('catalog.updateAvailable', { version: entry.version, size: formatBytes(updateBytes, language) })}
              </p>
              {failure !== undefined && <ErrorNotice error={failure} />}
              <button
                type="button"
                class="button"
                disabled={!online}
                aria-label={t('catalog.updateNamed', {
                  title: pickLanguage(entry.title, language),
                  size: formatBytes(updateBytes, language),
                })}
                onClick={download}
              >
                {t('catalog.update')}
              </button>
            </div>
          )}
          <DownloadProgress courseId={entry.id} />
        </>
      ) : (
        <CourseDownload entry={entry} freeBytes={freeBytes} />
      )}
    </li>
  );
}

/** The cover: the phone's own copy once downloaded, else the server's (lazily, only when scrolled near). */
function CourseCover({ entry, stored }: { entry: CatalogEntry; stored: StoredCourse | undefined }) {
  const local = useCourseCover(stored);
  const src = local ?? (entry.cover ? api.file(entry.cover) : undefined);
  if (!src) return <span class="course-card__cover course-card__cover--none" aria-hidden="true" />;
  // Decorative: the title next to it names the course.
  return <img class="course-card__cover" src={src} alt="" width={80} height={80} loading="lazy" decoding="async" />;
}

/** Descriptions longer than this are cut to three lines, with "selengkapnya" to read the rest. */
const SHORT_DESCRIPTION = 120;

function Description({ text }: { text: string }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  if (text.length <= SHORT_DESCRIPTION) return <p class="course-card__description">{text}</p>;
  return (
    <div class="course-card__description-box">
      <p class={`course-card__description ${open ? '' : 'course-card__description--short'}`}>{text}</p>
      <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('catalogSearch.less') : t('catalogSearch.more')}
      </button>
    </div>
  );
}

/** Search box and filters; what they hold survives opening a course and coming back. */
function CatalogSearch({ hasRequired, shown }: { hasRequired: boolean; shown: number }) {
  const { t } = useT();
  const criteria = useCatalogCriteria((state) => state.criteria);
  const change = useCatalogCriteria((state) => state.set);
  const active = [
    criteria.competency,
    criteria.jp,
    criteria.downloadedOnly || null,
    criteria.requiredOnly || null,
  ].filter((value) => value !== null).length;
  return (
    <search class="catalog-search">
      <label class="catalog-search__query">
        <span>{t('catalogSearch.searchLabel')}</span>
        <input
          type="search"
          enterKeyHint="search"
          maxLength={100}
          placeholder={t('catalogSearch.searchPlaceholder')}
          value={criteria.query}
          onInput={(event) => change({ query: event.currentTarget.value })}
        />
      </label>
      <details class="catalog-search__filters" open={active > 0} onKeyDown={closeOnEscape}>
        <summary>
          {t('catalogSearch.filters')}
          {active > 0 && ` (${active})`}
        </summary>
        <div class="catalog-search__grid">
          <label>
            <span>{t('catalogSearch.competencyLabel')}</span>
            <select
              value={criteria.competency ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                change({ competency: COMPETENCY_TYPES.find((type) => type === value) ?? null });
              }}
            >
              <option value="">{t('catalogSearch.allCompetencies')}</option>
              {COMPETENCY_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`competency.${type}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('catalogSearch.jpLabel')}</span>
            <select
              value={criteria.jp ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value;
                change({ jp: JP_RANGES.find((range): range is JpRange => range === value) ?? null });
              }}
            >
              <option value="">{t('catalogSearch.allJp')}</option>
              {JP_RANGES.map((range) => (
                <option key={range} value={range}>
                  {t(`catalogSearch.jpRange.${range}`)}
                </option>
              ))}
            </select>
          </label>
          <label class="catalog-search__toggle">
            <input
              type="checkbox"
              checked={criteria.downloadedOnly}
              onChange={(event) => change({ downloadedOnly: event.currentTarget.checked })}
            />
            {t('catalogSearch.downloadedOnly')}
          </label>
          {hasRequired && (
            <label class="catalog-search__toggle">
              <input
                type="checkbox"
                checked={criteria.requiredOnly}
                onChange={(event) => change({ requiredOnly: event.currentTarget.checked })}
              />
              {t('catalogSearch.requiredOnly')}
            </label>
          )}
          {hasCriteria(criteria) && (
            <button type="button" class="button" onClick={() => change(NO_CRITERIA)}>
              {t('catalogSearch.clearFilters')}
            </button>
          )}
        </div>
      </details>
      <p class="catalog-search__count" role="status">
        {t('catalogSearch.resultCount', { count: shown })}
      </p>
    </search>
  );
}

/** Escape closes the filter panel, as it closes any pop-up, and puts the focus back on its "Saring" toggle. */
function closeOnEscape(event: KeyboardEvent) {
  const details = event.currentTarget as HTMLDetailsElement;
  if (event.key !== 'Escape' || !details.open) return;
  event.preventDefault();
  details.open = false;
  details.querySelector('summary')?.focus();
}
