import { useState } from 'preact/hooks';
import {
  EXTERNAL_KINDS,
  ExternalLearningFields,
  JENIS_DIKLAT,
  type ExternalKind,
} from '../../../shared/external-learning';
import type { ExternalDecision } from '../../../shared/external-learning';
import { freeTextProblem } from '../../../shared/text';
import { AttachedPhoto } from '../../components/AttachedPhoto';
import { errorMessage } from '../../components/errorMessage';
import { prepareCertificateFile, recordExternalLearning } from '../../data/external-learning';
import { AttachFileError } from '../../data/photo';
import { useDb } from '../../hooks/useDb';
import { useLiveQuery } from '../../hooks/useLiveQuery';
import { useT } from '../../hooks/useT';
import { formatDay } from '../../components/format';

/** "Pembelajaran di luar Lentera": what the learner recorded, where each stands, and the form (offline). */
export function ExternalLearningSection({ decisions }: { decisions: readonly ExternalDecision[] }) {
  const { t, language } = useT();
  const db = useDb();
  const rows = useLiveQuery(() => db.externalLearningRecords.orderBy('id').reverse().toArray(), [db]);
  // Like every record of the channel: waiting in the outbox, or refused and kept in "perlu perhatian".
  const unsent = useLiveQuery(
    async () =>
      new Set(
        await db.outbox
          .where('kind')
          .equals('record')
          .toArray()
          .then((entries) => entries.map((entry) => entry.id)),
      ),
    [db],
  );
  const refused = useLiveQuery(() => db.attention.toArray(), [db]);
  const [open, setOpen] = useState(false);
  const decisionOf = new Map(decisions.map((decision) => [decision.id, decision]));
  return (
    <section aria-labelledby="external-title">
      <h2 id="external-title">{t('record.externalTitle')}</h2>
      <p class="muted">{t('record.externalIntro')}</p>
      <ul class="external-list">
        {rows?.map((row) => {
          const decision = decisionOf.get(row.id);
          const refusal = refused?.find((entry) => entry.id === row.id);
          const status =
            refusal !== undefined
              ? refusal.reason !== null
                ? t('record.externalRefusedByServer', { reason: refusal.reason })
                : // Set aside on the phone (a lost file), or refused with no detail: the reason in words.
                  t([`sync.reasons.${refusal.code ?? 'unknown'}`, 'sync.reasons.unknown'])
              : unsent?.has(row.id) !== false
                ? t('record.pending')
                : decision?.status === 'approved'
                  ? t('record.externalApproved', { count: decision.approvedJp ?? 0 })
                  : decision?.status === 'refused'
                    ? t('record.externalRefused', { reason: decision.refusalReason ?? '' })
                    : t('record.externalAwaiting');
          return (
            <li key={row.id}>
              <strong>{row.body.name}</strong> — {row.body.organiser} ({formatDay(row.body.endDate, language)},{' '}
              {t('record.itemJp', { count: row.body.claimedJp })})<br />
              <span class="badge">{status}</span>
              {row.body.file !== null && row.body.file.type !== 'application/pdf' && (
                <AttachedPhoto sha256={row.body.file.sha256} alt={t('record.externalFile')} />
              )}
            </li>
          );
        })}
      </ul>
      {open ? (
        <ExternalForm onDone={() => setOpen(false)} />
      ) : (
        <button type="button" class="button" onClick={() => setOpen(true)}>
          {t('record.externalAdd')}
        </button>
      )}
    </section>
  );
}

function ExternalForm({ onDone }: { onDone: () => void }) {
  const { t } = useT();
  const db = useDb();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const submit = async (form: HTMLFormElement): Promise<void> => {
    const data = new FormData(form);
    const text = (name: string): string => {
      const value = data.get(name);
      return typeof value === 'string' ? value.trim() : '';
    };
    const chosen = data.get('file');
    setSaving(true);
    setError(null);
    try {
      // Said before the generic refusal: the learner cannot see what is wrong with a name that looks fine.
      const hidden = (['name', 'organiser', 'certificateNumber'] as const)
        .map((name) => (text(name) === '' ? null : freeTextProblem(text(name))))
        .find((problem) => problem !== null);
      if (hidden !== undefined) {
        setError(t(hidden === 'invisible' ? 'records.textInvisible' : 'records.textBidiControl'));
        return;
      }
      const kind = EXTERNAL_KINDS.find((value) => value === text('kind')) ?? 'lainnya';
      const fields = ExternalLearningFields.safeParse({
        jenisDiklatId: Number(text('jenisDiklatId')),
        kind: kind satisfies ExternalKind,
        name: text('name'),
        organiser: text('organiser'),
        startDate: text('startDate'),
        endDate: text('endDate'),
        claimedJp: Number(text('claimedJp')),
        certificateNumber: text('certificateNumber'),
      });
      if (!fields.success || fields.data.endDate < fields.data.startDate) {
        setError(t('record.externalInvalid'));
        return;
      }
      const file = chosen instanceof File && chosen.size > 0 ? await prepareCertificateFile(chosen) : null;
      await recordExternalLearning(db, fields.data, file);
      onDone();
    } catch (failure) {
      setError(failure instanceof AttachFileError ? t(`record.externalFile_${failure.code}`) : errorMessage(failure));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      class="external-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      <label>
        {t('record.externalJenis')}
        <select name="jenisDiklatId" required>
          {JENIS_DIKLAT.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('record.externalKind')}
        <select name="kind">
          {EXTERNAL_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`record.kind_${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('record.externalName')}
        <input name="name" required maxLength={300} />
      </label>
      <label>
        {t('record.externalOrganiser')}
        <input name="organiser" required maxLength={200} />
      </label>
      <label>
        {t('record.externalStart')}
        <input name="startDate" type="date" required min="2000-01-01" max={localToday()} />
      </label>
      <label>
        {t('record.externalEnd')}
        <input name="endDate" type="date" required min="2000-01-01" max={localToday()} />
      </label>
      <label>
        {t('record.externalJp')}
        <input name="claimedJp" type="number" required min={1} max={200} step={1} />
      </label>
      <label>
        {t('record.externalNumber')}
        <input name="certificateNumber" maxLength={120} />
      </label>
      {/* The browser's file field speaks its own language ("Choose File"): a button in ours, as PhotoPicker. */}
      <div class="photo-picker">
        <span id="external-file-label">{t('record.externalFile')}</span>
        <label class="button photo-picker__choose">
          {t('record.externalChoose')}
          <input
            name="file"
            type="file"
            accept="application/pdf,image/*"
            class="visually-hidden"
            aria-describedby="external-file-label external-file-chosen"
            onChange={(event) => setFileName(event.currentTarget.files?.[0]?.name ?? null)}
          />
        </label>
        <small id="external-file-chosen" class="photo-picker__note">
          {fileName ?? t('record.externalNoFile')}
        </small>
      </div>
      <small>{t('attachment.privacy')}</small>
      {error !== null && <p class="notice notice--error">{error}</p>}
      <div class="button-group">
        <button type="submit" class="button button--primary" disabled={saving}>
          {t('record.externalSave')}
        </button>
        <button type="button" class="button" onClick={onDone}>
          {t('record.externalCancel')}
        </button>
      </div>
    </form>
  );
}

/** The phone's own date: learning done elsewhere is done by today (`LearningDay`), whatever the time zone. */
function localToday(now = new Date()): string {
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
