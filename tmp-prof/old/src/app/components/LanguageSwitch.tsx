import { useAction } from '../hooks/useAction';
import { useT } from '../hooks/useT';
import { setLanguage } from '../i18n';
import { ErrorNotice } from './ErrorNotice';

/**
 * "English" / "Bahasa Indonesia". English is a chunk loaded on first use: when it cannot be
 * fetched (offline before it was cached, an update replaced it) the learner is told what to
 * do, instead of a tap that silently does nothing.
 */
export function LanguageSwitch({ class: className }: { class: string }) {
  const { t, language } = useT();
  const change = useAction(() => setLanguage(language === 'id' ? 'en' : 'id'));
  return (
    <>
      <button
        type="button"
        class={className}
        lang={language === 'id' ? 'en' : 'id'}
        disabled={change.busy}
        onClick={() => change.run()}
      >
        {t('app.switchLanguage')}
      </button>
      {change.error !== null && <ErrorNotice error={change.error} />}
    </>
  );
}
