/**
 * Which top-level groups of `locales/id.json` travel with which part of the app. The login
 * screen carries only its own texts; Beranda's arrive with the signed-in shell; every other
 * screen's with the first screen opened after it. The build splits the file by these lists
 * (`textTiers` in vite.config.ts), so translators keep editing one file per language.
 *
 * A component outside a lazily loaded screen that uses a new group must list it here, or it
 * shows the key instead of the text (the browser tests read the Indonesian texts).
 */
export const TEXT_TIERS = {
  /** The login screen, the header and the notices every screen can show. */
  first: ['app', 'login', 'errors', 'network', 'admin', 'session', 'pwa', 'a11y'],
  /** The signed-in shell and Beranda's cards. */
  home: ['home', 'tabs', 'notFound', 'syncStatus', 'assigned', 'cycle', 'record', 'account'],
} as const;

export type TextTier = keyof typeof TEXT_TIERS | 'rest';
