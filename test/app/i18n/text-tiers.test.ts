import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import id from '../../../src/app/i18n/locales/id.json';
import { TEXT_TIERS } from '../../../src/app/i18n/text-tiers';

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

/** The text groups a set of modules asks for with a literal key (`t('home.title')`, t(`assigned.${…}`)). */
function groupsUsed(files: Set<string>): Map<string, string> {
  const groups = new Map<string, string>();
  for (const file of files)
    for (const [, group] of readFileSync(file, 'utf8').matchAll(/\bt\(\s*['`]([a-zA-Z]+)\./g))
      groups.set(group!, file.slice(APP.length + 1));
  return groups;
}

const missing = (used: Map<string, string>, available: readonly string[]): string[] =>
  [...used].filter(([group]) => !available.includes(group)).map(([group, file]) => `${group} (${file})`);

describe('text tiers', () => {
  it('name groups that exist, each in one tier', () => {
    const listed = [...TEXT_TIERS.first, ...TEXT_TIERS.home];
    expect(listed.filter((group) => !(group in id))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('give the login screen every group its code uses', () => {
    expect(missing(groupsUsed(staticClosure(join(APP, 'main.tsx'))), TEXT_TIERS.first)).toEqual([]);
  });

  it('give Beranda (the shell, its cards, the header status) every group their code uses', () => {
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
    expect(missing(groupsUsed(files), [...TEXT_TIERS.first, ...TEXT_TIERS.home])).toEqual([]);
  });
});
