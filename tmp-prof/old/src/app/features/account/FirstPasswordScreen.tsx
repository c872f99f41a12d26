import { useT } from '../../hooks/useT';
import { useSession } from '../../stores/session';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * Shown instead of the app while the account still has the one-time password an admin handed
 * over: the server allows nothing else until the person chooses their own (403
 * `password_change_required`). The name and NIP say whose account it is on a shared phone.
 */
export default function FirstPasswordScreen() {
  const { t } = useT();
  const user = useSession((state) => state.user);
  return (
    <main class="first-password">
      <h1>{t('account.firstTitle')}</h1>
      {user !== null && (
        <p>
          <strong>{user.name}</strong>
          <br />
          {t('account.nipLine', { nip: user.nip })}
        </p>
      )}
      <p>{t('account.firstIntro')}</p>
      <ChangePasswordForm firstLogin />
    </main>
  );
}
