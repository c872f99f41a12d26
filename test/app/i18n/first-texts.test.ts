import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import id from '../../../src/app/i18n/locales/id.json';
import { translateFirstTexts } from '../../../src/app/i18n/first-texts';
import { textsOfTier } from '../../../src/app/i18n/text-tiers';

/** The login screen's and Beranda's texts, as the build cuts them (`textTiers` in vite.config.ts). */
const firstTexts = { ...textsOfTier(id, 'first'), ...textsOfTier(id, 'home') };

/** Every key path under a text object, with plural suffixes folded into the key a component asks for. */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('the login screen’s and Beranda’s texts before i18next is loaded', () => {
  it('read exactly as i18next reads them: every key, with and without values and counts', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'id',
      resources: { id: { translation: firstTexts } },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    // Every placeholder the texts use, so none is left unfilled by one reader and filled by the other.
    const placeholders = [...new Set(JSON.stringify(firstTexts).match(/(?<={{\s*)\w+/g))];
    // `count` is given on its own below, as a number, since it also picks the plural form.
    const values: Record<string, unknown> = Object.fromEntries(
      placeholders.filter((name) => name !== 'count').map((name, index) => [name, `${name}-${index}`]),
    );
    expect(placeholders).toEqual(expect.arrayContaining(['count', 'name', 'needed']));
    const keyList = [...new Set(keys(firstTexts))];
    expect(keyList.length).toBeGreaterThan(150);
    for (const key of keyList)
      for (const options of [{}, values, { count: 0 }, { count: 1 }, { ...values, count: 7 }]) {
        const expected = i18n.t(key, options);
        expect(translateFirstTexts(firstTexts, key, options), `${key} ${JSON.stringify(options)}`).toBe(expected);
      }
  });

  it('fall back as i18next does: the next key listed, a default value, else the key itself', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'id', resources: { id: { translation: firstTexts } }, returnNull: false });
    const cases: [string | string[], Record<string, unknown>][] = [
      ['errors.no_such_code', { defaultValue: 'Terjadi kesalahan {{x}}.', x: 'X' }],
      ['login.missing', {}],
      [['errors.no_such_code', 'errors.unknown'], {}],
      [['app.confirmLogout', 'errors.unknown'], { count: 3 }],
      [['login.missing', 'errors.missing'], {}],
    ];
    for (const [keys, options] of cases)
      expect(translateFirstTexts(firstTexts, keys, options), String(keys)).toBe(i18n.t(keys, options));
  });
});
