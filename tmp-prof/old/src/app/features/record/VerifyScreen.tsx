import { useEffect, useState } from 'preact/hooks';
import {
  CertificateVerificationSchema,
  formatCertificateCode,
  publicSummary,
  readVerificationInput,
  verifyCertificateSignature,
  type CertificateVerification,
  type VerificationInput,
} from '../../../shared/certificate';
import { recordApi } from '../../../shared/protocol/record';
import { errorMessage } from '../../components/errorMessage';
import { requestJson } from '../../data/http';
import { useT } from '../../hooks/useT';
import { useNetwork } from '../../stores/network';
import { useSession } from '../../stores/session';
import { formatLedgerDate } from './format';

type Check =
  | { kind: 'invalid' }
  | {
      kind: 'checked';
      input: VerificationInput;
      /** null: no QR data to check (a code alone), or no key on this phone. */
      signature: 'ok' | 'bad' | 'noKey' | null;
      server: CertificateVerification | null;
      serverError: unknown;
    };

/**
 * "Verifikasi sertifikat" on a Lentera phone. A certificate's QR carries its signed content, so
 * this checks it with no connection against the server's public key the phone received at
 * login; online, the server also says whether it was revoked. A QR opened from the camera
 * lands here with the data in the URL fragment when the phone is offline (the service worker
 * serves the app for `/verifikasi/…` only when the server cannot be reached).
 */
export default function VerifyScreen({ code }: { code: string | null }) {
  const { t, language } = useT();
  const online = useNetwork((state) => state.online);
  const signingKey = useSession((state) => state.signingKey);
  const [text, setText] = useState(() => (code === null ? '' : location.href));
  const [check, setCheck] = useState<Check | null>(null);

  const run = async (value: string): Promise<void> => {
    const input = readVerificationInput(value);
    if (input === null) {
      setCheck({ kind: 'invalid' });
      return;
    }
    let signature: 'ok' | 'bad' | 'noKey' | null = null;
    if (input.signed !== null)
      signature =
        signingKey === null ? 'noKey' : (await verifyCertificateSignature(input.signed, signingKey)) ? 'ok' : 'bad';
    let server: CertificateVerification | null = null;
    let serverError: unknown = null;
    if (online) {
      try {
        server = await requestJson(recordApi.certificate(input.code), CertificateVerificationSchema);
      } catch (error) {
        serverError = error;
      }
    }
    setCheck({ kind: 'checked', input, signature, server, serverError });
  };

  // Opened from a QR link: check at once.
  useEffect(() => {
    if (code !== null) void run(location.href);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the URL the screen opened with
  }, []);

  return (
    <main class="verify">
      <h1>{t('record.verifyTitle')}</h1>
      <p>{t('record.verifyIntro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void run(text);
        }}
      >
        <label>
          {t('record.verifyInput')}
          <textarea value={text} maxLength={4000} rows={3} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        <button type="submit" class="button button--primary">
          {t('record.verifySubmit')}
        </button>
      </form>
      {check?.kind === 'invalid' && <p class="notice notice--error">{t('record.verifyInvalidInput')}</p>}
      {check?.kind === 'checked' && <Result check={check} language={language} online={online} />}
    </main>
  );
}

function Result({
  check,
  language,
  online,
}: {
  check: Extract<Check, { kind: 'checked' }>;
  language: 'id' | 'en';
  online: boolean;
}) {
  const { t } = useT();
  const summary =
    check.input.signed !== null && check.signature === 'ok'
      ? publicSummary(check.input.signed.payload)
      : check.server?.certificate;
  return (
    <section class="verify__result" aria-live="polite">
      <p>{t('record.certificateCode', { code: formatCertificateCode(check.input.code) })}</p>
      {check.signature === 'ok' && <p class="notice notice--success">{t('record.verifySignatureOk')}</p>}
      {check.signature === 'bad' && <p class="notice notice--error">{t('record.verifySignatureBad')}</p>}
      {check.signature === 'noKey' && <p class="notice">{t('record.verifyNoKey')}</p>}
      {check.server !== null && (
        <p class={`verify__status verify__status--${check.server.status}`}>
          <strong>{t('record.statusFromServer', { status: t(`record.status_${check.server.status}`) })}</strong>
          {check.server.revokedReason !== undefined && (
            <>
              <br />
              {t('record.revokedReason', { reason: check.server.revokedReason })}
            </>
          )}
        </p>
      )}
      {check.serverError !== null && <p class="notice notice--error">{errorMessage(check.serverError)}</p>}
      {!online && check.input.signed !== null && <p class="notice">{t('record.verifyOfflineStatus')}</p>}
      {!online && check.input.signed === null && <p class="notice">{t('record.verifyCodeOnlyOffline')}</p>}
      {summary !== undefined && check.signature !== 'bad' && (
        <dl>
          <dt>{t('record.fieldNumber')}</dt>
          <dd>{summary.nomor}</dd>
          <dt>{t('record.fieldName')}</dt>
          <dd>{summary.nama}</dd>
          <dt>{t('record.fieldNip')}</dt>
          <dd>{summary.nipMasked}</dd>
          <dt>{t('record.fieldCourse')}</dt>
          <dd>{summary.pelatihan}</dd>
          <dt>{t('record.fieldJp')}</dt>
          <dd>{summary.jp}</dd>
          <dt>{t('record.fieldDates')}</dt>
          <dd>
            {formatLedgerDate(summary.mulai, language, 'UTC')} – {formatLedgerDate(summary.selesai, language, 'UTC')}
          </dd>
          <dt>{t('record.fieldIssuer')}</dt>
          <dd>{summary.instansi}</dd>
        </dl>
      )}
    </section>
  );
}
