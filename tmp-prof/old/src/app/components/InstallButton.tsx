import { useT } from '../hooks/useT';
import { usePwa } from '../pwa/store';

/** Offered only when the browser says Lentera can be installed (Chromium's `beforeinstallprompt`). */
export function InstallButton() {
  const { t } = useT();
  const canInstall = usePwa((state) => state.installPrompt !== null);
  const install = usePwa((state) => state.install);
  if (!canInstall) return null;
  return (
    <button type="button" class="link-button" onClick={() => void install()}>
      {t('pwa.install')}
    </button>
  );
}
