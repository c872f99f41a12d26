import { z } from 'zod';

/** A text in every supported language: a missing translation is a bundle error, not a runtime fallback. */
export const LangText = z.object({
  id: z.string().trim().min(1),
  en: z.string().trim().min(1),
});
export type LangText = z.infer<typeof LangText>;

/**
 * A text of a bundle, capped: every catalog answer carries the course texts to every learner,
 * so an 8 MiB description would cost every phone 8 MiB. Caps are in characters, per language.
 */
export const langText = (max: number) =>
  z.object({ id: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

/** Caps of the texts a manifest and its quiz files carry (see the README's Security section). */
export const TEXT_CAPS = {
  title: 200,
  description: 2_000,
  prompt: 2_000,
  option: 500,
  explanation: 4_000,
} as const;
