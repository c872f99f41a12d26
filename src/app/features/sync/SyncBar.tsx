import { errorMessage } from '../../components/errorMessage';
import { formatDateTime } from '../../components/format';
import { Link } from '../../components/Link';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { lastSyncedAt } from '../../sync/engine';
import { useNetwork } from '../../stores/network';
import { useSync } from '../../stores/sync';

/** Always visible: what waits on the phone, when it last reached the server, and what went wrong. */
export function SyncBar() {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const { syncing, lastError, syncNow } = useSync();
  const pending = useLiveQuery(() => db.outbox.count(), [db]);
  const attention = useLiveQuery(() => db.attention.count(), [db]);
  const lastSync = useLiveQuery(() => lastSyncedAt(db), [db]);
  if (pending === undefined || attention === undefined || lastSync === undefined) return null;

  return (
    <section class="sync-bar" aria-label={t('sync.title')}>
      <p class="sync-bar__status" role="status" data-pending={pending}>
        {syncing ? t('sync.syncing') : pending > 0 ? t('sync.pending', { count: pending }) : t('sync.allSynced')}
        {lastSync && (
          <span class="sync-bar__last"> · {t('sync.lastSync', { when: formatDateTime(lastSync, language) })}</span>
        )}
      </p>
      {lastError !== null && pending > 0 && online && <p class="sync-bar__error">{errorMessage(lastError)}</p>}
      {pending > 0 && !online && <p class="sync-bar__hint">{t('sync.waitingForConnection')}</p>}
      {attention > 0 && (
        <p class="sync-bar__attention">
          <Link to={{ name: 'sync' }}>{t('sync.attention', { count: attention })}</Link>
        </p>
      )}
      <button type="button" class="link-button" onClick={syncNow} disabled={syncing || !online}>
        {t('sync.now')}
      </button>
    </section>
  );
}
