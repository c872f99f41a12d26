/**
 * Which texts of `locales/id.json` travel with which part of the app. The login screen carries
 * only its own texts; Beranda's arrive with the signed-in shell; every other screen's with the
 * first screen opened after it. The build splits the file by these lists (`textTiers` in
 * vite.config.ts), so translators keep editing one file per language.
 *
 * An entry is a top-level group (`home`) or one key of a group (`record.cardTitle`): Beranda's
 * cards show a few texts of groups whose screens are lazy (the JP card of `record`, the tasks
 * card of `cycle`), and those screens' texts stay out of Beranda's download. A group belongs to
 * one tier, or its keys are shared out between `home` and the rest.
 *
 * A component outside a lazily loaded screen that uses a new text must list it here, or it
 * shows the key instead of the text (test/app/i18n/text-tiers.test.ts checks the literal keys).
 */
export const TEXT_TIERS = {
  /** The login screen, the header and the notices every screen can show. */
  first: ['app', 'login', 'errors', 'network', 'admin', 'session', 'pwa', 'a11y'],
  /** The signed-in shell, Beranda's cards and the first-password screen. */
  home: [
    'home',
    'tabs',
    'notFound',
    'syncStatus',
    'assigned',
    'account',
    'cycle.tasks',
    ...[
      'cardTitle',
      'noTarget',
      'noTargetNote',
      'pppkNote',
      'ofTarget',
      'remaining',
      'reached',
      'pace',
      'pendingTotal',
      'held',
      'refused',
      'empty',
      'itemJp',
      'external',
      'pending',
      'heldBadge',
      'refusedBadge',
      'revoked',
      'openRecord',
    ].map((key) => `record.${key}`),
  ],
} as const;

export type TextTier = keyof typeof TEXT_TIERS | 'rest';
type Texts = Record<string, unknown>;

/** The texts of one tier: what its entries name, or (`rest`) everything no tier names. */
export function textsOfTier(texts: Texts, tier: TextTier): Texts {
  if (tier !== 'rest') {
    const picked: Texts = {};
    for (const entry of TEXT_TIERS[tier] as readonly string[]) {
      const [group, key] = entry.split('.') as [string, string?];
      picked[group] =
        key === undefined ? texts[group] : { ...(picked[group] as Texts), [key]: groupOf(texts, group)[key] };
    }
    return picked;
  }
  const rest: Texts = { ...texts };
  for (const entry of [...TEXT_TIERS.first, ...TEXT_TIERS.home] as string[]) {
    const [group, key] = entry.split('.') as [string, string?];
    if (key === undefined) delete rest[group];
    else {
      const { [key]: _listed, ...others } = groupOf(rest, group);
      rest[group] = others;
    }
  }
  return rest;
}

const groupOf = (texts: Texts, group: string): Texts => (texts[group] ?? {}) as Texts;
