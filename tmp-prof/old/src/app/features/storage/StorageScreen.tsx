import { useEffect, useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import {
  clearLeftovers,
  deleteCourse,
  estimateStorage,
  leftoverBytes,
  requestPersistence,
  type StorageEstimate,
} from '../../data/storage';
import { exportCourseFile, importCourseFile } from '../../data/share';
import { useDownloads } from '../../stores/downloads';
import { useSession } from '../../stores/session';
import { formatBytes } from '../../components/format';
import { errorMessage } from '../../components/errorMessage';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

export default function StorageScreen() {
  const { t, language } = useT();
  const db = useDb();
  const courses = useLiveQuery(() => db.courses.toArray(), [db]);
  const leftovers = useLiveQuery(() => leftoverBytes(db), [db]);
  const downloading = useDownloads((state) => Object.keys(state.active).length > 0);
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Usage changes with every download or removal, so it is re-read whenever the course list changes.
  useEffect(() => {
    void estimateStorage().then(setEstimate);
  }, [courses, leftovers]);

  const protect = async (): Promise<void> => {
    await requestPersistence();
    setEstimate(await estimateStorage());
  };

  const [importing, setImporting] = useState(false);

  const importFile = async (file: File): Promise<void> => {
    setImporting(true);
    setMessage(null);
    try {
      const course = await importCourseFile(
        db,
        new Uint8Array(await file.arrayBuffer()),
        useSession.getState().signingKey,
      );
      setMessage({
        text: t('storage.imported', { title: pickLanguage(course.manifest.title, language), version: course.version }),
        error: false,
      });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    } finally {
      setImporting(false);
    }
  };

  // The phone's share sheet (WhatsApp, Bluetooth…) where the browser offers one; otherwise a plain download.
  const share = async (courseId: string, title: string): Promise<void> => {
    try {
      const file = await exportCourseFile(db, courseId);
      if (navigator.canShare?.({ files: [file] })) {
        await navigator.share({ files: [file], title: t('storage.shareTitle', { title }) }).catch(() => undefined);
        return;
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(file);
      link.download = file.name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      setMessage({ text: t('storage.saved', { name: file.name }), error: false });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };

  const remove = async (courseId: string, title: string): Promise<void> => {
    if (!confirm(t('storage.confirmDelete', { title }))) return;
    try {
      await deleteCourse(db, courseId);
      setMessage({ text: t('storage.deleted'), error: false });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };

  const freeLeftovers = async (): Promise<void> => {
    try {
      await clearLeftovers(db);
      setMessage({ text: t('storage.leftoversFreed'), error: false });
    } catch (error) {
      setMessage({ text: errorMessage(error), error: true });
    }
  };

  return (
    <main>
      <h1>{t('storage.title')}</h1>
      <p>{t('storage.intro')}</p>
      {estimate && (
        <section class="storage-summary">
          <p>
            {estimate.usage !== null && estimate.quota !== null
              ? t('storage.used', {
                  used: formatBytes(estimate.usage, language),
                  quota: formatBytes(estimate.quota, language),
                })
              : t('storage.unknown')}
          </p>
          <p class={estimate.persisted ? 'notice' : 'notice notice--warning'} data-persisted={estimate.persisted}>
            {estimate.persisted ? t('storage.persisted') : t('storage.notPersisted')}
          </p>
          {!estimate.persisted && (
            <button type="button" class="button" onClick={() => void protect()}>
              {t('storage.protect')}
            </button>
          )}
        </section>
      )}
      {message && (
        <p class={message.error ? 'notice notice--error' : 'notice'} role="status">
          {message.text}
        </p>
      )}
      <h2>{t('storage.courses')}</h2>
      {courses?.length === 0 && <p>{t('storage.none')}</p>}
      <ul class="storage-list">
        {courses?.map((course) => {
          const title = pickLanguage(course.manifest.title, language);
          return (
            <li key={course.id} data-course-id={course.id}>
              <strong>{title}</strong>
              <span>
                {t('storage.courseSize', { size: formatBytes(course.size, language), version: course.version })}
              </span>
              <div class="storage-list__actions">
                <button type="button" class="button" onClick={() => void share(course.id, title)}>
                  {t('storage.share')}
                </button>
                <button type="button" class="button button--danger" onClick={() => void remove(course.id, title)}>
                  {t('storage.delete')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      {leftovers !== undefined && leftovers > 0 && (
        <section class="storage-leftovers">
          <p>{t('storage.leftovers', { size: formatBytes(leftovers, language) })}</p>
          <button type="button" class="button" disabled={downloading} onClick={() => void freeLeftovers()}>
            {t('storage.freeLeftovers')}
          </button>
        </section>
      )}
      <h2>{t('storage.importTitle')}</h2>
      <p class="hint">{t('storage.importHint')}</p>
      <label class="button">
        {importing ? t('storage.importing') : t('storage.importTitle')}
        <input
          type="file"
          accept=".zip,application/zip"
          class="visually-hidden"
          disabled={importing}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void importFile(file);
          }}
        />
      </label>
    </main>
  );
}
