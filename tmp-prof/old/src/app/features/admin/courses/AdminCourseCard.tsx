import { useState } from 'preact/hooks';
import { pickLanguage } from '../../../../shared/language';
import { compareVersions } from '../../../../shared/bundle/version';
import type { AdminCourse } from '../../../../shared/protocol/bundles';
import { errorMessage } from '../../../components/errorMessage';
import { formatBytes, formatDateTime } from '../../../components/format';
import { Link } from '../../../components/Link';
import { useT } from '../../../hooks/useT';
import { deleteVersion, publishVersion, unpublishCourse } from '../api';
import type { ActionMessage } from '../../../components/ActionNotice';

interface Props {
  course: AdminCourse;
  onChanged(message: ActionMessage): void;
}

/** A course with its version history (newest first) and what can be done with each version. */
export function AdminCourseCard({ course, onChanged }: Props) {
  const { t, language } = useT();
  const [busy, setBusy] = useState(false);
  const title = pickLanguage(course.title, language);
  const published = course.publishedVersion;
  const isOlderThanPublished = (version: string): boolean =>
    published !== null && compareVersions(version, published) < 0;

  const run = async (action: () => Promise<void>, success: string): Promise<void> => {
    setBusy(true);
    try {
      await action();
      onChanged({ text: success, error: false });
    } catch (error) {
      onChanged({ text: errorMessage(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  const publish = (version: string): void => {
    // A rollback changes what every new download gets (phones never downgrade by themselves), so it is confirmed.
    if (isOlderThanPublished(version) && !confirm(t('admin.courses.confirmRollback', { title, version }))) return;
    void run(() => publishVersion(course.id, version), t('admin.courses.publishedNow', { title, version }));
  };

  const unpublish = (): void => {
    if (!confirm(t('admin.courses.confirmUnpublish', { title }))) return;
    void run(() => unpublishCourse(course.id), t('admin.courses.unpublishedNow', { title }));
  };

  const remove = (version: string): void => {
    if (!confirm(t('versionDelete.confirmDelete', { title, version }))) return;
    void run(() => deleteVersion(course.id, version), t('versionDelete.deletedNow', { title, version }));
  };

  return (
    <li class="admin-course" data-course-id={course.id}>
      <h2>{title}</h2>
      <p class={published ? 'badge badge--done' : 'badge'}>
        {published ? t('admin.courses.published', { version: published }) : t('admin.courses.notPublished')}
      </p>
      <table class="admin-table">
        <caption>{t('admin.courses.history')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.courses.version')}</th>
            <th scope="col">{t('admin.courses.size')}</th>
            <th scope="col">{t('admin.courses.files')}</th>
            <th scope="col">{t('admin.courses.uploaded')}</th>
            <th scope="col">{t('admin.courses.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {course.versions.map((version) => (
            <tr key={version.version} data-version={version.version}>
              <td>{version.version}</td>
              <td>{formatBytes(version.size, language)}</td>
              <td>{version.fileCount}</td>
              <td>
                {formatDateTime(version.uploadedAt, language)}
                {version.uploadedBy && <span class="hint"> · {version.uploadedBy}</span>}
              </td>
              <td class="admin-table__actions">
                <Link
                  to={{ name: 'admin', page: { kind: 'preview', courseId: course.id, version: version.version } }}
                  class="button"
                >
                  {t('admin.courses.preview')}
                </Link>
                {version.version === published ? (
                  <button type="button" class="button button--danger" disabled={busy} onClick={unpublish}>
                    {t('admin.courses.unpublish')}
                  </button>
                ) : (
                  <button
                    type="button"
                    class="button button--primary"
                    disabled={busy}
                    onClick={() => publish(version.version)}
                  >
                    {isOlderThanPublished(version.version) ? t('admin.courses.rollback') : t('admin.courses.publish')}
                  </button>
                )}
                {!version.everPublished && (
                  <button
                    type="button"
                    class="button button--danger"
                    disabled={busy}
                    onClick={() => remove(version.version)}
                  >
                    {t('versionDelete.delete')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </li>
  );
}
