import { useEffect, useState } from 'preact/hooks';
import { EMPLOYMENT_STATUSES } from '../../../../shared/roster';
import { ACTIVITY_FILTERS, type PeopleQuery, type PersonSummary } from '../../../../shared/protocol/people';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { Link } from '../../../components/Link';
import { useT } from '../../../hooks/useT';
import { useRemote } from '../useRemote';
import { AccountEvents } from './AccountEvents';
import { fetchOpds, fetchPeople } from './peopleApi';

/**
 * The people an admin manages (everyone for the BKPSDM, one OPD for an OPD admin): search by
 * name or NIP, filter by OPD, status and activity, 50 at a time by name (keyset pages on
 * indexed columns, so a 15,000-person roster stays fast).
 */
export default function PeopleScreen() {
  const { t, language } = useT();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<PeopleQuery>({});
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const opds = useRemote(fetchOpds, []);

  const load = async (query: PeopleQuery, after: string | null): Promise<void> => {
    setLoading(true);
    try {
      const page = await fetchPeople({ ...query, ...(after === null ? {} : { after }) });
      setPeople((previous) => (after === null ? page.people : [...previous, ...page.people]));
      setNext(page.next);
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(filters, null);
    // Each change of filters asks for the first page again.
  }, [filters]);

  const setFilter = (patch: PeopleQuery) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <section class="admin-people">
      <h2>{t('admin.people.title')}</h2>
      <form
        class="admin-people__filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter({ q: q.trim() === '' ? undefined : q.trim() });
        }}
      >
        <label>
          {t('admin.people.search')}
          <input
            type="search"
            name="q"
            maxLength={100}
            value={q}
            placeholder={t('admin.people.searchHint')}
            onInput={(event) => setQ(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button">
          {t('admin.people.searchButton')}
        </button>
        <label>
          OPD
          <select
            name="opd"
            onChange={(event) => setFilter({ opd: event.currentTarget.value || undefined })}
            value={filters.opd ?? ''}
          >
            <option value="">{t('admin.people.allOpds')}</option>
            {opds.data?.opds.map((entry) => (
              <option key={entry.opd} value={entry.opd}>
                {entry.opd === '' ? t('admin.people.noOpd') : entry.opd} ({entry.active})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.people.field.status')}
          <select
            name="status"
            value={filters.status ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setFilter({ status: EMPLOYMENT_STATUSES.find((status) => status === value) });
            }}
          >
            <option value="">{t('admin.people.all')}</option>
            {EMPLOYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.people.activity')}
          <select
            name="activity"
            value={filters.activity ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setFilter({ activity: ACTIVITY_FILTERS.find((activity) => activity === value) });
            }}
          >
            <option value="">{t('admin.people.all')}</option>
            {ACTIVITY_FILTERS.map((activity) => (
              <option key={activity} value={activity}>
                {t(`admin.people.activityFilter.${activity}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.people.field.aktif')}
          <select
            name="aktif"
            value={filters.aktif === undefined ? '' : String(filters.aktif)}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setFilter({ aktif: value === '' ? undefined : value === 'true' });
            }}
          >
            <option value="">{t('admin.people.all')}</option>
            <option value="true">{t('admin.people.active')}</option>
            <option value="false">{t('admin.people.inactive')}</option>
          </select>
        </label>
      </form>
      {error !== null && <ErrorNotice error={error} />}
      {opds.error !== null && <ErrorNotice error={opds.error} />}
      <div class="admin-table__scroll">
        <table class="admin-table">
          <thead>
            <tr>
              <th>{t('admin.people.name')}</th>
              <th>NIP</th>
              <th>{t('admin.people.field.status')}</th>
              <th>{t('admin.people.unit')}</th>
              <th>OPD</th>
              <th>{t('admin.people.lastSeen')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id} class={person.aktif ? undefined : 'admin-people__inactive'}>
                <td>
                  <Link to={{ name: 'admin', page: { kind: 'person', personId: person.id } }}>{person.name}</Link>
                  {!person.aktif && ` (${t('admin.people.inactive')})`}
                </td>
                <td>{person.nip}</td>
                <td>{person.status}</td>
                <td>{person.unit}</td>
                <td>{person.opd}</td>
                <td>
                  {person.lastSeenAt === null ? t('admin.people.never') : formatDateTime(person.lastSeenAt, language)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && people.length === 0 && error === null && <p>{t('admin.people.none')}</p>}
      {next !== null && (
        <button type="button" class="button" disabled={loading} onClick={() => void load(filters, next)}>
          {t('admin.people.more')}
        </button>
      )}
      {loading && <p class="loading">{t('app.loading')}</p>}
      <AccountEvents userId={null} />
    </section>
  );
}
