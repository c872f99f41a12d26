import { pickLanguage } from '../../../shared/schema/lang';
import { courseCompletion } from '../../data/progress';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

export default function CourseScreen({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const progress = useLiveQuery(() => db.progress.where('courseId').equals(courseId).toArray(), [db, courseId]);

  if (course === undefined || progress === undefined) return <p class="loading">{t('app.loading')}</p>;
  if (course === null) {
    return (
      <main>
        <p class="notice">{t('course.notDownloaded')}</p>
        <Link to={{ name: 'catalog' }}>{t('course.back')}</Link>
      </main>
    );
  }
  const { manifest } = course;
  const completion = courseCompletion(manifest, progress);
  const next = manifest.lessons.find((lesson) => lesson.id === completion.nextLessonId);
  const byLesson = new Map(progress.map((row) => [row.lessonId, row]));

  return (
    <main>
      <Link to={{ name: 'catalog' }}>← {t('course.back')}</Link>
      <h1>{pickLanguage(manifest.title, language)}</h1>
      <p>{pickLanguage(manifest.description, language)}</p>
      <ProgressBar value={completion.percent / 100} label={t('catalog.progress', { percent: completion.percent })} />
      <p class="course-progress">{t('catalog.progress', { percent: completion.percent })}</p>
      {next ? (
        <Link to={{ name: 'lesson', courseId, lessonId: next.id }} class="button button--primary">
          {completion.completedLessons === 0 && byLesson.size === 0 ? t('course.start') : t('course.continue', { title: pickLanguage(next.title, language) })}
        </Link>
      ) : (
        <p class="badge badge--done">{t('course.done')}</p>
      )}
      <h2>{t('course.lessonsTitle')}</h2>
      <ol class="lesson-list">
        {manifest.lessons.map((lesson) => {
          const row = byLesson.get(lesson.id);
          const state = row?.completedAt ? 'completed' : row ? 'opened' : 'new';
          return (
            <li key={lesson.id} class={`lesson-list__item lesson-list__item--${state}`} data-lesson-id={lesson.id}>
              <Link to={{ name: 'lesson', courseId, lessonId: lesson.id }}>{pickLanguage(lesson.title, language)}</Link>
              <span class="lesson-list__meta">
                {t('course.minutes', { count: lesson.minutes })}
                {state === 'completed' && ` · ${t('course.completed')}`}
                {state === 'opened' && ` · ${t('course.opened')}`}
              </span>
            </li>
          );
        })}
      </ol>
    </main>
  );
}
