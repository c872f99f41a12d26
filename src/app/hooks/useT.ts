import type { TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { i18n, onLanguageChanged } from '../i18n';
import type { Language } from '../../shared/language';

/** Re-renders the caller when the language changes; returns `t` and the current language. */
export function useT(): { t: TFunction; language: Language } {
  const [, setTick] = useState(0);
  useEffect(() => onLanguageChanged(() => setTick((tick) => tick + 1)), []);
  return { t: i18n.t, language: i18n.language };
}
