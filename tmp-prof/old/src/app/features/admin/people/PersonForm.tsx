import { useState } from 'preact/hooks';
import { ROLES, type Role } from '../../../../shared/protocol';
import type { IssuedPassword, PersonInput, PersonSummary } from '../../../../shared/protocol/people';
import {
  EMPLOYMENT_STATUSES,
  JENIS_JABATAN,
  type EmploymentStatus,
  type JenisJabatan,
} from '../../../../shared/roster';
import { errorMessage } from '../../../components/errorMessage';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { createPerson, updatePerson } from './peopleApi';

/**
 * Adds one person by hand (a new hire between two roster imports), or corrects one (`person`).
 * The server checks the entry as it checks an imported row; a new account's one-time password
 * is shown here once.
 */
export function PersonForm({ person, onCreated }: { person?: PersonSummary; onCreated(): void }) {
  const { t } = useT();
  const session = useSession((state) => state.user);
  const isBkpsdm = session?.role === 'admin';
  const [input, setInput] = useState<PersonInput>(
    person !== undefined
      ? {
          nip: person.nip,
          name: person.name,
          status: person.status,
          jabatan: person.jabatan,
          jenisJabatan: person.jenisJabatan,
          golongan: person.golongan,
          unit: person.unit,
          opd: person.opd,
          atasanNip: person.atasanNip,
          role: person.role,
        }
      : {
          nip: '',
          name: '',
          status: 'PNS',
          jabatan: '',
          jenisJabatan: null,
          golongan: null,
          unit: '',
          opd: isBkpsdm ? '' : (session?.opd ?? ''),
          atasanNip: null,
          role: 'learner',
        },
  );
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<PersonInput>) => setInput((current) => ({ ...current, ...patch }));
  const text = (field: 'nip' | 'name' | 'jabatan' | 'unit' | 'opd', label: string, required = false) => (
    <label>
      {label}
      <input
        name={field}
        value={input[field]}
        maxLength={field === 'nip' ? 24 : 200}
        required={required}
        disabled={field === 'opd' && !isBkpsdm}
        onInput={(event) => set({ [field]: event.currentTarget.value })}
      />
    </label>
  );

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (person === undefined) setIssued(await createPerson(input));
      else await updatePerson(person.id, input);
      onCreated();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="admin-upload admin-person-form" onSubmit={(event) => void submit(event)}>
      {text('nip', 'NIP / NI PPPK', true)}
      {text('name', t('admin.people.name'), true)}
      <label>
        {t('admin.people.field.status')}
        <select
          name="status"
          value={input.status}
          onChange={(event) => {
            const value = event.currentTarget.value;
            set({
              status: EMPLOYMENT_STATUSES.find((status): status is EmploymentStatus => status === value) ?? 'PNS',
            });
          }}
        >
          {EMPLOYMENT_STATUSES.map((status) => (
            <option key={status}>{status}</option>
          ))}
        </select>
      </label>
      {text('jabatan', t('admin.people.field.jabatan'))}
      <label>
        {t('admin.people.field.jenisJabatan')}
        <select
          name="jenisJabatan"
          value={input.jenisJabatan ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            set({ jenisJabatan: JENIS_JABATAN.find((jenis): jenis is JenisJabatan => jenis === value) ?? null });
          }}
        >
          <option value="">—</option>
          {JENIS_JABATAN.map((jenis) => (
            <option key={jenis}>{jenis}</option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.people.field.golongan')}
        <input
          name="golongan"
          maxLength={20}
          value={input.golongan ?? ''}
          onInput={(event) => set({ golongan: event.currentTarget.value === '' ? null : event.currentTarget.value })}
        />
      </label>
      {text('unit', t('admin.people.unit'), true)}
      {text('opd', 'OPD', true)}
      <label>
        {t('admin.people.field.atasanNip')}
        <input
          name="atasanNip"
          maxLength={24}
          value={input.atasanNip ?? ''}
          onInput={(event) => set({ atasanNip: event.currentTarget.value === '' ? null : event.currentTarget.value })}
        />
      </label>
      {isBkpsdm && (
        <label>
          {t('admin.people.role')}
          <select
            name="role"
            value={input.role}
            onChange={(event) => {
              const value = event.currentTarget.value;
              set({ role: ROLES.find((role): role is Role => role === value) ?? 'learner' });
            }}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`admin.people.roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {error !== null && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {person === undefined ? t('admin.people.add') : t('admin.people.save')}
      </button>
      {issued !== null && (
        <div class="notice notice--warning" role="status">
          <p>{t('admin.people.oneTimeShown', { name: issued.person.name })}</p>
          <p>
            <code class="admin-person__otp" data-testid="one-time-password">
              {issued.oneTimePassword}
            </code>
          </p>
        </div>
      )}
    </form>
  );
}
