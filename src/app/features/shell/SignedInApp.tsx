import { useEffect } from 'preact/hooks';
import { lazy } from '../../components/lazy';
import { Loading } from '../../components/Loading';
import { useScreenHeading } from '../../hooks/useScreenHeading';
import { useSettled } from '../../hooks/useSettled';
import { useT } from '../../hooks/useT';
import { loadI18next, withTexts } from '../../i18n';
import { useRouter, type Route } from '../../stores/router';
import { startSyncForSession } from '../../stores/sync';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { Link } from '../../components/Link';
import { SaveFailureNotice } from '../../components/SaveFailureNotice';
import { TabBar } from '../../components/TabBar';
import HomeScreen from '../home/HomeScreen';
import { AdminGate } from '../admin/AdminGate';

// Reminders start once Beranda has settled (`whenSettled`), so their code (and the notification helper's) is
// not fetched before Beranda is drawn. One that cannot load is still listed in "Tugas": it
// shows nothing rather than an error over the whole app.
const TaskReminders = lazy(() =>
  import('../cycle/TaskReminders').then(
    ({ TaskReminders }) => ({ default: TaskReminders }),
    () => ({ default: () => null }),
  ),
);

// Beranda is the landing screen, so it ships with the shell; the rest loads when opened.
const CatalogScreen = lazy(
  withTexts('rest', () => import('../catalog/CatalogScreen')),
  Loading,
);
const ProfileScreen = lazy(
  withTexts('rest', () => import('../profile/ProfileScreen')),
  Loading,
);
const CourseScreen = lazy(
  withTexts('rest', () => import('../course/CourseScreen')),
  Loading,
);
const LessonScreen = lazy(
  withTexts('rest', () => import('../lesson/LessonScreen')),
  Loading,
);
const QuizScreen = lazy(
  withTexts('rest', () => import('../quiz/QuizScreen')),
  Loading,
);
const FeedbackScreen = lazy(
  withTexts('rest', () => import('../feedback/FeedbackScreen')),
  Loading,
);
const DiscussionScreen = lazy(
  withTexts('rest', () => import('../discussion/DiscussionScreen')),
  Loading,
);
const ActionPlanScreen = lazy(
  withTexts('rest', () => import('../cycle/ActionPlanScreen')),
  Loading,
);
const FollowUpScreen = lazy(
  withTexts('rest', () => import('../cycle/FollowUpScreen')),
  Loading,
);
const ReviewScreen = lazy(
  withTexts('rest', () => import('../cycle/ReviewScreen')),
  Loading,
);
const TasksScreen = lazy(
  withTexts('rest', () => import('../cycle/TasksScreen')),
  Loading,
);
const SurveyScreen = lazy(
  withTexts('rest', () => import('../cycle/SurveyScreen')),
  Loading,
);
const SurveyReviewScreen = lazy(
  withTexts('rest', () => import('../cycle/SurveyReviewScreen')),
  Loading,
);
const StorageScreen = lazy(
  withTexts('rest', () => import('../storage/StorageScreen')),
  Loading,
);
const SyncScreen = lazy(
  withTexts('rest', () => import('../sync/SyncScreen')),
  Loading,
);
const TeamScreen = lazy(
  withTexts('rest', () => import('../account/TeamScreen')),
  Loading,
);
const RecordScreen = lazy(
  withTexts('rest', () => import('../record/RecordScreen')),
  Loading,
);
const VerifyScreen = lazy(
  withTexts('rest', () => import('../record/VerifyScreen')),
  Loading,
);

/** The logged-in app: keeps sync running for the session and shows the current screen. */
export default function SignedInApp() {
  const route = useRouter((state) => state.route);
  useEffect(() => startSyncForSession(), []);
  useScreenHeading(route);
  // Reminders read the same tasks as Beranda's card: they wait for Beranda to settle, the card does not.
  const settled = useSettled();
  // Beranda is drawn without i18next; fetched now, the next screen opened need not wait for it.
  // A failed download is tried again when a screen needs it.
  useEffect(() => {
    if (settled) loadI18next().catch(() => undefined);
  }, [settled]);
  return (
    <>
      <SaveFailureNotice />
      {settled && <TaskReminders />}
      <ErrorBoundary resetKey={route}>
        <Screen route={route} />
      </ErrorBoundary>
      <TabBar />
    </>
  );
}

function Screen({ route }: { route: Route }) {
  const { t } = useT();
  switch (route.name) {
    case 'home':
      return <HomeScreen />;
    case 'catalog':
      return <CatalogScreen />;
    case 'profile':
      return <ProfileScreen />;
    case 'course':
      return <CourseScreen courseId={route.courseId} />;
    case 'lesson':
      return <LessonScreen courseId={route.courseId} lessonId={route.lessonId} />;
    case 'quiz':
      return <QuizScreen courseId={route.courseId} quizId={route.quizId} />;
    case 'feedback':
      return <FeedbackScreen courseId={route.courseId} lessonId={route.lessonId ?? null} />;
    case 'discussion':
      return <DiscussionScreen courseId={route.courseId} />;
    case 'plan':
      return <ActionPlanScreen courseId={route.courseId} />;
    case 'followup':
      return <FollowUpScreen courseId={route.courseId} checkpoint={route.checkpoint} />;
    case 'review':
      return <ReviewScreen learnerId={route.learnerId} courseId={route.courseId} />;
    case 'tasks':
      return <TasksScreen />;
    case 'survey':
      return <SurveyScreen />;
    case 'surveyReview':
      return <SurveyReviewScreen learnerId={route.learnerId} />;
    case 'storage':
      return <StorageScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'team':
      return <TeamScreen />;
    case 'record':
      return <RecordScreen />;
    case 'verify':
      return <VerifyScreen code={route.code} />;
    case 'admin':
      return <AdminGate page={route.page} />;
    case 'notFound':
      return (
        <main>
          <h1>{t('notFound')}</h1>
          <Link class="back-link" to={{ name: 'home' }}>
            {t('home.title')}
          </Link>
        </main>
      );
  }
}
