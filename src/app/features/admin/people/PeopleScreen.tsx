import { useEffect, useState } from 'preact/hooks';
import { EMPLOYMENT_STATUSES } from '../../../../shared/roster';
import {
  ACTIVITY_FILTERS,
  type OpdCount,
  type PeopleQuery,
  type PersonSummary,
} from '../../../../shared/protocol/people';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { formatDateTime } from '../../../components/format';
import { Link } from '../../../components/Link';
import { useT } from '../../../hooks/useT';
import { useRemote } from '../useRemote';
import { AccountEvents } from './AccountEvents';
import { fetchOpds, fetchPeople } from './peopleApi';
import { PersonForm } from './PersonForm';
import { WaitingPasswords } from './WaitingPasswords';

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
    <main class="admin__main admin-people">
      <h1>{t('admin.people.title')}</h1>
      {opds.data !== undefined && <PasswordsCard opds={opds.data.opds} onClosed={opds.reload} />}
      <details class="admin-people__add">
        <summary>{t('admin.people.add')}</summary>
        <PersonForm onCreated={() => void load(filters, null)} />
      </details>
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
        <ChoiceFilter
          label={t('admin.people.field.status')}
          name="status"
          choices={EMPLOYMENT_STATUSES}
          value={filters.status}
          choiceLabel={(status) => status}
          onChange={(status) => setFilter({ status })}
        />
        <ChoiceFilter
          label={t('admin.people.activity')}
          name="activity"
          choices={ACTIVITY_FILTERS}
          value={filters.activity}
          choiceLabel={(activity) => t(`admin.people.activityFilter.${activity}`)}
          onChange={(activity) => setFilter({ activity })}
        />
        <ChoiceFilter
          label={t('admin.people.field.aktif')}
          name="aktif"
          choices={['true', 'false'] as const}
          value={filters.aktif === undefined ? undefined : filters.aktif ? 'true' : 'false'}
          choiceLabel={(aktif) => (aktif === 'true' ? t('admin.people.active') : t('admin.people.inactive'))}
          onChange={(aktif) => setFilter({ aktif: aktif === undefined ? undefined : aktif === 'true' })}
        />
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
    </main>
  );
}

/** One filter of the list: "Semua" or one of `choices` (anything else the select reports means "Semua"). */
function ChoiceFilter<Choice extends string>({
  label,
  name,
  choices,
  value,
  choiceLabel,
  onChange,
}: {
  label: string;
  name: string;
  choices: readonly Choice[];
  value: Choice | undefined;
  choiceLabel: (choice: Choice) => string;
  onChange: (choice: Choice | undefined) => void;
}) {
  const { t } = useT();
  return (
    <label>
      {label}
      <select
        name={name}
        value={value ?? ''}
        onChange={(event) => {
          const picked = event.currentTarget.value;
          onChange(choices.find((choice) => choice === picked));
        }}
      >
        <option value="">{t('admin.people.all')}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choiceLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "N people have no initial password yet", over the OPDs of this admin's audience. */
function PasswordsCard({ opds, onClosed }: { opds: readonly OpdCount[]; onClosed(): void }) {
  const { t } = useT();
  const waiting = opds
    .filter((entry) => entry.waitingPasswords > 0)
    .map((entry) => ({ opd: entry.opd, count: entry.waitingPasswords }));
  const total = waiting.reduce((sum, entry) => sum + entry.count, 0);
  return (
    <WaitingPasswords
      waiting={waiting}
      title={t('admin.people.waitingPasswords', { count: total })}
      onClosed={onClosed}
    />
  );
}
