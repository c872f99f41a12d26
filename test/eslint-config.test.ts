import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run lint` enforces the README's layers and forbids import cycles. These cases show
 * each rule really fails on a violation (and lets the allowed imports through), by linting
 * snippets as if they were files at the given paths.
 */
const root = join(import.meta.dirname, '..');
// `ignore: false`: the cycle fixture lives under build/, which the repository's lint skips.
const eslint = new ESLint({ cwd: root, ignore: false });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
}

const VIOLATIONS: [file: string, code: string, rule: string][] = [
  ['src/shared/x.ts', "import '../app/data/db';", 'no-restricted-paths'],
  ['src/shared/x.ts', "import 'preact';", 'no-restricted-paths'],
  ['src/shared/x.ts', "import 'node:fs';", 'no-restricted-imports'],
  ['src/app/data/x.ts', "import '../stores/session';", 'no-restricted-paths'],
  ['src/app/data/x.ts', "import '../sync/engine';", 'no-restricted-paths'],
  ['src/app/data/x.ts', "import 'preact/hooks';", 'no-restricted-paths'],
  ['src/app/sync/x.ts', "import '../components/ErrorNotice';", 'no-restricted-paths'],
  ['src/app/sync/x.ts', "import '../stores/session';", 'no-restricted-paths'],
  ['src/app/features/home/x.ts', "import { create } from 'zustand';", 'no-restricted-imports'],
  ['src/app/stores/x.ts', "import '../../server/app';", 'no-restricted-paths'],
  ['src/app/stores/x.ts', "import 'hono';", 'no-restricted-paths'],
  ['src/sw/x.ts', "import '../app/data/db';", 'no-restricted-paths'],
  ['src/server/x.ts', "import '../app/data/errors';", 'no-restricted-paths'],
  ['src/cli/x.ts', "import '../server/app';", 'no-restricted-paths'],
  ['src/app/features/catalog/x.ts', "import '../admin/api';", 'no-restricted-paths'],
  ['src/app/features/catalog/x.ts', "export const load = () => import('../admin/AdminApp');", 'no-restricted-paths'],
  ['src/app/components/x.ts', "import '../features/admin/AdminGate';", 'no-restricted-paths'],
  ['src/app/features/shell/x.ts', "import '../admin/api';", 'no-restricted-paths'],
];

const ALLOWED: [file: string, code: string][] = [
  ['src/app/features/shell/x.ts', "import '../admin/AdminGate';"],
  ['src/app/features/admin/x.ts', "import '../../components/ErrorNotice';"],
  ['src/app/sync/x.ts', "import '../data/db';"],
  ['src/app/data/x.ts', "import 'dexie';"],
  ['src/server/x.ts', "import '../shared/protocol';"],
  ['src/cli/x.ts', "import 'node:fs';"],
];

describe('lint: the layers of the README', () => {
  it.each(VIOLATIONS)('%s may not %s', async (file, code, rule) => {
    expect(await problems(file, code)).toEqual([expect.stringContaining(rule)]);
  });

  it.each(ALLOWED)('%s may %s', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});

describe('lint: import cycles', () => {
  const dir = join(root, 'build', `lint-cycle-${crypto.randomUUID()}`);
  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    await writeFile(join(dir, 'b.ts'), "import { a } from './a';\nexport const b = () => a;\n");
    await writeFile(join(dir, 'c.ts'), "import type { D } from './d';\nexport interface C { d?: D }\n");
    await writeFile(join(dir, 'd.ts'), "import type { C } from './c';\nexport interface D { c?: C }\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are errors', async () => {
    const [result] = await eslint.lintFiles([join(dir, 'a.ts')]);
    expect(result?.messages.map((message) => message.ruleId)).toEqual(['import-x/no-cycle']);
  });

  it('except between type-only imports, which vanish at build time', async () => {
    const [result] = await eslint.lintFiles([join(dir, 'c.ts')]);
    expect(result?.messages).toEqual([]);
  });
});

describe('lint: line length', () => {
  it('refuses a line past 120 characters, but lets a long URL or regular expression run on', async () => {
    expect(await problems('src/shared/x.ts', `// ${'a few words '.repeat(12)}`)).toEqual([
      expect.stringContaining('max-len'),
    ]);
    expect(await problems('src/shared/x.ts', `// https://example.org/${'a'.repeat(120)}`)).toEqual([]);
    expect(await problems('src/shared/x.ts', `export const pattern = /^${'a'.repeat(120)}$/;`)).toEqual([]);
  });
});
