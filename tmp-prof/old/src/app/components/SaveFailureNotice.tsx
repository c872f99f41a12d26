import { useT } from '../hooks/useT';
import { useSaveFailure } from '../stores/saveFailure';
import { errorMessage } from './errorMessage';

/** Says, on every screen, that the learner's last action was not kept on the phone, and why. */
export function SaveFailureNotice() {
  const { t } = useT();
  const { error, dismiss } = useSaveFailure();
  if (error === null) return null;
  return (
    <div class="notice notice--error save-failure" role="alert">
      <p>{t('errors.notSaved', { reason: errorMessage(error) })}</p>
      <button type="button" class="link-button" onClick={dismiss}>
        {t('errors.dismiss')}
      </button>
    </div>
  );
}
