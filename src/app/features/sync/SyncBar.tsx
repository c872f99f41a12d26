import { errorMessage } from '../../components/errorMessage';
import { formatDateTime, formatTime } from '../../components/format';
import { RequestError } from '../../data/errors';
import { pendingActivities } from '../../data/pending-activities';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { lastSyncedAt } from '../../sync/engine';
import { useNetwork } from '../../stores/network';
import { useSync } from '../../stores/sync';

/**
 * The sync page's summary: what waits on the phone, when it last reached the
 * server, what went wrong, and "Sinkronkan sekarang".
 */
export function SyncBar() {
  const { t, language } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const { syncing, lastError, retryAt, syncNow } = useSync();
  const outbox = useLiveQuery(() => db.outbox.toArray(), [db]);
  const attention = useLiveQuery(() => db.attention.toArray(), [db]);
  const lastSync = useLiveQuery(() => lastSyncedAt(db), [db]);
  if (outbox === undefined || attention === undefined || lastSync === undefined) return null;
  const pending = outbox.length;
  const activities = pendingActivities(outbox);
  // Counted like the header's "N perlu perhatian" and the list below: one per activity.
  const refused = pendingActivities(attention);

  return (
    <section class="sync-bar" aria-label={t('sync.title')}>
      <p class="sync-bar__status" role="status" data-pending={pending} data-activities={activities}>
        {syncing && pending > 0
          ? t('sync.syncing')
          : pending > 0
            ? t('syncStatus.pending', { count: activities })
            : refused > 0
              ? t('sync.attention', { count: refused })
              : t('syncStatus.allSent')}
        {lastSync && (
          <span class="sync-bar__last"> · {t('sync.lastSync', { when: formatDateTime(lastSync, language) })}</span>
        )}
      </p>
      {lastError !== null && pending > 0 && online && (
        <p class="sync-bar__error">
          {isServerBusy(lastError) && retryAt !== null
            ? t('sync.serverBusy', { time: formatTime(retryAt, language) })
            : errorMessage(lastError)}
        </p>
      )}
      {pending > 0 && !online && <p class="sync-bar__hint">{t('sync.waitingForConnection')}</p>}
      <button type="button" class="button" onClick={syncNow} disabled={syncing || !online}>
        {t('sync.now')}
      </button>
    </section>
  );
}

/** The server sent the phone away for now (too many phones at once): nothing is wrong, it tries again by itself. */
function isServerBusy(error: unknown): boolean {
  return error instanceof RequestError && error.code === 'server_busy';
}
