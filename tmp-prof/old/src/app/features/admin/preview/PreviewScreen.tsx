import { useRef, useState } from 'preact/hooks';
import { pickLanguage } from '../../../../shared/language';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Link } from '../../../components/Link';
import { useT } from '../../../hooks/useT';
import { fetchVersionManifest } from '../api';
import { useRemote } from '../useRemote';
import { PreviewLesson } from './PreviewLesson';
import { PreviewQuiz } from './PreviewQuiz';

type Opened = { kind: 'lesson'; id: string } | { kind: 'quiz'; id: string } | null;

/** A stored version shown as a learner would see it, before (or after) it is published. */
export default function PreviewScreen({ courseId, version }: { courseId: string; version: string }) {
  const { t, language } = useT();
  const signed = useRemote(() => fetchVersionManifest(courseId, version), [courseId, version]);
  const [opened, setOpened] = useState<Opened>(null);
  const content = useRef<HTMLElement>(null);
  // The outline stays on screen while the admin reads far down; the next item starts at its top.
  const open = (next: Opened): void => {
    setOpened(next);
    const section = content.current;
    if (section && section.getBoundingClientRect().top < 0) section.scrollIntoView({ block: 'start' });
  };
  const back = <Link to={{ name: 'admin', page: { kind: 'courses' } }}>← {t('admin.preview.back')}</Link>;

  if (signed.error !== null) {
    return (
      <main class="admin__main">
        {back}
        <ErrorNotice error={signed.error} />
      </main>
    );
  }
  if (!signed.data) return <p class="loading">{t('app.loading')}</p>;
  const { manifest } = signed.data;
  const lesson = opened?.kind === 'lesson' ? manifest.lessons.find((entry) => entry.id === opened.id) : undefined;
  const quiz = opened?.kind === 'quiz' ? manifest.quizzes.find((entry) => entry.id === opened.id) : undefined;

  return (
    <main class="admin__main admin-preview">
      {back}
      <p class="notice">{t('admin.preview.notice', { version: manifest.version })}</p>
      <h1>{pickLanguage(manifest.title, language)}</h1>
      <p>{pickLanguage(manifest.description, language)}</p>
      <p class="course-card__meta">
        <span>{t('catalog.jp', { count: manifest.jp })}</span>
        <span>{t(`competency.${manifest.competency}`)}</span>
        <span>{t('catalog.lessons', { count: manifest.lessons.length })}</span>
      </p>
      <div class="admin-preview__layout">
        <nav class="admin-preview__outline">
          <h2>{t('course.lessonsTitle')}</h2>
          <ol>
            {manifest.lessons.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  class="link-button"
                  aria-pressed={lesson?.id === entry.id}
                  onClick={() => open({ kind: 'lesson', id: entry.id })}
                >
                  {pickLanguage(entry.title, language)}
                </button>
                <span class="hint">{t('course.minutes', { count: entry.minutes })}</span>
              </li>
            ))}
          </ol>
          <h2>{t('admin.preview.quizzes')}</h2>
          <ul>
            {manifest.quizzes.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  class="link-button"
                  aria-pressed={quiz?.id === entry.id}
                  onClick={() => open({ kind: 'quiz', id: entry.id })}
                >
                  {pickLanguage(entry.title, language)}
                </button>
                <span class="hint">{t(`admin.kind.${entry.kind}`)}</span>
              </li>
            ))}
          </ul>
        </nav>
        <section class="admin-preview__content" ref={content}>
          {lesson && <PreviewLesson key={lesson.id} manifest={manifest} lesson={lesson} />}
          {quiz && <PreviewQuiz key={quiz.id} manifest={manifest} quiz={quiz} />}
          {!lesson && !quiz && <p class="hint">{t('admin.preview.choose')}</p>}
        </section>
      </div>
    </main>
  );
}
