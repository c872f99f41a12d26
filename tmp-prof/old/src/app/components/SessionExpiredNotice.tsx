import { useT } from '../hooks/useT';

export function SessionExpiredNotice({ onRenew }: { onRenew(): void }) {
  const { t } = useT();
  return (
    <div class="notice notice--warning session-expired" role="alert">
      <p>{t('session.expired')}</p>
      <button type="button" class="button" onClick={onRenew}>
        {t('session.renew')}
      </button>
    </div>
  );
}
