import { setLanguage } from '../i18n';
import { useAction } from '../hooks/useAction';
import { useT } from '../hooks/useT';
import { useRouter } from '../stores/router';
import { useSession } from '../stores/session';
import { ErrorNotice } from './ErrorNotice';
import { InstallButton } from './InstallButton';
import { Link } from './Link';
import { NetworkStatus } from './NetworkStatus';

export function AppHeader() {
  const { t, language } = useT();
  const signedIn = useSession((state) => state.token !== null && state.user !== null);
  // Records not yet on the server stay in this account's database on the phone; say so before
  // leaving, since on a shared phone they only go out when this account logs in here again.
  // A phone that cannot count them (storage failing) still lets the learner leave, warned.
  const logOut = useAction(async () => {
    const { user, signOut } = useSession.getState();
    const { databaseFor } = await import('../data/db');
    const pending = user
      ? await databaseFor(user.id)
          .outbox.count()
          .catch(() => null)
      : 0;
    const question =
      pending === null
        ? t('app.confirmLogoutUnchecked')
        : pending > 0
          ? t('app.confirmLogout', { count: pending })
          : null;
    if (question !== null && !confirm(question)) return;
    useRouter.getState().navigate({ name: 'catalog' });
    signOut();
  });
  const isAdmin = useSession((state) => state.user?.role === 'admin');
  return (
    <header class="app-header">
      <div class="app-header__row">
        <Link to={{ name: 'catalog' }} class="app-header__brand">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          {t('app.name')}
        </Link>
        <NetworkStatus />
      </div>
      <nav class="app-header__nav">
        {signedIn && <Link to={{ name: 'catalog' }}>{t('app.nav.catalog')}</Link>}
        {signedIn && <Link to={{ name: 'tasks' }}>{t('cycle.tasks.title')}</Link>}
        {signedIn && <Link to={{ name: 'storage' }}>{t('app.nav.storage')}</Link>}
        {signedIn && isAdmin && <Link to={{ name: 'admin', page: { kind: 'courses' } }}>{t('admin.nav')}</Link>}
        <InstallButton />
        <button
          type="button"
          class="link-button"
          lang={language === 'id' ? 'en' : 'id'}
          onClick={() => void setLanguage(language === 'id' ? 'en' : 'id')}
        >
          {t('app.switchLanguage')}
        </button>
        {signedIn && (
          <button type="button" class="link-button" disabled={logOut.busy} onClick={() => logOut.run()}>
            {t('app.nav.logout')}
          </button>
        )}
      </nav>
      {logOut.error !== null && <ErrorNotice error={logOut.error} />}
    </header>
  );
}
