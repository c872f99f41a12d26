import { useState } from 'preact/hooks';
import { ActionNotice, type ActionMessage } from '../../../components/ActionNotice';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { fetchAdminCourses } from '../api';
import { useRemote } from '../useRemote';
import { AdminCourseCard } from './AdminCourseCard';
import { UploadPanel } from './UploadPanel';

/** "Kelola Pelatihan": upload a bundle, then publish, roll back or unpublish course versions. */
export default function CoursesScreen() {
  const { t } = useT();
  const courses = useRemote(fetchAdminCourses, []);
  const [message, setMessage] = useState<ActionMessage | null>(null);
  // Every action changes the version history or what is published, so the list is read again.
  const onChanged = (next: ActionMessage | null): void => {
    setMessage(next);
    courses.reload();
  };

  return (
    <main class="admin__main">
      <h1>{t('admin.courses.title')}</h1>
      <p>{t('admin.courses.intro')}</p>
      <UploadPanel onChanged={onChanged} />
      {message && <ActionNotice message={message} />}
      {courses.error !== null && <ErrorNotice error={courses.error} />}
      {courses.data === undefined && courses.error === null && <p class="loading">{t('app.loading')}</p>}
      {courses.data?.courses.length === 0 && <p>{t('admin.courses.empty')}</p>}
      <ul class="admin-courses">
        {courses.data?.courses.map((course) => (
          <AdminCourseCard key={course.id} course={course} onChanged={onChanged} />
        ))}
      </ul>
    </main>
  );
}
