import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import adminEn from '../../../src/app/features/admin/locales/en.json';
import adminId from '../../../src/app/features/admin/locales/id.json';
import appEn from '../../../src/app/i18n/locales/en.json';
import appId from '../../../src/app/i18n/locales/id.json';
import { ERROR_CODES, REJECTION_CODES } from '../../../src/shared/protocol';

const en = { ...appEn, admin: { ...appEn.admin, ...adminEn.admin } };
const id = { ...appId, admin: { ...appId.admin, ...adminId.admin } };

/** Every key path of a nested translation object, plural suffixes folded (Indonesian has no plural forms). */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.replace(/_(one|other)$/, '')];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('translations', () => {
  it('English has every Indonesian text and nothing Indonesian lacks', () => {
    expect([...new Set(keys(en))].sort()).toEqual([...new Set(keys(id))].sort());
  });

  it('every interpolation in Indonesian exists in English too', () => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();
    const flat = (value: unknown, prefix = ''): [string, unknown][] =>
      typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([key, child]) => flat(child, prefix ? `${prefix}.${key}` : key))
        : [[prefix, value]];
    const english = new Map(flat(en));
    for (const [key, text] of flat(id)) {
      if (english.has(key)) expect(placeholders(english.get(key)), key).toEqual(placeholders(text));
    }
  });

  it('every code the API can answer has a message a learner or admin reads, in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(appId.errors, code).toHaveProperty([code]);
      expect(appEn.errors, code).toHaveProperty([code]);
    }
  });

  it('every code refusing one synced record is explained in "perlu perhatian", in both languages', () => {
    for (const code of REJECTION_CODES) {
      expect(appId.sync.reasons, code).toHaveProperty([code]);
      expect(appEn.sync.reasons, code).toHaveProperty([code]);
    }
  });

  it('Indonesian says Bapak/Ibu, never "Anda" or "kamu": in the app and in the server messages', () => {
    const informal = /\b(anda|kamu)\b/i;
    const flat = (value: unknown): string[] =>
      typeof value === 'object' && value !== null ? Object.values(value).flatMap(flat) : [String(value)];
    expect(flat(id).filter((text) => informal.test(text))).toEqual([]);
    const server = new URL('../../../src/server/', import.meta.url);
    const sources = readdirSync(server, { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(10);
    expect(sources.filter((path) => informal.test(readFileSync(new URL(path, server), 'utf8')))).toEqual([]);
  });
});
