import { z } from 'zod';

/** A text in every supported language: a missing translation is a bundle error, not a runtime fallback. */
export const LangText = z.object({
  id: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LangText = z.infer<typeof LangText>;
