import { useEffect, useState } from 'preact/hooks';
import type { AccountEvent } from '../../../../shared/protocol/people';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { useT } from '../../../hooks/useT';
import { fetchEvents } from './peopleApi';

/**
 * The audit log of admin actions on accounts (who, what, when), newest first; for one person or all the admin manages.
 */
export function AccountEvents({ userId }: { userId: string | null }) {
  const { t, language } = useT();
  const [events, setEvents] = useState<AccountEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = (after: string | null) =>
    fetchEvents(userId, after).then(
      (page) => {
        setEvents((previous) => (after === null ? page.events : [...previous, ...page.events]));
        setNext(page.next);
        setError(null);
      },
      (caught: unknown) => setError(caught),
    );
  useEffect(() => {
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId]);

  return (
    <section class="admin-events">
      <h3>{t('admin.events.title')}</h3>
      {error !== null && <ErrorNotice error={error} />}
      {events.length === 0 && error === null && <p>{t('admin.events.none')}</p>}
      <ul class="admin-events__list">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={event.at}>{formatDateTime(event.at, language)}</time>{' '}
            <strong>{event.actor?.name ?? t('admin.events.system')}</strong>{' '}
            {t(`admin.events.action.${event.action}`, { defaultValue: event.action })}
            {event.target !== null && ` — ${event.target.name} (${event.target.nip})`}
            {describe(event) !== '' && <span class="muted"> · {describe(event)}</span>}
          </li>
        ))}
      </ul>
      {next !== null && (
        <button type="button" class="button" onClick={() => void load(next)}>
          {t('admin.people.more')}
        </button>
      )}
    </section>
  );
}

/** What the event's details say, as plain text (field names as the API names them). */
function describe(event: AccountEvent): string {
  return Object.entries(event.details)
    .filter(([, value]) => typeof value === 'string' || typeof value === 'number' || value === null)
    .map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`)
    .join(', ');
}
