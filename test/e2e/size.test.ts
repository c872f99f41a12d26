import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Size budgets of the built learner app, in gzipped bytes of JavaScript (the performance
 * issue's measure; CSS is printed beside it and has its own ceiling). A learner on a slow, paid
 * mobile link downloads the login screen before seeing anything, and Beranda right after login.
 *
 * The performance issue asks for 30 KB (login) and 70 KB (Beranda). The budgets below are what
 * this build measures, rounded up (README, Figures), where that is under the target: they stop
 * the app from growing back. Lower them as the app gets lighter.
 */
const TARGET = { login: 30 * 1024, beranda: 70 * 1024 };
const BUDGET = { login: 23 * 1024, beranda: 68 * 1024, css: 5 * 1024 };

const root = resolve(import.meta.dirname, '../..');
const dist = join(root, 'dist');
interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
  src?: string;
}
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

const gzipped = (file: string): number => gzipSync(readFileSync(join(dist, file)), { level: 9 }).byteLength;

/** The files a browser fetches to run `key`: the chunk, its static imports (modulepreloaded) and their CSS. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not a chunk of the build`);
  if (seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  chunk.css?.forEach((css) => seen.add(css));
  chunk.imports?.forEach((imported) => closure(imported, seen));
  return seen;
}

const total = (files: Set<string>, kind: RegExp): number =>
  [...files].filter((file) => kind.test(file)).reduce((sum, file) => sum + gzipped(file), 0);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry && key.endsWith('index.html'))!;

/**
 * The login screen: the entry and what it loads right after the first paint without any
 * learner action (the service worker's bridge and workbox-window).
 */
function loginScreen(): Set<string> {
  const files = closure(entryKey);
  closure('src/app/pwa/sw-bridge.ts', files);
  manifest['src/app/pwa/sw-bridge.ts']?.dynamicImports?.forEach((key) => closure(key, files));
  return files;
}

/**
 * Beranda after login: the login screen's files, the signed-in shell, its texts, the header's
 * sync status and every card listed in `features/home/cards.ts` (read from the source, so a
 * card added there is counted). Not counted: i18next (Beranda's texts are read without it; it
 * loads at the first idle moment after Beranda is drawn, src/app/i18n/index.ts), and the sync
 * engine, the record sync and the assigned courses' pull, which load once Beranda is rendering
 * (README, Figures).
 */
function berandaScreen(): Set<string> {
  const files = loginScreen();
  for (const key of [
    'src/app/features/shell/SignedInApp.tsx',
    'src/app/features/sync/SyncStatus.tsx',
    'src/app/i18n/locales/id.json?texts=home',
  ])
    closure(key, files);
  const cards = readFileSync(join(root, 'src/app/features/home/cards.ts'), 'utf8');
  const imports = [...cards.matchAll(/import\('\.\.?\/([^']+)'\)/g)].map(([, path]) => path!);
  expect(imports.length).toBeGreaterThan(0);
  for (const path of imports) {
    const key = Object.keys(manifest).find(
      (candidate) => /\.tsx?$/.test(candidate) && candidate.includes(path.replace(/^\.\.\//, '')),
    );
    closure(key ?? `src/app/features/home/${path}`, files);
  }
  return files;
}

describe('bundle size budget', () => {
  it(`the login screen's JS stays under ${BUDGET.login / 1024} KB gzipped (target ${TARGET.login / 1024} KB)`, () => {
    const files = loginScreen();
    const js = total(files, /\.js$/);
    console.log(
      `login screen: ${kb(js)} JS + ${kb(total(files, /\.css$/))} CSS gzipped (target ${kb(TARGET.login)} JS)`,
    );
    expect(js).toBeLessThan(BUDGET.login);
  });

  it(`Beranda's JS stays under ${BUDGET.beranda / 1024} KB gzipped (target ${TARGET.beranda / 1024} KB)`, () => {
    const files = berandaScreen();
    const js = total(files, /\.js$/);
    const css = total(files, /\.css$/);
    console.log(`Beranda: ${kb(js)} JS + ${kb(css)} CSS gzipped (target ${kb(TARGET.beranda)} JS)`);
    expect(js).toBeLessThan(BUDGET.beranda);
    expect(css).toBeLessThan(BUDGET.css);
  });

  it('admin and rarely used screens, and i18next, are not in the first load', () => {
    const first = [...loginScreen()].join(' ');
    expect(first).not.toMatch(/Storage|Quiz|Feedback|Admin|Sync|dexie|schemas|i18next/i);
  });

  it("Beranda does not carry i18next, the sync engine or other screens' code", () => {
    const beranda = [...berandaScreen()].join(' ');
    expect(beranda).not.toMatch(/Catalog|Lesson|Quiz|Storage|engine|scheduler|after-beranda|i18next/i);
  });
});
