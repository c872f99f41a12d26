import { useEffect, useState } from 'preact/hooks';
import { own } from '../../../shared/dictionary';
import type { CatalogEntry } from '../../../shared/protocol';
import { pickLanguage } from '../../../shared/language';
import { estimateStorage } from '../../data/storage';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatBytes } from '../../components/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useDb } from '../../hooks/useDb';
import { useT } from '../../hooks/useT';
import { useDownloads } from '../../stores/downloads';
import { useNetwork } from '../../stores/network';

/** The phone's free space in bytes (null if the browser does not say), re-read whenever `key` changes. */
export function useFreeBytes(key: unknown): number | null {
  const [freeBytes, setFreeBytes] = useState<number | null>(null);
  useEffect(() => {
    void estimateStorage().then(({ usage, quota }) =>
      setFreeBytes(usage !== null && quota !== null ? Math.max(0, quota - usage) : null),
    );
  }, [key]);
  return freeBytes;
}

/** How far a course's download has come, while one is under way. */
export function DownloadProgress({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const active = useDownloads((state) => own(state.active, courseId));
  if (!active) return null;
  const fraction = active.totalBytes > 0 ? active.doneBytes / active.totalBytes : 0;
  const label = t('catalog.downloading', { percent: Math.round(fraction * 100) });
  return (
    <div class="course-card__download" aria-live="polite">
      <ProgressBar value={fraction} label={label} />
      <p>
        {label}
        {active.totalBytes > 0 &&
          ` · ${t('catalog.downloadedBytes', {
            done: formatBytes(active.doneBytes, language),
            total: formatBytes(active.totalBytes, language),
          })}`}
      </p>
    </div>
  );
}

/** A course's download as its buttons need it: whether one runs or failed, and how to start one. */
export function useCourseDownload(courseId: string) {
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const active = useDownloads((state) => own(state.active, courseId) !== undefined);
  const failure = useDownloads((state) => own(state.failed, courseId));
  const start = useDownloads((state) => state.start);
  return { online, active, failure, download: () => void start(db, courseId) };
}

/**
 * A course not on the phone yet: its size and the free space, "Unduh" (or "Lanjutkan unduhan"
 * after a failure, shown above it), the progress while downloading, and why it waits offline.
 * The catalog's cards and a course opened before its download (a link from Beranda, a deep
 * link on a second phone) offer the same download.
 */
export function CourseDownload({ entry, freeBytes }: { entry: CatalogEntry; freeBytes: number | null }) {
  const { t, language } = useT();
  const { online, active, failure, download } = useCourseDownload(entry.id);
  if (active) return <DownloadProgress courseId={entry.id} />;
  const size = formatBytes(entry.size, language);
  // Many courses each with an "Unduh": the button's name says which course, and how big.
  const named = { title: pickLanguage(entry.title, language), size };
  return (
    <>
      <p class="course-card__size">
        {t('catalog.size', { size })}
        {freeBytes !== null && ` · ${t('catalog.freeSpace', { size: formatBytes(freeBytes, language) })}`}
      </p>
      {failure !== undefined && <ErrorNotice error={failure} />}
      <button
        type="button"
        class="button button--primary"
        disabled={!online}
        aria-label={failure !== undefined ? t('catalog.resumeNamed', named) : t('catalog.downloadNamed', named)}
        onClick={download}
      >
        {failure !== undefined ? t('catalog.resume') : t('catalog.download')}
      </button>
      {!online && <p class="hint">{t('catalog.needsConnection')}</p>}
    </>
  );
}
