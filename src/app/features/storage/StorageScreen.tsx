import { useEffect, useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { deleteCourse, estimateStorage, requestPersistence, type StorageEstimate } from '../../data/storage';
import { formatBytes } from '../../components/format';
import { errorMessage } from '../../components/errorMessage';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

export default function StorageScreen() {
  const { t, language } = useT();
  const db = useDb();
  const courses = useLiveQuery(() => db.courses.toArray(), [db]);
  const [estimate, setEstimate] = useState<StorageEstimate | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Usage changes with every download or removal, so it is re-read whenever the course list changes.
  useEffect(() => {
    void estimateStorage().then(setEstimate);
  }, [courses]);

  const protect = async (): Promise<void> => {
    await requestPersistence();
    setEstimate(await estimateStorage());
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

  return (
    <main>
      <h1>{t('storage.title')}</h1>
      <p>{t('storage.intro')}</p>
      {estimate && (
        <section class="storage-summary">
          <p>
            {estimate.usage !== null && estimate.quota !== null
              ? t('storage.used', { used: formatBytes(estimate.usage, language), quota: formatBytes(estimate.quota, language) })
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
              <span>{t('storage.courseSize', { size: formatBytes(course.size, language), version: course.version })}</span>
              <button type="button" class="button button--danger" onClick={() => void remove(course.id, title)}>
                {t('storage.delete')}
              </button>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
