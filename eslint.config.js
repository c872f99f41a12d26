// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * The README's layer table ("Architecture"), one zone per row: files under `target` may not
 * import anything under `from`. Packages are named by their folder in node_modules, so a
 * dynamic `import()` is caught too. `test/eslint-config.test.ts` shows a violation of each kind fails.
 */
const SERVER_ONLY = ['./src/server', './src/cli', './node_modules/hono', './node_modules/@hono', './node_modules/pg'];
const PGLITE = './node_modules/@electric-sql';
const UI = [
  './node_modules/preact',
  './node_modules/zustand',
  './node_modules/i18next',
  './node_modules/workbox-window',
];
const APP_UI = ['components', 'features', 'hooks', 'stores', 'i18n', 'pwa', 'App.tsx', 'main.tsx'].map(
  (path) => `./src/app/${path}`,
);

export const layerZones = [
  {
    target: './src/shared',
    from: ['./src/app', './src/sw', ...SERVER_ONLY, PGLITE, ...UI, './node_modules/dexie'],
    message: 'src/shared is the contract: it runs in the browser and on Node and imports nothing app-specific.',
  },
  {
    target: './src/app/data',
    from: [...APP_UI, './src/app/sync', ...UI],
    message: 'The data layer imports `shared` only: no UI, no sync.',
  },
  {
    target: './src/app/sync',
    from: [...APP_UI, ...UI],
    message: 'The sync engine imports `shared` and `app/data` only: no UI.',
  },
  {
    target: './src/app',
    from: ['./src/sw', ...SERVER_ONLY, PGLITE],
    message: 'The phone never imports the server, the CLI or the service worker.',
  },
  {
    target: './src/sw',
    from: ['./src/app', ...SERVER_ONLY, PGLITE, ...UI, './node_modules/dexie'],
    message: 'The service worker is its own program: `shared` and workbox only.',
  },
  {
    target: './src/server',
    from: ['./src/app', './src/sw', './src/cli', ...UI, './node_modules/dexie'],
    message: 'The server imports `shared` only, never client or authoring code.',
  },
  {
    target: './src/cli',
    from: ['./src/app', './src/sw', './src/server', ...UI, './node_modules/dexie'],
    message: 'The authoring CLI imports `shared` only.',
  },
  {
    // Admin code is a lazy chunk learners never download: nothing outside it may import it…
    target: ['./src/app/!(features)/**', './src/app/*.tsx', './src/app/features/!(admin|shell)/**'],
    from: './src/app/features/admin',
    message: 'Learner code never imports `features/admin` (a lazy chunk only admins download).',
  },
  {
    // …except the shell, through the gate that loads it lazily for admins.
    target: './src/app/features/shell',
    from: './src/app/features/admin',
    except: ['./AdminGate.tsx'],
    message: 'The shell reaches the admin screens only through `features/admin/AdminGate` (lazy).',
  },
];

export default defineConfig(
  { ignores: ['dist/', 'build/', 'data/', 'coverage/', 'node_modules/', 'test/fixtures/broken-bundles/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js}'],
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      // Which files import-x reads to follow imports (for cycles): ours are TypeScript.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      // Packages are not searched for cycles: only ours can be fixed (and pglite's bundle is huge).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
      'react-hooks/rules-of-hooks': 'error',
      // Our hooks that take a query and its deps are checked like useEffect.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^(useLiveQuery|useRemote)$' }],
      // Unused code is the compiler's job (noUnusedLocals/noUnusedParameters); `_name` marks a
      // value left out on purpose (a destructured field dropped from a copy).
      '@typescript-eslint/no-unused-vars': 'off',
      // Finding control characters in names and markup is how hostile input is refused here.
      'no-control-regex': 'off',
      // Prettier wraps code at 120 but leaves comments, strings and test names as long as they
      // are written. An import, a URL or a regular expression reads worse split, so they may run on.
      'max-len': [
        'error',
        {
          code: 120,
          tabWidth: 2,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: String.raw`^\s*(import|export) .* from '[^']+';$`,
        },
      ],
    },
  },
  {
    // Node builtins are reachable only from the server, the CLI and the tools around them.
    files: ['src/shared/**', 'src/app/**', 'src/sw/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'Browser code cannot use Node builtins.' }] },
      ],
    },
  },
  {
    // The login screen's and Beranda's byte budgets (test/e2e/size.test.ts): `zustand`'s React
    // entry and `preact/compat` bring ~4 KB of compat the app does not need.
    files: ['src/app/**'],
    ignores: ['src/app/stores/create.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Browser code cannot use Node builtins.' },
            { group: ['preact/compat', 'react', 'react-dom'], message: 'Use preact and src/app/components/lazy.ts.' },
            { regex: '^zustand$', message: 'Use `create` from src/app/stores/create.ts (no preact/compat).' },
          ],
        },
      ],
    },
  },
);
