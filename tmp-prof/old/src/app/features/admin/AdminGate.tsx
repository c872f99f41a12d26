import { lazy } from '../../components/lazy';
import { Loading } from '../../components/Loading';
import { isAdminRole } from '../../../shared/protocol';
import { useT } from '../../hooks/useT';
import { withTexts } from '../../i18n';
import type { AdminPage } from '../../stores/router';
import { useSession } from '../../stores/session';

// Only an admin downloads the admin screens: a learner who types /admin gets the notice below
// from the code already loaded, and no admin request leaves the phone.
const AdminApp = lazy(
  withTexts('rest', () => import('./AdminApp')),
  Loading,
);

export function AdminGate({ page }: { page: AdminPage }) {
  const { t } = useT();
  const isAdmin = useSession((state) => state.user !== null && isAdminRole(state.user.role));
  if (!isAdmin) {
    return (
      <main>
        <p class="notice notice--warning" role="alert">
          {t('admin.onlyForAdmins')}
        </p>
      </main>
    );
  }
  return <AdminApp page={page} />;
}
