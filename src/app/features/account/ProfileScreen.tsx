import { useT } from '../../hooks/useT';
import { Link } from '../../components/Link';
import { useSession } from '../../stores/session';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Who is signed in on this phone (which matters on a shared phone), and their own password. */
export default function ProfileScreen() {
  const { t } = useT();
  const user = useSession((state) => state.user);
  if (user === null) return null;
  const rows: [string, string][] = [
    [t('account.name'), user.name],
    [t('account.nip'), user.nip],
    [t('account.status'), user.status],
    [t('account.jabatan'), user.jabatan === '' ? '—' : user.jabatan],
    [t('account.golongan'), user.golongan ?? '—'],
    [t('account.unit'), user.unit === '' ? '—' : user.unit],
    [t('account.opd'), user.opd === '' ? '—' : user.opd],
  ];
  return (
    <main class="profile">
      <h1>{t('account.title')}</h1>
      <dl class="profile__facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {user.directReports > 0 && (
        <p>
          <Link to={{ name: 'team' }} class="button">
            {t('account.team', { count: user.directReports })}
          </Link>
        </p>
      )}
      <h2>{t('account.changePassword')}</h2>
      <ChangePasswordForm firstLogin={false} />
    </main>
  );
}
