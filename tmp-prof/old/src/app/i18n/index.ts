import i18next from 'i18next';
import firstTexts from './locales/id.json?texts=first';
import type { TextTier } from './text-tiers';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/language';

const STORAGE_KEY = 'lentera.language';

/**
 * The login screen's Indonesian texts ship inside the first load; Beranda's arrive with the
 * signed-in shell and the other screens' with the first of them opened (`loadTexts`), each
 * precached by the service worker. English is fetched only when a learner switches to it.
 */
export const i18n = i18next.createInstance();

export function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : DEFAULT_LANGUAGE;
}

export async function initI18n(language: Language = initialLanguage()): Promise<void> {
  await i18n.init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: { id: { translation: firstTexts } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (language !== DEFAULT_LANGUAGE) await setLanguage(language);
}

const tierLoads = new Map<Exclude<TextTier, 'first'>, Promise<void>>();

/** Merges a tier's Indonesian texts in, once; the code of the screens that need them waits for it. */
export function loadTexts(tier: Exclude<TextTier, 'first'>): Promise<void> {
  let load = tierLoads.get(tier);
  if (!load) {
    load = (tier === 'home' ? import('./locales/id.json?texts=home') : import('./locales/id.json?texts=rest')).then(
      ({ default: texts }) => void i18n.addResourceBundle('id', 'translation', texts, true, false),
    );
    // A failed download (offline before the precache finished) is tried again next time.
    load.catch(() => tierLoads.delete(tier));
    tierLoads.set(tier, load);
  }
  return load;
}

/** A lazy screen's code together with the texts it shows. */
export const withTexts =
  <T>(tier: Exclude<TextTier, 'first'>, load: () => Promise<T>) =>
  (): Promise<T> =>
    Promise.all([load(), loadTexts(tier)]).then(([module]) => module);

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
