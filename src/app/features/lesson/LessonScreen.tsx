import { useEffect, useRef } from 'preact/hooks';
import { pickLanguage } from '../../../shared/language';
import { readLesson } from '../../data/content';
import { recordLessonCompleted, recordLessonOpened, recordLessonTime, recordPosition } from '../../data/progress';
import { ContentView } from '../../components/ContentView';
import { LessonMedia } from './LessonMedia';
import { Link } from '../../components/Link';
import { useDb } from '../../hooks/useDb';
import { useLearner } from '../../hooks/useLearner';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { reportSaveFailure } from '../../stores/saveFailure';
import { NotDownloaded } from '../course/NotDownloaded';

/** How often, at most, the reading position is written while scrolling. */
const POSITION_SAVE_MS = 1500;
/** Time on task is counted in ticks of this length… */
const TICK_MS = 15_000;
/** …while the page is visible and the learner scrolled, tapped or typed within this long. */
const IDLE_AFTER_MS = 2 * 60_000;

export default function LessonScreen({ courseId, lessonId }: { courseId: string; lessonId: string }) {
  const { t, language } = useT();
  const db = useDb();
  const learner = useLearner();
  const course = useLiveQuery(async () => (await db.courses.get(courseId)) ?? null, [db, courseId]);
  const doc = useLiveQuery(async () => {
    const stored = await db.courses.get(courseId);
    return stored ? await readLesson(db, stored.manifest, lessonId) : null;
  }, [db, courseId, lessonId]);
  const files = useLiveQuery(async () => {
    const stored = await db.courses.get(courseId);
    if (!stored) return new Map<string, Blob>();
    const rows = await db.files.bulkGet(stored.manifest.files.map((file) => file.sha256));
    return new Map(
      stored.manifest.files.flatMap((file, index) => (rows[index] ? [[file.path, rows[index].blob] as const] : [])),
    );
  }, [db, courseId]);
  const progress = useLiveQuery(() => db.progress.get([courseId, lessonId]), [db, courseId, lessonId]);
  /** The lesson whose reading position has been restored in this visit. */
  const restoredFor = useRef<string | null>(null);

  useEffect(() => {
    if (doc) recordLessonOpened(db, courseId, lessonId).catch(reportSaveFailure);
  }, [db, courseId, lessonId, doc]);

  // Time on task: a tick counts when the lesson is on screen and the learner is using it, so a
  // phone left open on a lesson overnight does not count the night.
  useEffect(() => {
    let lastUse = Date.now();
    const used = (): void => {
      lastUse = Date.now();
    };
    const events = ['scroll', 'pointerdown', 'keydown', 'touchstart'] as const;
    for (const name of events) addEventListener(name, used, { passive: true });
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - lastUse < IDLE_AFTER_MS)
        recordLessonTime(db, courseId, lessonId, TICK_MS).catch(reportSaveFailure);
    }, TICK_MS);
    return () => {
      clearInterval(timer);
      for (const name of events) removeEventListener(name, used);
    };
  }, [db, courseId, lessonId]);

  // Continue where the learner stopped: scroll back once per lesson, when its text and progress are read.
  useEffect(() => {
    if (!doc || progress === undefined || restoredFor.current === lessonId) return;
    restoredFor.current = lessonId;
    if (progress && progress.position > 0 && !progress.completedAt) {
      requestAnimationFrame(() =>
        window.scrollTo(0, progress.position * (document.documentElement.scrollHeight - window.innerHeight)),
      );
    }
  }, [lessonId, doc, progress]);

  // Keep saving the furthest point read for as long as this lesson is shown (not only until the
  // first save: every save changes `progress`, which must not drop the listener).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = (): void => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        const scrollable = document.documentElement.scrollHeight - window.innerHeight;
        if (scrollable > 0)
          recordPosition(db, courseId, lessonId, window.scrollY / scrollable).catch(reportSaveFailure);
      }, POSITION_SAVE_MS);
    };
    addEventListener('scroll', onScroll, { passive: true });
    return () => {
      removeEventListener('scroll', onScroll);
      clearTimeout(timer);
    };
  }, [db, courseId, lessonId]);

  if (course === undefined || doc === undefined || files === undefined)
    return <p class="loading">{t('app.loading')}</p>;
  if (course === null) return <NotDownloaded courseId={courseId} />;
  if (doc === null) {
    return (
      <main>
        <p class="notice">{t('lesson.notFound')}</p>
        <Link class="back-link" to={{ name: 'course', courseId }}>
          {t('lesson.backToCourse')}
        </Link>
      </main>
    );
  }
  const lessons = course.manifest.lessons;
  const index = lessons.findIndex((lesson) => lesson.id === lessonId);
  const previous = lessons[index - 1];
  const next = lessons[index + 1];
  const completed = Boolean(progress?.completedAt);
  const lessonQuiz = course.manifest.quizzes.find((quiz) => quiz.kind === 'lesson' && quiz.lessonId === lessonId);

  return (
    <main class="lesson">
      <Link class="back-link" to={{ name: 'course', courseId }}>
        ← {pickLanguage(course.manifest.title, language)}
      </Link>
      <p class="lesson__position">{t('lesson.position', { index: index + 1, total: lessons.length })}</p>
      <h1>{pickLanguage(doc.title, language)}</h1>
      {(['audio', 'video'] as const).map((kind) => {
        const path = lessons[index]?.[kind];
        return path === undefined ? null : (
          <LessonMedia key={kind} kind={kind} blob={files.get(path)} courseId={courseId} lessonId={lessonId} />
        );
      })}
      <ContentView blocks={pickLanguage(doc.body, language)} resolveFile={(path) => files.get(path)} />
      <div class="lesson__actions button-group">
        {completed ? (
          <p class="badge badge--done" role="status">
            {t('lesson.completed')}
          </p>
        ) : (
          <button
            type="button"
            class="button button--primary"
            onClick={() => recordLessonCompleted(db, learner, course.manifest, lessonId).catch(reportSaveFailure)}
          >
            {t('lesson.markComplete')}
          </button>
        )}
        {lessonQuiz && (
          <Link to={{ name: 'quiz', courseId, quizId: lessonQuiz.id }} class="button">
            {t('lesson.takeQuiz', { title: pickLanguage(lessonQuiz.title, language) })}
          </Link>
        )}
      </div>
      <nav class="lesson__nav">
        {previous ? (
          <Link to={{ name: 'lesson', courseId, lessonId: previous.id }}>← {t('lesson.previous')}</Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={{ name: 'lesson', courseId, lessonId: next.id }}>{t('lesson.next')} →</Link>
        ) : (
          <Link to={{ name: 'course', courseId }}>{t('lesson.backToCourse')}</Link>
        )}
      </nav>
    </main>
  );
}
