import { Suspense, lazy } from 'preact/compat';
import { LoginScreen } from './features/login/LoginScreen';
import { AppHeader } from './components/AppHeader';
import { useT } from './hooks/useT';
import { useRouter, type Route } from './stores/router';
import { useSession } from './stores/session';

// Everything behind the login is loaded on demand: the first visit downloads only the
// shell and the login form; the database code arrives with the first screen that needs it.
const CatalogScreen = lazy(() => import('./features/catalog/CatalogScreen'));
const CourseScreen = lazy(() => import('./features/course/CourseScreen'));
const LessonScreen = lazy(() => import('./features/lesson/LessonScreen'));
const StorageScreen = lazy(() => import('./features/storage/StorageScreen'));

export function App() {
  const { t } = useT();
  const signedIn = useSession((state) => state.token !== null && !state.expired);
  const route = useRouter((state) => state.route);
  return (
    <>
      <AppHeader />
      {signedIn ? (
        <Suspense fallback={<p class="loading">{t('app.loading')}</p>}>
          <Screen route={route} />
        </Suspense>
      ) : (
        <LoginScreen />
      )}
    </>
  );
}

function Screen({ route }: { route: Route }) {
  const { t } = useT();
  switch (route.name) {
    case 'catalog':
      return <CatalogScreen />;
    case 'course':
      return <CourseScreen courseId={route.courseId} />;
    case 'lesson':
      return <LessonScreen courseId={route.courseId} lessonId={route.lessonId} />;
    case 'storage':
      return <StorageScreen />;
    case 'notFound':
      return <main><p>{t('notFound')}</p></main>;
  }
}
