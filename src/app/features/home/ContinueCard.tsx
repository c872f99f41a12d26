import { pickLanguage } from '../../../shared/language';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { courseCompletedAt, courseEvaluated, whereToContinue } from '../../data/completion';
import { useCourseCover } from '../../hooks/useCourseCover';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

/** "Lanjutkan belajar": one tap back into the lesson, at the place the learner stopped reading. */
export default function ContinueCard() {
  const { t, language } = useT();
  const db = useDb();
  const courses = useLiveQuery(() => db.courses.toArray(), [db]);
  const progress = useLiveQuery(() => db.progress.toArray(), [db]);
  const point = courses && progress ? whereToContinue(courses, progress) : undefined;
  const course = point ? courses?.find((entry) => entry.id === point.courseId) : undefined;
  const cover = useCourseCover(course);
  // With every lesson studied, the next step depends on the course: the post-test, then the evaluation.
  const courseId = point?.lessonId === null ? point.courseId : null;
  const nextStep = useLiveQuery(
    async () =>
      courseId === null || (await courseCompletedAt(db, courseId)) === null
        ? 'allDone'
        : (await courseEvaluated(db, courseId))
          ? 'courseDone'
          : 'evaluationPending',
    [db, courseId],
  );
  if (point === undefined) return null;
  if (point === null || !course) {
    return (
      <section class="home-card home-card--empty" aria-labelledby="home-continue">
        <h2 id="home-continue">{t('home.continueTitle')}</h2>
        <p>{t('home.nothingYet')}</p>
        <Link to={{ name: 'catalog' }} class="button button--primary">
          {t('home.browse')}
        </Link>
      </section>
    );
  }
  const lessons = course.manifest.lessons;
  const index = lessons.findIndex((lesson) => lesson.id === point.lessonId);
  const lesson = lessons[index];
  const readTo = t('home.continueAt', { percent: Math.round(point.position * 100) });
  return (
    <section class="home-card home-card--continue" aria-labelledby="home-continue" data-course-id={course.id}>
      {cover && <img class="home-card__cover" src={cover} alt="" width={640} height={360} />}
      <h2 id="home-continue">{t('home.continueTitle')}</h2>
      <p class="home-card__course">{pickLanguage(course.manifest.title, language)}</p>
      {lesson ? (
        <>
          <p>
            {t('home.continueLesson', {
              number: index + 1,
              total: lessons.length,
              lesson: pickLanguage(lesson.title, language),
            })}
          </p>
          {/* The button before the reading position: on a small phone it stays above the tab bar. */}
          <Link to={{ name: 'lesson', courseId: course.id, lessonId: lesson.id }} class="button button--primary">
            {point.started ? t('home.continue') : t('home.start')}
          </Link>
          {point.position > 0 && (
            <>
              <ProgressBar value={point.position} label={readTo} />
              <p class="hint">{readTo}</p>
            </>
          )}
        </>
      ) : (
        <>
          <p>{t(`home.${nextStep ?? 'allDone'}`)}</p>
          <Link
            to={
              nextStep === 'evaluationPending'
                ? { name: 'feedback', courseId: course.id }
                : { name: 'course', courseId: course.id }
            }
            class="button button--primary"
          >
            {t(nextStep === 'evaluationPending' ? 'home.giveFeedback' : 'home.openCourse')}
          </Link>
        </>
      )}
    </section>
  );
}
