import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rules of the layout, checked on every test run: dependencies point inward
 * (UI → data/sync → shared), the server and the phone share only `src/shared`.
 */
const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every import of a file: bare package names as written, relative ones resolved to a repo path. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
  return specifiers.map((specifier) =>
    specifier.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), specifier)) : specifier,
  );
}

function violations(dir: string, forbidden: RegExp): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.test(target))
      .map((target) => `${file} → ${target}`),
  );
}

describe('layering', () => {
  it('sees static, side-effect and dynamic imports (so the rules below can fail)', () => {
    expect(importsOf('src/app/data/db.ts')).toContain('dexie');
    expect(importsOf('src/app/App.tsx')).toContain('src/app/features/shell/SignedInApp');
    expect(violations('src/app/data', /^dexie$/).length).toBeGreaterThan(0);
  });

  it('src/shared runs in the browser and on Node alike: no app, server, UI or Node-only imports', () => {
    expect(
      violations('src/shared', /^src\/(app|server|cli|sw)\b|^(preact|dexie|hono|pg|@electric-sql)|^node:/),
    ).toEqual([]);
  });

  it('the data layer imports no UI', () => {
    expect(
      violations('src/app/data', /^(preact|zustand)|^src\/app\/(features|components|hooks|stores|pwa|i18n)\b/),
    ).toEqual([]);
  });

  it('the server never imports phone code', () => {
    expect(violations('src/server', /^src\/(app|sw|cli)\b|^(preact|dexie)/)).toEqual([]);
  });

  it('the phone never imports server or authoring code', () => {
    expect(violations('src/app', /^src\/(server|cli)\b|^(hono|pg|@electric-sql|node:)/)).toEqual([]);
  });

  it('the service worker is its own program: only workbox and shared code', () => {
    expect(violations('src/sw', /^src\/(app|server|cli)\b|^(preact|dexie|zustand|i18next)/)).toEqual([]);
  });
});
