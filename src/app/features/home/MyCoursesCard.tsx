import { pickLanguage } from '../../../shared/language';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import type { LessonProgress, StoredCourse } from '../../data/db';
import { completedCourseIds, courseCompletion } from '../../data/completion';
import { useCourseCover } from '../../hooks/useCourseCover';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

/** The courses on this phone with how far the learner got in each, most recently studied first. */
export default function MyCoursesCard() {
  const { t } = useT();
  const db = useDb();
  const courses = useLiveQuery(() => db.courses.toArray(), [db]);
  const progress = useLiveQuery(() => db.progress.toArray(), [db]);
  // "Selesai" is the course's completion mark (every lesson studied and the post-test passed), not 100% of lessons.
  const completed = useLiveQuery(() => completedCourseIds(db), [db]);
  if (!courses || !progress || !completed || courses.length === 0) return null;
  const lastStudied = new Map<string, string>();
  for (const row of progress) {
    if (row.updatedAt > (lastStudied.get(row.courseId) ?? '')) lastStudied.set(row.courseId, row.updatedAt);
  }
  const ordered = [...courses].sort((a, b) =>
    (lastStudied.get(b.id) ?? b.downloadedAt).localeCompare(lastStudied.get(a.id) ?? a.downloadedAt),
  );
  return (
    <section class="home-card" aria-labelledby="home-my-courses">
      <h2 id="home-my-courses">{t('home.myCourses')}</h2>
      <ul class="my-courses">
        {ordered.map((course) => (
          <MyCourse
            key={course.id}
            course={course}
            progress={progress.filter((row) => row.courseId === course.id)}
            completed={completed.has(course.id)}
          />
        ))}
      </ul>
    </section>
  );
}

function MyCourse({
  course,
  progress,
  completed,
}: {
  course: StoredCourse;
  progress: LessonProgress[];
  completed: boolean;
}) {
  const { t, language } = useT();
  const cover = useCourseCover(course);
  const completion = courseCompletion(course.manifest, progress, completed);
  const label = t('home.progress', {
    done: completion.completedLessons,
    total: completion.totalLessons,
    percent: completion.percent,
  });
  return (
    <li class="my-courses__item" data-course-id={course.id}>
      <Link to={{ name: 'course', courseId: course.id }} class="my-courses__link">
        {cover ? (
          <img class="my-courses__cover" src={cover} alt="" width={64} height={64} />
        ) : (
          <span class="my-courses__cover" aria-hidden="true" />
        )}
        <span class="my-courses__text">
          <span class="my-courses__title">{pickLanguage(course.manifest.title, language)}</span>
          <span class="my-courses__progress">
            {completed
              ? `${t('home.completed')} · ${label}`
              : completion.completedLessons === completion.totalLessons
                ? `${t('home.lessonsDoneQuizPending')} · ${label}`
                : label}
          </span>
        </span>
      </Link>
      <ProgressBar value={completion.percent / 100} label={label} />
    </li>
  );
}
