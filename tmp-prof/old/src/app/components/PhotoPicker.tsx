import { useState } from 'preact/hooks';
import { AttachFileError, preparePhoto } from '../data/photo';
import type { PreparedFile } from '../data/records';
import { useImageUrl } from '../hooks/useImageUrl';
import { useT } from '../hooks/useT';
import { errorMessage } from './errorMessage';

/**
 * "Tambahkan foto": the learner picks or takes a photo; it is compressed on the phone to
 * `maxBytes` (and loses its EXIF/GPS on the way) before anything is saved, and shown as it
 * will be sent.
 */
export function PhotoPicker({
  value,
  onChange,
  maxBytes,
  label,
}: {
  value: PreparedFile | null;
  onChange: (file: PreparedFile | null) => void;
  maxBytes: number;
  label: string;
}) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preview = useImageUrl(value?.blob);
  const choose = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    setBusy(true);
    setError(null);
    try {
      onChange(await preparePhoto(file, maxBytes));
    } catch (failure) {
      setError(failure instanceof AttachFileError ? t(`attachment.${failure.code}`) : errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="photo-picker">
      {value === null ? (
        <label class="button photo-picker__choose">
          {busy ? t('attachment.preparing') : label}
          <input
            type="file"
            accept="image/*"
            class="visually-hidden"
            disabled={busy}
            onChange={(event) => void choose(event.currentTarget)}
          />
        </label>
      ) : (
        <>
          {preview !== undefined && <img class="attachment" src={preview} alt={t('attachment.preview')} />}
          <small>{t('attachment.ready', { size: Math.ceil(value.ref.size / 1024) })}</small>{' '}
          <button type="button" class="button" onClick={() => onChange(null)}>
            {t('attachment.remove')}
          </button>
        </>
      )}
      <small class="photo-picker__note">{t('attachment.privacy')}</small>
      {error !== null && (
        <p class="notice notice--error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
