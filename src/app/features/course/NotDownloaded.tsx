import { useEffect, useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { refreshCatalog } from '../../data/catalog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Link } from '../../components/Link';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { noticeSessionEnded, useSession } from '../../stores/session';
import { CourseDownload, useFreeBytes } from '../catalog/CourseDownload';

/**
 * A course screen opened before the course is on the phone (a required course tapped on Beranda,
 * a link opened on a second phone): the course's download, right there. The screens read the
 * course live, so once it is stored they show it.
 */
export function NotDownloaded({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const expired = useSession((state) => state.expired);
  const entry = useLiveQuery(async () => (await db.catalog.get(courseId)) ?? null, [db, courseId]);
  const freeBytes = useFreeBytes(courseId);
  const [refresh, setRefresh] = useState<{ done: boolean; error: unknown }>({ done: false, error: null });
  const unknown = entry === null;

  // A phone that never opened the catalog has no copy of it: fetch it, for the course's size.
  useEffect(() => {
    if (!unknown || !online || expired) return;
    refreshCatalog(db, useSession.getState().token).then(
      () => setRefresh({ done: true, error: null }),
      (error: unknown) => {
        noticeSessionEnded(error);
        setRefresh({ done: true, error });
      },
    );
  }, [db, unknown, online, expired]);

  if (entry === undefined) return <p class="loading">{t('app.loading')}</p>;
  return (
    <main>
      <Link class="back-link" to={{ name: 'catalog' }}>
        ← {t('course.back')}
      </Link>
      <h1>{entry ? pickLanguage(entry.title, language) : t('course.notDownloadedTitle')}</h1>
      <p class="notice">{t('course.notDownloaded')}</p>
      {entry ? (
        <CourseDownload entry={entry} freeBytes={freeBytes} />
      ) : !online ? (
        <p class="hint">{t('catalog.needsConnection')}</p>
      ) : refresh.error !== null ? (
        <ErrorNotice error={refresh.error} />
      ) : (
        refresh.done && <p class="notice">{t('course.notInCatalog')}</p>
      )}
    </main>
  );
}
