import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Size budgets of the built learner app, in gzipped bytes. A learner on a slow, paid
 * mobile link downloads the first load before seeing anything; the rest arrives after login.
 */
const FIRST_LOAD_BUDGET = 60 * 1024;
const SIGNED_IN_BUDGET = 130 * 1024;

const dist = resolve(import.meta.dirname, '../../dist');
interface Chunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
  src?: string;
}
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

const gzipped = (file: string): number => gzipSync(readFileSync(join(dist, file)), { level: 9 }).byteLength;

/** The files a browser fetches to run `key`: the chunk, its static imports (modulepreloaded) and their CSS. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  chunk.css?.forEach((css) => seen.add(css));
  chunk.imports?.forEach((imported) => closure(imported, seen));
  return seen;
}

const sum = (files: Set<string>): number => [...files].reduce((total, file) => total + gzipped(file), 0);
const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry && key.endsWith('index.html'))!;

describe('bundle size budget', () => {
  it(`the first load (login screen) stays under ${FIRST_LOAD_BUDGET / 1024} KB gzipped`, () => {
    const size = sum(closure(entryKey));
    console.log(`first load: ${(size / 1024).toFixed(1)} KB gzipped`);
    expect(size).toBeLessThan(FIRST_LOAD_BUDGET);
  });

  it(`the first signed-in screen (catalog + database + sync) stays under ${SIGNED_IN_BUDGET / 1024} KB gzipped`, () => {
    const signedIn = Object.keys(manifest).find((key) => key.endsWith('SignedInApp.tsx'))!;
    const size = sum(closure(signedIn, closure(entryKey)));
    console.log(`first signed-in screen: ${(size / 1024).toFixed(1)} KB gzipped`);
    expect(size).toBeLessThan(SIGNED_IN_BUDGET);
  });

  it('admin and rarely used screens are not in the first load', () => {
    const first = [...closure(entryKey)].join(' ');
    expect(first).not.toMatch(/Storage|Quiz|Feedback|Admin|Sync|dexie/i);
  });
});
