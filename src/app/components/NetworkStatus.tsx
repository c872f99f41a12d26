import { useT } from '../hooks/useT';
import { useNetwork } from '../stores/network';

export function NetworkStatus() {
  const { t } = useT();
  const online = useNetwork((state) => state.online);
  return (
    <span
      class={`network-status ${online ? 'network-status--online' : 'network-status--offline'}`}
      role="status"
      data-online={online}
    >
      {online ? t('network.online') : t('network.offline')}
    </span>
  );
}
