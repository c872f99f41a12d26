import { useState } from 'preact/hooks';
import { api } from '../../../shared/protocol';
import { UserAnswerSchema } from '../../../shared/protocol/login-response';
import { PASSWORD_PROBLEMS, passwordProblem, type PasswordProblem } from '../../../shared/password-policy';
import { RequestError } from '../../data/errors';
import { requestJson } from '../../data/http';
import { errorMessage } from '../../components/errorMessage';
import { PasswordField } from '../../components/PasswordField';
import { useT } from '../../hooks/useT';
import { useSession } from '../../stores/session';

/**
 * Choosing a new password: at the first login with a one-time password (`firstLogin`), and
 * from the profile later. The rules are checked as the person types (the same check the server
 * makes); the server ends every other session of the account, this one stays.
 */
export function ChangePasswordForm({ firstLogin, onDone }: { firstLogin: boolean; onDone?: () => void }) {
  const { t } = useT();
  const nip = useSession((state) => state.user?.nip ?? '');
  const token = useSession((state) => state.token);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const problem = next === '' ? null : passwordProblem(next, nip, current === '' ? undefined : current);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (problem !== null || next === '') {
      setError(t(`account.problem.${problem ?? 'too_short'}`));
      return;
    }
    if (next !== repeat) {
      setError(t('account.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { user } = await requestJson(api.password, UserAnswerSchema, {
        token,
        body: { currentPassword: current, newPassword: next },
      });
      useSession.setState({ user });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      onDone?.();
    } catch (caught) {
      // The server's own check can name the problem (the one-time password in another spelling).
      const refused = caught instanceof RequestError && caught.code === 'weak_password' ? problemOf(caught) : null;
      setError(refused === null ? errorMessage(caught) : t(`account.problem.${refused}`));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate class="change-password" aria-label={t('account.changePassword')}>
      <PasswordField
        label={firstLogin ? t('account.oneTimePassword') : t('account.currentPassword')}
        name="current-password"
        autoComplete="current-password"
        value={current}
        onInput={setCurrent}
      />
      <PasswordField
        label={t('account.newPassword')}
        name="new-password"
        autoComplete="new-password"
        value={next}
        onInput={(value) => {
          setNext(value);
          setDone(false);
        }}
        hint={problem === null ? t('account.rules') : t(`account.problem.${problem}`)}
      />
      <PasswordField
        label={t('account.repeatPassword')}
        name="repeat-password"
        autoComplete="new-password"
        value={repeat}
        onInput={setRepeat}
      />
      {error !== null && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {done && !firstLogin && (
        <p class="notice" role="status">
          {t('account.changed')}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy}>
        {busy ? t('account.saving') : t('account.save')}
      </button>
    </form>
  );
}

function problemOf(error: RequestError): PasswordProblem | null {
  const details: unknown = error.details;
  const problem = typeof details === 'object' && details !== null && 'problem' in details ? details.problem : null;
  return PASSWORD_PROBLEMS.find((known) => known === problem) ?? null;
}
