import { useEffect } from 'preact/hooks';
import { useT } from '../hooks/useT';
import { usePwa } from '../pwa/store';
import { useSession } from '../stores/session';

/** Long enough to read on a small screen; the message is good news, not something to act on. */
const OFFLINE_READY_VISIBLE_MS = 6000;

/**
 * Asks before switching to a new version (the switch reloads the page) and says once when
 * offline use is ready. That news waits for the login: before it, nothing works offline yet
 * (logging in needs the server), so saying so on the login screen would not be true. It is
 * shown in the page's flow, never over a button.
 */
export function UpdatePrompt() {
  const { t } = useT();
  const { needRefresh, staleCode, offlineReady, blockingWork, update, dismissUpdate, dismissOfflineReady } = usePwa();
  const signedIn = useSession((state) => state.token !== null && state.user !== null);
  const showOfflineReady = offlineReady && signedIn;

  useEffect(() => {
    if (!showOfflineReady) return;
    const timer = setTimeout(dismissOfflineReady, OFFLINE_READY_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [showOfflineReady, dismissOfflineReady]);

  // The "form is dirty" guard: a quiz or feedback form with unsaved answers calls
  // usePwa.getState().setBlockingWork(true), and the prompt waits until they are saved.
  // Code of this version gone for good (`staleCode`) is asked about the same way, by a reload,
  // and with no "later": what failed (a screen, sync, reminders) stays broken until then.
  if ((needRefresh || staleCode) && !blockingWork) {
    return (
      <div class="pwa-toast" role="status">
        <p>{t('pwa.updateAvailable')}</p>
        <div class="pwa-toast__actions">
          <button
            type="button"
            class="button button--primary"
            onClick={staleCode ? () => location.reload() : () => void update()}
          >
            {t('pwa.update')}
          </button>
          {!staleCode && (
            <button type="button" class="button" onClick={dismissUpdate}>
              {t('pwa.later')}
            </button>
          )}
        </div>
      </div>
    );
  }
  if (showOfflineReady) {
    return (
      <div class="pwa-banner" role="status">
        <p>{t('pwa.offlineReady')}</p>
        <button type="button" class="button" onClick={dismissOfflineReady}>
          {t('pwa.dismiss')}
        </button>
      </div>
    );
  }
  return null;
}
