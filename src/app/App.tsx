import { useEffect, useState } from 'preact/hooks';
import { lazy } from './components/lazy';
import { Loading } from './components/Loading';
import { LoginScreen } from './features/login/LoginScreen';
import { AppHeader } from './components/AppHeader';
import { ErrorBoundary } from './components/ErrorBoundary';
import { SessionExpiredNotice } from './components/SessionExpiredNotice';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useSession } from './stores/session';
import { withTexts } from './i18n';
// Logouts made offline are sent at start and whenever the phone comes online.
import './stores/logoutQueue';

// Everything behind the login is loaded on demand: the first visit downloads only the
// shell and the login form; the database and sync code arrive after login.
const SignedInApp = lazy(
  withTexts('home', () => import('./features/shell/SignedInApp')),
  Loading,
);
const SyncStatus = lazy(withTexts('home', () => import('./features/sync/SyncStatus')));
// From SyncStatus's module: one download for both.
const OfflineBanner = lazy(
  withTexts('home', async () => ({ default: (await import('./features/sync/SyncStatus')).OfflineBanner })),
);
// Until a one-time password is replaced the server allows nothing else: no sync, no catalog.
const FirstPasswordScreen = lazy(
  withTexts('home', () => import('./features/account/FirstPasswordScreen')),
  Loading,
);

export function App() {
  const hasAccount = useSession((state) => state.token !== null && state.user !== null);
  const expired = useSession((state) => state.expired);
  const mustChangePassword = useSession((state) => state.user?.mustChangePassword === true);
  // An expired session must not lock a learner out of studying offline: the courses stay
  // open, sync waits, and the login form shows only when the learner chooses to renew.
  const [renewing, setRenewing] = useState(false);
  useEffect(() => {
    if (!expired) setRenewing(false);
  }, [expired]);

  return (
    <>
      <AppHeader
        status={
          // A status that cannot load is left out: the sync page stays one tap away on the Profil tab.
          <ErrorBoundary silent>
            <SyncStatus />
          </ErrorBoundary>
        }
        banner={
          <ErrorBoundary silent>
            <OfflineBanner />
          </ErrorBoundary>
        }
      />
      <UpdatePrompt />
      <ErrorBoundary resetKey={hasAccount && !renewing}>
        {hasAccount && !renewing ? (
          <>
            {expired && <SessionExpiredNotice onRenew={() => setRenewing(true)} />}
            {mustChangePassword ? <FirstPasswordScreen /> : <SignedInApp />}
          </>
        ) : (
          <LoginScreen onCancel={renewing ? () => setRenewing(false) : undefined} />
        )}
      </ErrorBoundary>
    </>
  );
}
