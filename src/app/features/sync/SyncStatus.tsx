import { Link } from '../../components/Link';
import { pendingActivities } from '../../data/pending-activities';
import { phoneClockOffset } from '../../data/phone-clock';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { useSync } from '../../stores/sync';

/**
 * The header's sync status: an icon and what waits, in the learner's words ("5 kegiatan belum
 * terkirim"), opening the sync page with the details. Loaded with the signed-in code (it
 * reads the phone's database), so the login screen never downloads it.
 */
export default function SyncStatus() {
  const { t } = useT();
  const db = useDb();
  const syncing = useSync((state) => state.syncing);
  const outbox = useLiveQuery(() => db.outbox.toArray(), [db]);
  const attention = useLiveQuery(async () => pendingActivities(await db.attention.toArray()), [db]);
  const clockOffset = useLiveQuery(() => phoneClockOffset(db), [db]);
  if (outbox === undefined || attention === undefined) return null;
  const activities = pendingActivities(outbox);
  // A wrong clock first: it is why records are refused, and every record made meanwhile may be.
  const state = clockOffset
    ? 'clock'
    : attention > 0
      ? 'attention'
      : syncing && outbox.length > 0
        ? 'syncing'
        : outbox.length > 0
          ? 'pending'
          : 'done';
  const text =
    state === 'clock'
      ? t('syncStatus.clock')
      : state === 'attention'
        ? t('syncStatus.attention', { count: attention })
        : state === 'syncing'
          ? t('syncStatus.syncing')
          : state === 'pending'
            ? t('syncStatus.pendingShort', { count: activities })
            : t('syncStatus.allSent');
  return (
    // Beside "Offline" on a 360 px phone the pill says it short; a screen reader hears the same
    // words (a longer name than the text shown fails WCAG 2.5.3, label in name).
    <Link to={{ name: 'sync' }} class={`sync-status sync-status--${state}`}>
      <span data-pending={outbox.length} data-activities={activities} data-state={state} class="sync-status__inner">
        <SyncIcon state={state} />
        <span class="sync-status__text">{text}</span>
      </span>
    </Link>
  );
}

function SyncIcon({ state }: { state: 'clock' | 'attention' | 'syncing' | 'pending' | 'done' }) {
  // Decorative: the text next to it says the same.
  const paths: Record<typeof state, string> = {
    clock: 'M12 7v5l3 2M12 21a9 9 0 110-18 9 9 0 010 18zM4 4l2 2M20 4l-2 2',
    done: 'M5 12.5l4.5 4.5L19 7.5',
    // An upload arrow, not a warning: waiting for a connection is normal, nothing is wrong.
    pending: 'M12 16V5M7.5 9.5L12 5l4.5 4.5M5 19h14',
    syncing: 'M4 12a8 8 0 0113.7-5.7L20 8.5M20 4v4.5h-4.5M20 12a8 8 0 01-13.7 5.7L4 15.5M4 20v-4.5h4.5',
    attention: 'M12 8v5M12 16.5v.5M10.3 3.9L2.4 18a2 2 0 001.7 3h15.8a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z',
  };
  return (
    <svg class="sync-status__icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        d={paths[state]}
        fill="none"
        stroke="currentColor"
        stroke-width="2.2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

/**
 * Under the header while the phone is offline: what still works and what waits, in one line a
 * touch phone shows (a tooltip never appears there). Loaded with the header's status.
 */
export function OfflineBanner() {
  const { t } = useT();
  const db = useDb();
  const online = useNetwork((state) => state.online);
  const waiting = useLiveQuery(async () => pendingActivities(await db.outbox.toArray()), [db]);
  if (online || waiting === undefined) return null;
  return (
    <p class="offline-banner" role="status">
      {t('network.offlineHint')}
      {waiting > 0 && `; ${t('syncStatus.offlineWaiting', { count: waiting })}`}
    </p>
  );
}
