import { useAction } from '../../hooks/useAction';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { useRouter } from '../../stores/router';
import { queueLogout } from '../../stores/logoutQueue';
import { useSession } from '../../stores/session';

/**
 * "Keluar", with the two things a learner must know before leaving: records not yet on the
 * server stay in this account's database on the phone (on a shared phone they only go out
 * when this account logs in here again), and with no connection there is no logging back in
 * until one returns. A phone that cannot count the records still lets the learner leave, warned.
 */
export function useLogout() {
  const { t } = useT();
  return useAction(async () => {
    const { user, signOut } = useSession.getState();
    const [{ databaseFor }, { pendingActivities }] = await Promise.all([
      import('../../data/db'),
      import('../../data/pending-activities'),
    ]);
    // Counted as the header counts them ("2 kegiatan belum terkirim"), not as outbox rows.
    const pending = user
      ? await databaseFor(user.id)
          .outbox.toArray()
          .then(pendingActivities, () => null)
      : 0;
    const warnings = [
      !useNetwork.getState().online && t('profile.offlineLogout'),
      pending === null
        ? t('app.confirmLogoutUnchecked')
        : pending > 0
          ? t('app.confirmLogout', { count: pending })
          : null,
    ].filter((warning): warning is string => typeof warning === 'string');
    if (warnings.length > 0 && !confirm(warnings.join('\n\n'))) return;
    useRouter.getState().navigate({ name: 'home' });
    const { token } = useSession.getState();
    signOut();
    // Ends the session on the server now, or as soon as the phone is online again.
    if (token !== null) void queueLogout(token);
  });
}
