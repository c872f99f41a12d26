import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import id from '../../../src/app/i18n/locales/id.json';
import { TEXT_TIERS, textsOfTier } from '../../../src/app/i18n/text-tiers';

const APP = resolve(import.meta.dirname, '../../../src/app');

/** A module and everything it imports statically (relative imports; `import()` is where a tier ends). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, path] of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
    const base = resolve(dirname(file), path!);
    const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
      (candidate) => /\.tsx?$/.test(candidate) && existsSync(candidate),
    );
    if (found) staticClosure(found, seen);
  }
  return seen;
}

/**
 * The texts a set of modules names with a literal key (`t('home.title')`, `t(held ? 'record.held' : …)`),
 * or the start of one (t(`assigned.urgency.${…}`) names `assigned.urgency.`), with a file naming each.
 */
function keysUsed(files: Set<string>): Map<string, string> {
  const keys = new Map<string, string>();
  // Comments name files (`records.ts`), and the tier lists name keys without using them.
  for (const file of [...files].filter((path) => !path.startsWith(join(APP, 'i18n'))))
    for (const [, key] of withoutComments(readFileSync(file, 'utf8')).matchAll(/['`]([a-zA-Z]+\.[\w.]*)(?=['`]|\$\{)/g))
      if (key!.split('.')[0]! in id) keys.set(key!, file.slice(APP.length + 1));
  return keys;
}

const withoutComments = (source: string): string => source.replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');

/** Keys no entry of `available` covers: an entry covers itself and what lies under it. */
const missing = (used: Map<string, string>, available: readonly string[]): string[] =>
  [...used]
    .filter(([key]) => !available.some((entry) => key === entry || key.startsWith(`${entry}.`)))
    .map(([key, file]) => `${key} (${file})`);

const listed: string[] = [...TEXT_TIERS.first, ...TEXT_TIERS.home];
const groupOf = (entry: string): string => entry.split('.')[0]!;

describe('text tiers', () => {
  it('name texts that exist, each once, and give a group to one tier (or share it out with the rest)', () => {
    const lookup = (entry: string): unknown =>
      entry.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], id);
    expect(listed.filter((entry) => lookup(entry) === undefined)).toEqual([]);
    expect(listed.filter((entry) => listed.some((other) => other.startsWith(`${entry}.`)))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    const firstGroups = new Set(TEXT_TIERS.first.map(groupOf));
    expect(TEXT_TIERS.home.filter((entry) => firstGroups.has(groupOf(entry)))).toEqual([]);
  });

  it('cut the file without losing or doubling a text', () => {
    const tiers = (['first', 'home', 'rest'] as const).map((tier) => textsOfTier(id, tier));
    const paths = (texts: Record<string, unknown>): string[] =>
      Object.entries(texts).flatMap(([group, value]) => Object.keys(value as object).map((key) => `${group}.${key}`));
    const cut = tiers.flatMap(paths);
    expect(cut.sort()).toEqual(paths(id).sort());
    expect(textsOfTier(id, 'home')['record']).not.toHaveProperty('verifyTitle');
  });

  it('give the login screen every text its code uses', () => {
    expect(missing(keysUsed(staticClosure(join(APP, 'main.tsx'))), TEXT_TIERS.first)).toEqual([]);
  });

  it('give Beranda (the shell, its cards, the header status) every text their code uses', () => {
    const files = new Set<string>();
    for (const entry of [
      'features/shell/SignedInApp.tsx',
      'features/sync/SyncStatus.tsx',
      'features/account/FirstPasswordScreen.tsx',
    ])
      staticClosure(join(APP, entry), files);
    const cards = join(APP, 'features/home/cards.ts');
    for (const [, path] of readFileSync(cards, 'utf8').matchAll(/import\('(\.[^']+)'\)/g))
      staticClosure(`${resolve(dirname(cards), path!)}.tsx`, files);
    expect(missing(keysUsed(files), listed)).toEqual([]);
  });
});
