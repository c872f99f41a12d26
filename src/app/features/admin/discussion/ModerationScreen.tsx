import { useState } from 'preact/hooks';
import { HIDE_REASON_MAX, type ModerationPostView } from '../../../../shared/protocol/discussion';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useAction } from '../../../hooks/useAction';
import { attachmentsApi } from '../../../../shared/records/attachment';
import { RemotePhoto } from '../RemotePhoto';
import { useT } from '../../../hooks/useT';
import { CourseSelect } from '../courses/CourseSelect';
import { useCourseChoices } from '../courses/useCourseChoices';
import { useRemote } from '../useRemote';
import { fetchModerationPage, moderate } from './api';

/**
 * Moderating the courses' discussions: every post and reply of the writers this admin
 * manages, newest first; hide one with a reason (it leaves learners' phones at their next
 * sync), show it again, pin it to the top of its course's discussion.
 */
export default function ModerationScreen() {
  const { t } = useT();
  const [courseId, setCourseId] = useState<string | null>(null);
  const { courses, courseTitle } = useCourseChoices();
  const [pages, setPages] = useState<{ posts: ModerationPostView[]; next: string | null } | null>(null);
  const first = useRemote(async () => {
    const page = await fetchModerationPage(courseId, null);
    setPages({ posts: page.posts, next: page.nextCursor });
    return page;
  }, [courseId]);
  const more = useAction(async () => {
    if (pages?.next == null) return;
    const page = await fetchModerationPage(courseId, pages.next);
    setPages({ posts: [...pages.posts, ...page.posts], next: page.nextCursor });
  });

  return (
    <main>
      <h1>{t('moderation.title')}</h1>
      <p>{t('moderation.intro')}</p>
      <CourseSelect
        label={t('moderation.course')}
        allLabel={t('moderation.allCourses')}
        courses={courses.data?.courses}
        value={courseId}
        onChange={setCourseId}
      />
      {first.error !== null && <ErrorNotice error={first.error} />}
      {pages === null ? (
        <p class="loading">{t('app.loading')}</p>
      ) : pages.posts.length === 0 ? (
        <p>{t('moderation.empty')}</p>
      ) : (
        <ul class="moderation-list">
          {pages.posts.map((post) => (
            <ModeratedPost key={post.id} post={post} courseTitle={courseTitle} reload={first.reload} />
          ))}
        </ul>
      )}
      {pages?.next != null && (
        <button type="button" class="button" disabled={more.busy} onClick={() => more.run()}>
          {t('moderation.more')}
        </button>
      )}
      {more.error !== null && <ErrorNotice error={more.error} />}
    </main>
  );
}

function ModeratedPost({
  post,
  courseTitle,
  reload,
}: {
  post: ModerationPostView;
  courseTitle(courseId: string): string;
  reload: () => void;
}) {
  const { t, language } = useT();
  const [reason, setReason] = useState('');
  const [hiding, setHiding] = useState(false);
  const act = useAction(async (action: 'hide' | 'unhide' | 'pin' | 'unpin') => {
    await moderate(post, action, reason);
    setHiding(false);
    reload();
  });
  return (
    <li class="moderation-list__item" data-post-id={post.id}>
      <p class="discussion__meta">
        <strong>{post.author.name}</strong> · {post.author.opd} · {courseTitle(post.courseId)} ·{' '}
        {formatDateTime(post.writtenAt, language)}
        {post.parentId !== null && ` · ${t('moderation.reply')}`}
        {post.pinned && ` · ${t('moderation.pinned')}`}
        {post.deleted && ` · ${t('moderation.deleted')}`}
      </p>
      <p class="discussion__text">{post.text}</p>
      {post.photo && <RemotePhoto path={attachmentsApi.file(post.photo.sha256)} alt={t('moderation.photo')} />}
      {post.hidden && <p class="notice">{t('moderation.hiddenBecause', { reason: post.hidden.reason })}</p>}
      <p class="discussion__actions">
        {post.hidden ? (
          <button type="button" class="button" disabled={act.busy} onClick={() => act.run('unhide')}>
            {t('moderation.unhide')}
          </button>
        ) : (
          <button type="button" class="button button--danger" onClick={() => setHiding(true)}>
            {t('moderation.hide')}
          </button>
        )}
        {post.parentId === null && (
          <button
            type="button"
            class="button"
            disabled={act.busy}
            onClick={() => act.run(post.pinned ? 'unpin' : 'pin')}
          >
            {post.pinned ? t('moderation.unpin') : t('moderation.pin')}
          </button>
        )}
      </p>
      {hiding && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim() !== '') act.run('hide');
          }}
        >
          <label>
            {t('moderation.reason')}
            <input
              type="text"
              required
              maxLength={HIDE_REASON_MAX}
              value={reason}
              onInput={(event) => setReason(event.currentTarget.value)}
            />
          </label>
          <button type="submit" class="button button--danger" disabled={act.busy || reason.trim() === ''}>
            {t('moderation.confirmHide')}
          </button>
        </form>
      )}
      {act.error !== null && <ErrorNotice error={act.error} />}
    </li>
  );
}
