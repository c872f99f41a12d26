import { useT } from '../hooks/useT';
import { useNetwork } from '../stores/network';

/** Small, beside the app's name and never over it: a dot when online, the word "Offline" when not. */
export function NetworkStatus() {
  const { t } = useT();
  const online = useNetwork((state) => state.online);
  return (
    <span
      class={`network-status ${online ? 'network-status--online' : 'network-status--offline'}`}
      role="status"
      data-online={online}
      title={online ? undefined : t('network.offlineHint')}
    >
      <span class={online ? 'visually-hidden' : undefined}>{online ? t('network.online') : t('network.offline')}</span>
    </span>
  );
}
