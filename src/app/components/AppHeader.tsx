import type { ComponentChildren } from 'preact';
import { isAdminRole } from '../../shared/protocol';
import { useT } from '../hooks/useT';
import { useSession } from '../stores/session';
import { InstallButton } from './InstallButton';
import { LanguageSwitch } from './LanguageSwitch';
import { Link } from './Link';
import { NetworkStatus } from './NetworkStatus';

/**
 * One compact row: the app's name (never covered), whether the phone is offline, and, when
 * signed in, the sync status (`status`, loaded with the signed-in code). Everything else a
 * learner needs is in the tab bar; language and "Keluar" are on the Profil tab. `banner`, when
 * signed in, is a line under the row (the offline note).
 */
export function AppHeader({ status, banner }: { status?: ComponentChildren; banner?: ComponentChildren }) {
  const { t } = useT();
  const signedIn = useSession((state) => state.token !== null && state.user !== null);
  // An OPD admin manages their OPD's people and results from the same screens.
  const isAdmin = useSession((state) => state.user !== null && isAdminRole(state.user.role));
  return (
    <header class="app-header">
      <div class="app-header__row">
        <Link to={{ name: 'home' }} class="app-header__brand">
          <img src="/icons/icon.svg" alt="" width={28} height={28} />
          <span>{t('app.name')}</span>
        </Link>
        <div class="app-header__status">
          <NetworkStatus />
          {signedIn && status}
          {signedIn && isAdmin && (
            <Link to={{ name: 'admin', page: { kind: 'courses' } }} class="app-header__admin">
              {t('admin.nav')}
            </Link>
          )}
          {!signedIn && (
            <>
              <InstallButton />
              <LanguageSwitch class="link-button app-header__language" />
            </>
          )}
        </div>
      </div>
      {signedIn && banner}
    </header>
  );
}
