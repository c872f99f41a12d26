import { useEffect } from 'preact/hooks';
import { Suspense, lazy } from 'preact/compat';
import { useT } from '../../hooks/useT';
import { useRouter, type Route } from '../../stores/router';
import { startSyncForSession } from '../../stores/sync';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { Link } from '../../components/Link';
import { SaveFailureNotice } from '../../components/SaveFailureNotice';
import { TabBar } from '../../components/TabBar';
import HomeScreen from '../home/HomeScreen';
import { TaskReminders } from '../cycle/TaskReminders';
import { AdminGate } from '../admin/AdminGate';

// Beranda is the landing screen, so it ships with the shell; the rest loads when opened.
const CatalogScreen = lazy(() => import('../catalog/CatalogScreen'));
const ProfileScreen = lazy(() => import('../profile/ProfileScreen'));
const CourseScreen = lazy(() => import('../course/CourseScreen'));
const LessonScreen = lazy(() => import('../lesson/LessonScreen'));
const QuizScreen = lazy(() => import('../quiz/QuizScreen'));
const FeedbackScreen = lazy(() => import('../feedback/FeedbackScreen'));
const DiscussionScreen = lazy(() => import('../discussion/DiscussionScreen'));
const ActionPlanScreen = lazy(() => import('../cycle/ActionPlanScreen'));
const FollowUpScreen = lazy(() => import('../cycle/FollowUpScreen'));
const ReviewScreen = lazy(() => import('../cycle/ReviewScreen'));
const TasksScreen = lazy(() => import('../cycle/TasksScreen'));
const SurveyScreen = lazy(() => import('../cycle/SurveyScreen'));
const SurveyReviewScreen = lazy(() => import('../cycle/SurveyReviewScreen'));
const StorageScreen = lazy(() => import('../storage/StorageScreen'));
const SyncScreen = lazy(() => import('../sync/SyncScreen'));
const TeamScreen = lazy(() => import('../account/TeamScreen'));
const RecordScreen = lazy(() => import('../record/RecordScreen'));
const VerifyScreen = lazy(() => import('../record/VerifyScreen'));

/** The logged-in app: keeps sync running for the session and shows the current screen. */
export default function SignedInApp() {
  const { t } = useT();
  const route = useRouter((state) => state.route);
  useEffect(() => startSyncForSession(), []);
  return (
    <>
      <SaveFailureNotice />
      <TaskReminders />
      <ErrorBoundary resetKey={route}>
        <Suspense fallback={<p class="loading">{t('app.loading')}</p>}>
          <Screen route={route} />
        </Suspense>
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
          <Link to={{ name: 'home' }}>{t('home.title')}</Link>
        </main>
      );
  }
}
