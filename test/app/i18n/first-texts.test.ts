import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import id from '../../../src/app/i18n/locales/id.json';
import { translateFirstTexts } from '../../../src/app/i18n/first-texts';
import { TEXT_TIERS } from '../../../src/app/i18n/text-tiers';

/** The login screen's texts, as the build cuts them (`textTiers` in vite.config.ts). */
const firstTexts = Object.fromEntries(
  Object.entries(id).filter(([group]) => (TEXT_TIERS.first as readonly string[]).includes(group)),
);

/** Every key path under a text object, with plural suffixes folded into the key a component asks for. */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('the login screen’s texts before i18next is loaded', () => {
  it('read exactly as i18next reads them: every key, with and without values and counts', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      lng: 'id',
      resources: { id: { translation: firstTexts } },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
    const values = { needed: '12 MB', available: '3 MB', reason: 'Penuh.', name: 'Ani', x: 'X' };
    const keyList = [...new Set(keys(firstTexts))];
    expect(keyList.length).toBeGreaterThan(20);
    for (const key of keyList)
      for (const options of [{}, values, { count: 0 }, { count: 1 }, { count: 7, ...values }]) {
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
