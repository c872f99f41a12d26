import { useEffect, useState } from 'preact/hooks';
import { i18n } from '../i18n';

/** Re-renders the caller when the language changes; returns `t` and the current language. */
export function useT(): { t: typeof i18n.t; language: 'id' | 'en' } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const rerender = (): void => setTick((tick) => tick + 1);
    i18n.on('languageChanged', rerender);
    return () => i18n.off('languageChanged', rerender);
  }, []);
  return { t: i18n.t.bind(i18n), language: i18n.language === 'en' ? 'en' : 'id' };
}
