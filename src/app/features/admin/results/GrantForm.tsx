import { useState } from 'preact/hooks';
import type { AdminAttempt } from '../../../../shared/protocol';
import { GRANT_MAX_EXTRA, GRANT_REASON_MAX, GRANT_REASON_MIN } from '../../../../shared/protocol/assessment';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { grantAttempts } from '../api';

/**
 * Remedial: extra attempts for one learner at the quiz of this attempt, with a reason (required:
 * the grant log is what an auditor reads). The learner's phone gets them at its next sync.
 */
export function GrantForm({ attempt, onGranted }: { attempt: AdminAttempt; onGranted(): void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [extra, setExtra] = useState(1);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A pre-test is taken once; more tries at one's own (or a fellow OPD admin's) result are for another admin to grant.
  if (attempt.kind === 'pre' || !attempt.decidable) return null;
  if (!open)
    return (
      <button type="button" class="link-button" onClick={() => setOpen(true)}>
        {t('admin.grant.open')}
      </button>
    );
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await grantAttempts({
        userId: attempt.userId,
        courseId: attempt.courseId,
        quizId: attempt.quizId,
        extra,
        reason: reason.trim(),
      });
      setOpen(false);
      setReason('');
      onGranted();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="admin-grant"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('admin.grant.extra')}
        <select value={extra} onChange={(event) => setExtra(Number(event.currentTarget.value))}>
          {Array.from({ length: GRANT_MAX_EXTRA }, (_, index) => index + 1).map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.grant.reason')}
        <input
          type="text"
          required
          minLength={GRANT_REASON_MIN}
          maxLength={GRANT_REASON_MAX}
          value={reason}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </label>
      <button type="submit" class="button" disabled={busy || reason.trim().length < GRANT_REASON_MIN}>
        {t('admin.grant.submit')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </form>
  );
}
