import { DEFAULT_LANGUAGE } from '../../shared/language';

const plurals = new Intl.PluralRules(DEFAULT_LANGUAGE);

const lookup = (texts: Record<string, unknown>, key: string): unknown =>
  key
    .split('.')
    .reduce<unknown>(
      (node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      texts,
    );

/**
 * What i18next returns for an Indonesian text, for the parts of i18next the app's calls and
 * texts use: nested keys, a list of keys (the first found), `{{value}}`, plural suffixes chosen
 * by `count` (`_zero` for 0 when present) and `defaultValue`. A missing key reads as the
 * (last) key, as in i18next.
 */
export function translateFirstTexts(
  texts: Record<string, unknown>,
  keys: string | readonly string[],
  options: Record<string, unknown> = {},
): string {
  const { count, defaultValue } = options;
  const keyList = typeof keys === 'string' ? [keys] : keys;
  const candidates = keyList.flatMap((key) =>
    typeof count === 'number'
      ? [...(count === 0 ? [`${key}_zero`] : []), `${key}_${plurals.select(count)}`, key]
      : [key],
  );
  const text = candidates.map((candidate) => lookup(texts, candidate)).find((found) => typeof found === 'string');
  const chosen = text ?? defaultValue;
  if (typeof chosen !== 'string') return keyList.at(-1) ?? '';
  return chosen.replace(/{{\s*(\w+)\s*}}/g, (placeholder, name: string) =>
    options[name] === undefined ? placeholder : String(options[name]),
  );
}
