import i18next from 'i18next';
import id from './locales/id.json';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/language';

const STORAGE_KEY = 'lentera.language';

/**
 * Bahasa Indonesia ships inside the first load; English is fetched only when a learner
 * switches to it (and is precached by the service worker, so switching works offline).
 */
export const i18n = i18next.createInstance();

export function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : DEFAULT_LANGUAGE;
}

export async function initI18n(language: Language = initialLanguage()): Promise<void> {
  await i18n.init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: { id: { translation: id } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (language !== DEFAULT_LANGUAGE) await setLanguage(language);
}

// Not `hasResourceBundle('en')`: a lazily loaded screen may already have merged its own English texts.
let englishLoaded = false;

export async function setLanguage(language: Language): Promise<void> {
  if (language === 'en' && !englishLoaded) {
    const en = await import('./locales/en.json');
    i18n.addResourceBundle('en', 'translation', en.default, true, false);
    englishLoaded = true;
  }
  await i18n.changeLanguage(language);
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}
