import { z } from 'zod';

/** Languages every learner-visible text must exist in; Bahasa Indonesia is the default and comes first. */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

/** A text in every supported language: a missing translation is a bundle error, not a runtime fallback. */
export const LangText = z.object({
  id: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LangText = z.infer<typeof LangText>;

export function pickLanguage<T>(value: Record<Language, T>, language: string): T {
  return language === 'en' ? value.en : value.id;
}
