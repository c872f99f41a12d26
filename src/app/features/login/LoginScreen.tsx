import { useState } from 'preact/hooks';
import { api } from '../../../shared/protocol';
import { LoginResponseSchema } from '../../../shared/protocol/login-response';
import { isValidAsnNumber } from '../../../shared/nip';
import { requestJson } from '../../data/http';
import { PasswordField } from '../../components/PasswordField';
import { errorMessage } from '../../components/errorMessage';
import { useT } from '../../hooks/useT';
import { deviceKey } from '../../stores/deviceKey';
import { useSession } from '../../stores/session';
import { useNetwork } from '../../stores/network';

export function LoginScreen({ onCancel }: { onCancel?: (() => void) | undefined } = {}) {
  const { t } = useT();
  const expired = useSession((state) => state.expired);
  const knownNip = useSession((state) => state.user?.nip ?? '');
  const signIn = useSession((state) => state.signIn);
  const online = useNetwork((state) => state.online);
  const [nip, setNip] = useState(knownNip);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const trimmed = nip.replace(/\s+/g, '');
    if (!isValidAsnNumber(trimmed)) {
      setError(t(trimmed === '' ? 'login.nipEmpty' : 'errors.invalid_nip'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      signIn(
        await requestJson(api.login, LoginResponseSchema, { body: { nip: trimmed, password, deviceKey: deviceKey() } }),
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="login">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      {expired && <p class="notice notice--warning">{t('login.expired')}</p>}
      {!online && <p class="notice">{t('login.offline')}</p>}
      <form onSubmit={submit} noValidate>
        <label>
          {t('login.nip')}
          <input
            name="nip"
            inputMode="numeric"
            autoComplete="username"
            maxLength={22}
            value={nip}
            onInput={(event) => setNip(event.currentTarget.value)}
            aria-describedby="nip-hint"
            required
          />
          <small id="nip-hint">{t('login.nipHint')}</small>
        </label>
        <PasswordField
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onInput={setPassword}
        />
        {error && (
          <p class="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button button--primary" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            {t('login.backToCourses')}
          </button>
        )}
      </form>
    </main>
  );
}
