import type { QuizEntry } from '../../../shared/schema/bundle';
import { pickLanguage } from '../../../shared/language';
import { cycleState } from '../../data/cycle';
import type { QuizAttempt } from '../../data/db';
import { courseCompletedAt, courseCompletion, courseStarted } from '../../data/completion';
import { Link } from '../../components/Link';
import { ProgressBar } from '../../components/ProgressBar';
import { progressText } from '../../components/courseProgress';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { NotDownloaded } from './NotDownloaded';

export default function CourseScreen({ courseId }: { courseId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const progress = useLiveQuery(() => db.progress.where('courseId').equals(courseId).toArray(), [db, courseId]);
  const attempts = useLiveQuery(
    () => db.attempts.where('[courseId+quizId]').between([courseId, ''], [courseId, '\uffff']).toArray(),
    [db, courseId],
  );
  const completedAt = useLiveQuery(() => courseCompletedAt(db, courseId), [db, courseId]);
  // With the admin's setting, the certificate waits for this course's action plan: say so until one is written.
  const planNeeded = useLiveQuery(
    async () =>
      (await cycleState(db)).settings.actionPlanRequired &&
      (await db.actionPlans.filter((plan) => plan.body.courseId === courseId).count()) === 0,
    [db, courseId],
  );

  if (course === undefined || progress === undefined || attempts === undefined || completedAt === undefined)
    return <p class="loading">{t('app.loading')}</p>;
  if (course === null) return <NotDownloaded courseId={courseId} />;
  const { manifest } = course;
  const completion = courseCompletion(manifest, progress, completedAt !== null);
  const next = manifest.lessons.find((lesson) => lesson.id === completion.nextLessonId);
  const byLesson = new Map(progress.map((row) => [row.lessonId, row]));
  const postTest = manifest.quizzes.find((quiz) => quiz.kind === 'post');
  const preTest = manifest.quizzes.find((quiz) => quiz.kind === 'pre');
  const preTestTaken = attempts.some((attempt) => attempt.quizId === preTest?.id && attempt.finishedAt !== null);
  // The pre-test measures what the learner knew before studying: it comes first, or not at all.
  const preTestFirst = preTest !== undefined && !preTestTaken && byLesson.size === 0 && !completedAt;
  const quizzesOf = (kind: QuizEntry['kind'], lessonId?: string) =>
    manifest.quizzes.filter((quiz) => quiz.kind === kind && quiz.lessonId === lessonId);

  return (
    <main>
      <Link class="back-link" to={{ name: 'catalog' }}>
        ← {t('course.back')}
      </Link>
      <h1>{pickLanguage(manifest.title, language)}</h1>
      <p>{pickLanguage(manifest.description, language)}</p>
      <p class="course-card__meta">
        <span>{t('catalog.jp', { count: manifest.jp })}</span>
        <span>{t(`competency.${manifest.competency}`)}</span>
      </p>
      {completedAt ? (
        <p class="badge badge--done course-progress">{t('course.completedWithJp', { jp: manifest.jp })}</p>
      ) : (
        <>
          <ProgressBar value={completion.percent / 100} label={progressText(t, completion)} />
          <p class="course-progress">{progressText(t, completion)}</p>
        </>
      )}
      {/* Every lesson studied but the course not complete: the post-test is the obvious next step. */}
      {!next && !completedAt && postTest && (
        <Link to={{ name: 'quiz', courseId, quizId: postTest.id }} class="button button--primary">
          {t('course.takePostTest', { title: pickLanguage(postTest.title, language) })}
        </Link>
      )}
      {preTestFirst && next ? (
        <div class="button-group">
          <Link to={{ name: 'quiz', courseId, quizId: preTest.id }} class="button button--primary">
            {t('course.takePreTest')}
          </Link>
          <Link to={{ name: 'lesson', courseId, lessonId: next.id }} class="button">
            {t('course.skipPreTest')}
          </Link>
        </div>
      ) : (
        next && (
          <Link to={{ name: 'lesson', courseId, lessonId: next.id }} class="button button--primary">
            {byLesson.size === 0
              ? t('course.start')
              : t('course.continue', { title: pickLanguage(next.title, language) })}
          </Link>
        )
      )}
      <QuizLinks
        quizzes={quizzesOf('pre')}
        attempts={attempts}
        courseId={courseId}
        notTaken={preTestFirst ? 'course.quizNotTaken' : 'course.preTestSkipped'}
      />
      <h2>{t('course.lessonsTitle')}</h2>
      <ol class="lesson-list">
        {manifest.lessons.map((lesson) => {
          const row = byLesson.get(lesson.id);
          const state = row?.completedAt ? 'completed' : row ? 'opened' : 'new';
          return (
            <li key={lesson.id} class={`lesson-list__item lesson-list__item--${state}`} data-lesson-id={lesson.id}>
              <Link to={{ name: 'lesson', courseId, lessonId: lesson.id }}>{pickLanguage(lesson.title, language)}</Link>
              {/* The tick is decoration: "Selesai" below says it in words, and the link's name stays the
                  lesson's title. */}
              {state === 'completed' && (
                <span class="lesson-list__check" aria-hidden="true">
                  ✓
                </span>
              )}
              <span class="lesson-list__meta">
                {t('course.minutes', { count: lesson.minutes })}
                {state === 'completed' && ` · ${t('course.completed')}`}
                {state === 'opened' && ` · ${t('course.opened')}`}
              </span>
              <QuizLinks quizzes={quizzesOf('lesson', lesson.id)} attempts={attempts} courseId={courseId} />
            </li>
          );
        })}
      </ol>
      <QuizLinks quizzes={quizzesOf('post')} attempts={attempts} courseId={courseId} />
      <h2>{t('cycle.plan.title')}</h2>
      <p>{t('cycle.plan.invite')}</p>
      {planNeeded === true && <p class="notice">{t('record.certificateNeedsPlan')}</p>}
      <Link to={{ name: 'plan', courseId }} class="button">
        {t('cycle.plan.open')}
      </Link>
      <h2>{t('discussion.short')}</h2>
      <p>{t('discussion.invite')}</p>
      <Link to={{ name: 'discussion', courseId }} class="button">
        {t('discussion.open')}
      </Link>
      <h2>{t('feedback.title')}</h2>
      {courseStarted(progress, attempts, courseId) ? (
        <>
          <p>{t('course.feedbackInvite')}</p>
          <Link to={{ name: 'feedback', courseId }} class="button">
            {t('course.giveFeedback')}
          </Link>
        </>
      ) : (
        <p class="hint">{t('course.feedbackAfterStart')}</p>
      )}
    </main>
  );
}

function QuizLinks({
  quizzes,
  attempts,
  courseId,
  notTaken = 'course.quizNotTaken',
}: {
  quizzes: QuizEntry[];
  attempts: QuizAttempt[];
  courseId: string;
  /** What a quiz never taken says: a pre-test passed by once the lessons began is skipped, not pending. */
  notTaken?: 'course.quizNotTaken' | 'course.preTestSkipped';
}) {
  const { t, language } = useT();
  if (quizzes.length === 0) return null;
  return (
    <ul class="quiz-links">
      {quizzes.map((quiz) => {
        const finished = attempts.filter((attempt) => attempt.quizId === quiz.id && attempt.score);
        const best = finished.reduce<number | null>(
          (top, attempt) => Math.max(top ?? 0, attempt.score?.percent ?? 0),
          null,
        );
        const passed = finished.some((attempt) => attempt.score?.passed);
        return (
          <li key={quiz.id} data-quiz-id={quiz.id}>
            <Link to={{ name: 'quiz', courseId, quizId: quiz.id }}>{pickLanguage(quiz.title, language)}</Link>
            <span class="lesson-list__meta">
              {best === null ? t(notTaken) : t('course.quizBest', { percent: best })}
              {passed && quiz.kind !== 'pre' && ` · ${t('quiz.passed')}`}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
