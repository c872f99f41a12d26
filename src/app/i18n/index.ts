import type { i18n as I18next, TFunction } from 'i18next';
import firstTexts from './locales/id.json?texts=first';
import { translateFirstTexts } from './first-texts';
import type { TextTier } from './text-tiers';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/language';

const STORAGE_KEY = 'lentera.language';

/**
 * The login screen's Indonesian texts ship inside the first load; Beranda's arrive with the
 * signed-in shell and the other screens' with the first of them opened (`loadTexts`), each
 * precached by the service worker. English is fetched only when a learner switches to it.
 *
 * i18next itself (~14 KB gzipped, more than half the login screen) is not needed to draw the
 * login screen or Beranda: until it is loaded `t` reads their Indonesian texts with
 * `translateFirstTexts`, which gives what i18next gives for them
 * (test/app/i18n/first-texts.test.ts compares the two on every one). It arrives with the first
 * other screen's texts, English, or once Beranda has settled (`SignedInApp`).
 */
let loaded: I18next | undefined;
/** The Indonesian texts `t` reads before i18next is loaded: the login screen's, then Beranda's too. */
let earlyTexts: Record<string, unknown> = firstTexts;
let loading: Promise<I18next> | undefined;
const languageListeners = new Set<() => void>();

/** i18next, loaded and initialised once with the texts already read without it. */
export function loadI18next(): Promise<I18next> {
  if (!loading) {
    loading = import('i18next').then(async ({ default: i18next }) => {
      const instance = i18next.createInstance();
      await instance.init({
        lng: DEFAULT_LANGUAGE,
        fallbackLng: DEFAULT_LANGUAGE,
        resources: { id: { translation: earlyTexts } },
        interpolation: { escapeValue: false },
        returnNull: false,
      });
      // Beranda's texts may have arrived while i18next was starting.
      instance.addResourceBundle('id', 'translation', earlyTexts, true, false);
      instance.on('languageChanged', () => languageListeners.forEach((listener) => listener()));
      loaded = instance;
      return instance;
    });
    // A failed download (offline before the precache finished) is tried again next time.
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

/** The app's translator: i18next once loaded, the login screen's and Beranda's texts before. */
export const i18n = {
  t: ((keys: string | string[], options?: Record<string, unknown>) =>
    loaded ? loaded.t(keys, options) : translateFirstTexts(earlyTexts, keys, options)) as TFunction,
  get language(): Language {
    return loaded?.language === 'en' ? 'en' : DEFAULT_LANGUAGE;
  },
};

/** Calls `listener` after every change of language; returns what stops it. */
export function onLanguageChanged(listener: () => void): () => void {
  languageListeners.add(listener);
  return () => languageListeners.delete(listener);
}

export function initialLanguage(): Language {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : DEFAULT_LANGUAGE;
}

/**
 * Indonesian needs nothing more than the login screen's texts; English waits for i18next and
 * its texts. When they cannot be had (offline, and the service worker has not kept them) the
 * app opens in Indonesian rather than not at all.
 */
export async function initI18n(language: Language = initialLanguage()): Promise<void> {
  if (language !== DEFAULT_LANGUAGE)
    await setLanguage(language).catch((error: unknown) => console.warn('English texts unavailable', error));
}

const tierLoads = new Map<Exclude<TextTier, 'first'>, Promise<void>>();

/**
 * Merges a tier's Indonesian texts in, once; the code of the screens that need them waits for
 * it. Beranda's are read without i18next; the other screens' need it.
 */
export function loadTexts(tier: Exclude<TextTier, 'first'>): Promise<void> {
  let load = tierLoads.get(tier);
  if (!load) {
    load =
      tier === 'home'
        ? import('./locales/id.json?texts=home').then(({ default: texts }) => {
            earlyTexts = { ...earlyTexts, ...texts };
            loaded?.addResourceBundle('id', 'translation', texts, true, false);
          })
        : Promise.all([loadI18next(), import('./locales/id.json?texts=rest')]).then(
            ([instance, { default: texts }]) =>
              void instance.addResourceBundle('id', 'translation', texts, true, false),
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
  const instance = await loadI18next();
  if (language === 'en' && !englishLoaded) {
    const en = await import('./locales/en.json');
    instance.addResourceBundle('en', 'translation', en.default, true, false);
    englishLoaded = true;
    if ('serviceWorker' in navigator)
      void import('../pwa/sw-bridge').then(({ keepEnglishOffline }) => keepEnglishOffline());
  }
  await instance.changeLanguage(language);
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}
