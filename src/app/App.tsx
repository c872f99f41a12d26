import { Suspense, lazy } from 'preact/compat';
import { LoginScreen } from './features/login/LoginScreen';
import { AppHeader } from './components/AppHeader';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useT } from './hooks/useT';
import { useSession } from './stores/session';

// Everything behind the login is loaded on demand: the first visit downloads only the
// shell and the login form; the database and sync code arrive after login.
const SignedInApp = lazy(() => import('./features/shell/SignedInApp'));

export function App() {
  const { t } = useT();
  const signedIn = useSession((state) => state.token !== null && !state.expired);
  return (
    <>
      <AppHeader />
      <UpdatePrompt />
      {signedIn ? (
        <Suspense fallback={<p class="loading">{t('app.loading')}</p>}>
          <SignedInApp />
        </Suspense>
      ) : (
        <LoginScreen />
      )}
    </>
  );
}
