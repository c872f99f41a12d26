import { useT } from '../hooks/useT';
import { useNetwork } from '../stores/network';

/**
 * Small, beside the app's name and never over it: a dot when online, the word "Offline" when not.
 * What still works offline is said by the banner under the header (`OfflineBanner`), not by a
 * tooltip, which touch phones never show.
 */
export function NetworkStatus() {
  const { t } = useT();
  const online = useNetwork((state) => state.online);
  return (
    <span
      class={`network-status ${online ? 'network-status--online' : 'network-status--offline'}`}
      role="status"
      data-online={online}
    >
      <span class={online ? 'visually-hidden' : undefined}>{online ? t('network.online') : t('network.offline')}</span>
    </span>
  );
}
