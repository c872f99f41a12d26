import { ErrorNotice } from '../../components/ErrorNotice';
import { InstallButton } from '../../components/InstallButton';
import { Link } from '../../components/Link';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useT } from '../../hooks/useT';
import { useSession } from '../../stores/session';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { useLogout } from './useLogout';

/**
 * Who is logged in on this phone (from the session, so it shows offline — on a shared phone
 * that matters), their team if they are an atasan, their own password, the language, and "Keluar".
 */
export default function ProfileScreen() {
  const { t } = useT();
  const user = useSession((state) => state.user);
  const logOut = useLogout();
  if (!user) return null;
  return (
    <main class="profile">
      <h1>{t('profile.title')}</h1>
      <section class="home-card" aria-label={user.name}>
        <h2 class="profile__name">{user.name}</h2>
        <dl class="profile__facts">
          <dt>{t('profile.nip')}</dt>
          <dd>{user.nip}</dd>
          <dt>{t('account.status')}</dt>
          <dd>{user.status}</dd>
          {user.jabatan && (
            <>
              <dt>{t('profile.jabatan')}</dt>
              <dd>{user.jabatan}</dd>
            </>
          )}
          {user.golongan && (
            <>
              <dt>{t('account.golongan')}</dt>
              <dd>{user.golongan}</dd>
            </>
          )}
          <dt>{t('profile.unit')}</dt>
          <dd>{user.unit}</dd>
          <dt>{t('profile.opd')}</dt>
          <dd>{user.opd}</dd>
        </dl>
        {user.directReports > 0 && (
          <p>
            <Link to={{ name: 'team' }} class="button">
              {t('account.team', { count: user.directReports })}
            </Link>
          </p>
        )}
      </section>
      <section class="home-card profile__actions" aria-label={t('profile.language')}>
        {/* The sync page belongs to this tab (the tab bar highlights Profil there): reachable from it, too. */}
        <Link to={{ name: 'sync' }} class="button">
          {t('sync.title')}
        </Link>
        <LanguageSwitch class="button" />
        <InstallButton />
        <button type="button" class="button button--danger" disabled={logOut.busy} onClick={() => logOut.run()}>
          {t('profile.logout')}
        </button>
        {logOut.error !== null && <ErrorNotice error={logOut.error} />}
      </section>
      <section class="home-card" aria-labelledby="change-password">
        <h2 id="change-password">{t('account.changePassword')}</h2>
        <ChangePasswordForm firstLogin={false} />
      </section>
    </main>
  );
}
