import { useState } from 'preact/hooks';
import type { UploadBundleResponse } from '../../../../shared/protocol/bundles';
import { errorMessage } from '../../../components/errorMessage';
import { ProgressBar } from '../../../components/ProgressBar';
import { useT } from '../../../hooks/useT';
import { useSession } from '../../../stores/session';
import { publishVersion } from '../api';
import { InvalidBundleError, uploadBundle } from '../uploadBundle';
import { BundleProblems } from './BundleProblems';
import type { ActionMessage } from '../../../components/ActionNotice';

type UploadState =
  | { step: 'idle' }
  | { step: 'uploading'; fraction: number }
  | { step: 'uploaded'; result: UploadBundleResponse }
  | { step: 'rejected'; error: InvalidBundleError }
  | { step: 'failed'; error: unknown };

/** Pick a bundle zip, send it with a progress bar, then publish it or read why it was refused. */
export function UploadPanel({ onChanged }: { onChanged(message: ActionMessage | null): void }) {
  const { t } = useT();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<UploadState>({ step: 'idle' });
  const [publishing, setPublishing] = useState(false);

  const upload = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!file) return;
    setState({ step: 'uploading', fraction: 0 });
    try {
      const result = await uploadBundle(file, useSession.getState().token, (fraction) =>
        setState({ step: 'uploading', fraction }),
      );
      setState({ step: 'uploaded', result });
      onChanged(null);
    } catch (error) {
      setState(error instanceof InvalidBundleError ? { step: 'rejected', error } : { step: 'failed', error });
    }
  };

  const publish = async ({ course, version }: UploadBundleResponse): Promise<void> => {
    setPublishing(true);
    try {
      await publishVersion(course.id, version);
      setState({ step: 'idle' });
      onChanged({ text: t('admin.upload.publishedNow', { version }), error: false });
    } catch (error) {
      onChanged({ text: errorMessage(error), error: true });
    } finally {
      setPublishing(false);
    }
  };

  const uploading = state.step === 'uploading';
  return (
    <section class="admin-upload">
      <h2>{t('admin.upload.title')}</h2>
      <form onSubmit={(event) => void upload(event)}>
        <label>
          {t('admin.upload.file')}
          <input
            type="file"
            accept=".zip,application/zip"
            disabled={uploading}
            onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <p class="hint">{t('admin.upload.hint')}</p>
        <button type="submit" class="button button--primary" disabled={!file || uploading}>
          {t('admin.upload.submit')}
        </button>
      </form>
      {state.step === 'uploading' && <UploadProgress fraction={state.fraction} />}
      {state.step === 'uploaded' && (
        <div class="notice" role="status">
          <p>{t('admin.upload.success', { version: state.result.version })}</p>
          <button
            type="button"
            class="button button--primary"
            disabled={publishing}
            onClick={() => void publish(state.result)}
          >
            {t('admin.upload.publishNow', { version: state.result.version })}
          </button>
        </div>
      )}
      {state.step === 'rejected' && <BundleProblems problems={state.error.problems} />}
      {state.step === 'failed' && (
        <p class="notice notice--error" role="alert">
          {errorMessage(state.error)} {t('admin.upload.nothingChanged')}
        </p>
      )}
    </section>
  );
}

function UploadProgress({ fraction }: { fraction: number }) {
  const { t } = useT();
  const percent = Math.round(fraction * 100);
  // At 100 % the bytes have arrived but the server is still unpacking and checking every file.
  const text = percent < 100 ? t('admin.upload.uploading', { percent }) : t('admin.upload.checking');
  return (
    <div class="admin-upload__progress" aria-live="polite">
      <ProgressBar value={fraction} label={text} />
      <p>{text}</p>
    </div>
  );
}
