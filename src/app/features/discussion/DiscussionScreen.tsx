import { useEffect, useState } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { PHOTO_MAX_BYTES } from '../../../shared/records/attachment';
import { POST_TEXT_MAX } from '../../../shared/records/discussion';
import { freeTextProblem } from '../../../shared/text';
import type { LessonDiscussion } from '../../../shared/schema/bundle';
import { AttachedPhoto } from '../../components/AttachedPhoto';
import { ErrorNotice } from '../../components/ErrorNotice';
import { FreeTextNotice } from '../../components/FreeTextNotice';
import { formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { PhotoPicker } from '../../components/PhotoPicker';
import {
  discussionFetch,
  loadOlderThreads,
  olderThreadsCursor,
  refreshDiscussion,
  shownDiscussion,
  type ShownPost,
  type ShownThread,
} from '../../data/discussion';
import { queueRecord, type PreparedFile } from '../../data/records';
import { useAction } from '../../hooks/useAction';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { useSession } from '../../stores/session';
import { NotDownloaded } from '../course/NotDownloaded';

const fetchPage = discussionFetch();

/**
 * A course's discussion: the pinned threads of the lessons' prompts, then the learners' own
 * threads. Readable offline from the phone's copy; what the learner writes is saved on the
 * phone at once and shown as "menunggu sinkronisasi" until the server has it.
 */
export default function DiscussionScreen({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const token = useSession((state) => state.token);
  const user = useSession((state) => state.user);
  const online = useNetwork((state) => state.online);
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const threads = useLiveQuery(async () => {
    const [cached, posts, edits, deletes, outbox] = await Promise.all([
      db.discussionThreads.where('courseId').equals(courseId).toArray(),
      db.discussionPosts.where('body.courseId').equals(courseId).toArray(),
      db.discussionEdits.toArray(),
      db.discussionDeletes.toArray(),
      db.outbox.where('kind').equals('record').toArray(),
    ]);
    return shownDiscussion(cached, {
      posts,
      edits,
      deletes,
      unsent: new Set(outbox.map((entry) => entry.id)),
      author: { name: user?.name ?? '', opd: user?.opd ?? '' },
    });
  }, [db, courseId, user]);
  const older = useLiveQuery(() => olderThreadsCursor(db, courseId), [db, courseId]);

  // Opening the discussion online fetches what others wrote since the last sync.
  const refresh = useAction(async () => {
    if (token) await refreshDiscussion(db, fetchPage, token, courseId);
  });
  useEffect(() => {
    if (online) refresh.run();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opening and per reconnection
  }, [online, courseId]);
  const more = useAction(async () => {
    if (token) await loadOlderThreads(db, fetchPage, token, courseId);
  });

  if (course === undefined || threads === undefined) return <p class="loading">{t('app.loading')}</p>;
  if (course === null) return <NotDownloaded courseId={courseId} />;
  const prompts = course.manifest.lessons.flatMap((lesson) => (lesson.discussion ? [lesson.discussion] : []));
  const general = threads.filter((thread) => thread.promptId === null);

  return (
    <main class="discussion">
      <Link class="back-link" to={{ name: 'course', courseId }}>
        ← {t('discussion.backToCourse')}
      </Link>
      <h1>{t('discussion.title', { course: pickLanguage(course.manifest.title, language) })}</h1>
      <p>{t('discussion.intro')}</p>
      {refresh.error !== null && <p class="notice">{t('discussion.offlineCopy')}</p>}
      {prompts.map((prompt) => (
        <PromptThread
          key={prompt.id}
          courseId={courseId}
          prompt={prompt}
          answers={threads.filter((thread) => thread.promptId === prompt.id)}
        />
      ))}
      <section class="discussion__general" aria-labelledby="discussion-general">
        <h2 id="discussion-general">{t('discussion.generalTitle')}</h2>
        <Composer courseId={courseId} promptId={null} parentId={null} label={t('discussion.newThread')} />
        {general.length === 0 ? (
          <p>{t('discussion.empty')}</p>
        ) : (
          <ul class="discussion__threads">
            {general.map((thread) => (
              <Thread key={thread.id} courseId={courseId} thread={thread} />
            ))}
          </ul>
        )}
      </section>
      {older !== undefined && older !== null && (
        <button type="button" class="button" disabled={more.busy || !online} onClick={() => more.run()}>
          {online ? t('discussion.more') : t('discussion.moreOffline')}
        </button>
      )}
      {more.error !== null && <ErrorNotice error={more.error} />}
    </main>
  );
}

function PromptThread({
  courseId,
  prompt,
  answers,
}: {
  courseId: string;
  prompt: LessonDiscussion;
  answers: ShownThread[];
}) {
  const { t, language } = useT();
  return (
    <section class="discussion__prompt" data-prompt-id={prompt.id}>
      <p class="badge badge--offline">{t('discussion.pinnedPrompt')}</p>
      <h2>{pickLanguage(prompt.prompt, language)}</h2>
      <Composer courseId={courseId} promptId={prompt.id} parentId={null} label={t('discussion.answer')} />
      {answers.length > 0 && (
        <ul class="discussion__threads">
          {answers.map((thread) => (
            <Thread key={thread.id} courseId={courseId} thread={thread} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Thread({ courseId, thread }: { courseId: string; thread: ShownThread }) {
  const { t } = useT();
  return (
    <li class="discussion__thread" data-post-id={thread.id}>
      <Post post={thread} />
      {thread.replyCount > thread.replies.length && (
        <p class="discussion__meta">
          {t('discussion.olderReplies', { count: thread.replyCount - thread.replies.length })}
        </p>
      )}
      {thread.replies.length > 0 && (
        <ul class="discussion__replies">
          {thread.replies.map((reply) => (
            <li key={reply.id} data-post-id={reply.id}>
              <Post post={reply} />
            </li>
          ))}
        </ul>
      )}
      {!thread.pending && (
        <Composer courseId={courseId} promptId={null} parentId={thread.id} label={t('discussion.reply')} />
      )}
    </li>
  );
}

function Post({ post }: { post: ShownPost }) {
  const { t, language } = useT();
  const db = useDb();
  const [editing, setEditing] = useState(false);
  const remove = useAction(async () => {
    if (!confirm(t('discussion.confirmDelete'))) return;
    await queueRecord(db, 'discussion_delete', { postId: post.id, writtenAt: new Date().toISOString() });
  });
  return (
    <article class="discussion__post">
      <p class="discussion__meta">
        <strong>{post.author.name || t('discussion.formerAccount')}</strong>
        {post.author.opd && ` · ${post.author.opd}`} · {formatDateTime(post.writtenAt, language)}
        {post.editedAt !== null && ` · ${t('discussion.edited')}`}
        {post.pinned && <span class="badge"> {t('discussion.pinned')}</span>}
        {post.pending && <span class="badge badge--offline"> {t('discussion.pending')}</span>}
      </p>
      {editing ? <EditForm post={post} done={() => setEditing(false)} /> : <p class="discussion__text">{post.text}</p>}
      {post.photo && (
        <AttachedPhoto sha256={post.photo.sha256} alt={t('attachment.photoOf', { name: post.author.name })} />
      )}
      {post.mine && !editing && (
        <p class="discussion__actions">
          <button type="button" class="button" onClick={() => setEditing(true)}>
            {t('discussion.edit')}
          </button>
          <button type="button" class="button button--danger" disabled={remove.busy} onClick={() => remove.run()}>
            {t('discussion.delete')}
          </button>
        </p>
      )}
      {remove.error !== null && <ErrorNotice error={remove.error} />}
    </article>
  );
}

function EditForm({ post, done }: { post: ShownPost; done: () => void }) {
  const { t } = useT();
  const db = useDb();
  const [text, setText] = useState(post.text);
  const save = useAction(async () => {
    await queueRecord(db, 'discussion_edit', { postId: post.id, text, writtenAt: new Date().toISOString() });
    done();
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (freeTextProblem(text) === null) save.run();
      }}
    >
      <TextBox value={text} onInput={setText} label={t('discussion.edit')} />
      <button type="submit" class="button button--primary" disabled={save.busy || freeTextProblem(text) !== null}>
        {t('discussion.save')}
      </button>
      <button type="button" class="button" onClick={done}>
        {t('discussion.cancel')}
      </button>
      {save.error !== null && <ErrorNotice error={save.error} />}
    </form>
  );
}

function Composer({
  courseId,
  promptId,
  parentId,
  label,
}: {
  courseId: string;
  promptId: string | null;
  parentId: string | null;
  label: string;
}) {
  const { t } = useT();
  const db = useDb();
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<PreparedFile | null>(null);
  const [open, setOpen] = useState(false);
  const send = useAction(async () => {
    // The post, its photo and its outbox entry are saved together; the photo is uploaded before the post at sync.
    await queueRecord(
      db,
      'discussion_post',
      { courseId, promptId, parentId, text, photo: photo?.ref ?? null, writtenAt: new Date().toISOString() },
      new Date(),
      photo === null ? [] : [photo],
    );
    setText('');
    setPhoto(null);
    setOpen(false);
  });
  if (!open)
    return (
      <button type="button" class="button" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form
      class="discussion__composer"
      onSubmit={(event) => {
        event.preventDefault();
        if (freeTextProblem(text) === null) send.run();
      }}
    >
      <TextBox value={text} onInput={setText} label={label} />
      <PhotoPicker value={photo} onChange={setPhoto} maxBytes={PHOTO_MAX_BYTES} label={t('attachment.addPhoto')} />
      <button type="submit" class="button button--primary" disabled={send.busy || freeTextProblem(text) !== null}>
        {t('discussion.send')}
      </button>
      <button type="button" class="button" onClick={() => setOpen(false)}>
        {t('discussion.cancel')}
      </button>
      {send.error !== null && <ErrorNotice error={send.error} />}
    </form>
  );
}

function TextBox({ value, onInput, label }: { value: string; onInput: (value: string) => void; label: string }) {
  const { t } = useT();
  return (
    <label class="discussion__textbox">
      <span>{label}</span>
      <textarea
        rows={4}
        maxLength={POST_TEXT_MAX}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      <small>{t('discussion.remaining', { count: POST_TEXT_MAX - value.length })}</small>
      <FreeTextNotice value={value} />
    </label>
  );
}
