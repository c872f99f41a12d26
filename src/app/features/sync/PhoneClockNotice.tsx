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

/**
 * A span of minutes in the largest whole unit it reaches, rounded: "3 jam", "2 days", "10 menit".
 * Here rather than in components/format.ts, which the login screen's chunk carries whole.
 */
function formatMinutes(minutes: number, language: string): string {
  const [unit, size] = minutes >= 1440 ? ['day', 1440] : minutes >= 60 ? ['hour', 60] : ['minute', 1];
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'id-ID', {
    style: 'unit',
    unit,
    unitDisplay: 'long',
  }).format(Math.round(minutes / size));
}
