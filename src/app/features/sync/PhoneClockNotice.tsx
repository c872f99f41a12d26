import { formatMinutes } from '../../components/format';
import { phoneClockOffset } from '../../data/phone-clock';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';

/**
 * The sync page's warning while the last sync found the phone's clock wrong (data/phone-clock.ts):
 * by how much, how to set it right, and what it costs meanwhile. Gone at the first sync after
 * the clock is put right.
 */
export function PhoneClockNotice() {
  const { t, language } = useT();
  const db = useDb();
  const offset = useLiveQuery(() => phoneClockOffset(db), [db]);
  if (offset === undefined || offset === null) return null;
  const amount = formatMinutes(Math.abs(offset), language);
  return (
    <section class="notice notice--warning" aria-labelledby="phone-clock-title" data-clock-offset={offset}>
      <h2 id="phone-clock-title">{t('sync.clockTitle')}</h2>
      <p>{t(offset > 0 ? 'sync.clockAhead' : 'sync.clockBehind', { amount })}</p>
      <p>{t('sync.clockFix')}</p>
    </section>
  );
}
