/**
 * Languages of the app and its content; Bahasa Indonesia is the default and comes first.
 * Kept free of zod because the phone's first load needs it.
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

export function pickLanguage<T>(value: Record<Language, T>, language: string): T {
  return language === 'en' ? value.en : value.id;
}
