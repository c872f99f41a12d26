import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Plugin, UserConfig } from 'vite';
import { textsOfTier } from './src/app/i18n/text-tiers.ts';
import { ENGLISH_TEXTS_PREFIX } from './src/shared/sw-messages.ts';

const isAdminOnlyModule = (id: string): boolean =>
  /[\\/]src[\\/]app[\\/]features[\\/]admin[\\/]|[\\/]node_modules[\\/](chart\.js|@kurkle)[\\/]/.test(id);

/**
 * `locale.json?texts=first|home|rest`: the texts of a locale file that one part of
 * the app shows (src/app/i18n/text-tiers.ts), so the login screen does not carry every
 * screen's texts. Under vitest the first tier is the whole file: unit tests render any screen
 * without its lazy loader (the browser tests run the real split).
 */
function textTiers(): Plugin {
  const QUERY = /\?texts=(first|home|rest)$/;
  return {
    name: 'lentera-text-tiers',
    enforce: 'pre',
    load(id) {
      const match = QUERY.exec(id);
      if (!match) return null;
      const tier = match[1] as 'first' | 'home' | 'rest';
      const file = id.slice(0, match.index);
      this.addWatchFile(file);
      const texts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      const everything = process.env.VITEST !== undefined && tier === 'first';
      return `export default ${JSON.stringify(everything ? texts : textsOfTier(texts, tier))};`;
    },
  };
}

const ENGLISH_TEXTS = resolve(import.meta.dirname, 'src/app/i18n/locales/en.json');
const OUT_DIR = resolve(import.meta.dirname, 'dist');
const ADMIN_APP = 'src/app/features/admin/AdminApp.tsx';

/**
 * The precache holds what a learner can open: the JS and CSS reachable from the app's entry
 * (static and lazy imports) without passing through the admin app. Chunks only admin screens
 * use (their shared protocol code, ~25 KB gzipped) would otherwise ride along in every
 * learner's first visit whatever their file name; `assets/admin/` is ignored as well.
 */
function learnerReachable<Entry extends { url: string }>(entries: Entry[]): { manifest: Entry[] } {
  interface Chunk {
    file: string;
    isEntry?: boolean;
    css?: string[];
    imports?: string[];
    dynamicImports?: string[];
  }
  const chunks = JSON.parse(readFileSync(join(OUT_DIR, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const reachable = new Set<string>();
  const visit = (key: string): void => {
    const chunk = chunks[key];
    if (key === ADMIN_APP || !chunk || reachable.has(chunk.file)) return;
    reachable.add(chunk.file);
    chunk.css?.forEach((css) => reachable.add(css));
    [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])].forEach(visit);
  };
  Object.keys(chunks)
    .filter((key) => chunks[key]!.isEntry)
    .forEach(visit);
  return { manifest: entries.filter(({ url }) => !/\.(js|css)$/.test(url) || reachable.has(url)) };
}

const APP = resolve(import.meta.dirname, 'src/app');
const APP_ENTRY = join(APP, 'main.tsx');
const HOME_CARDS = join(APP, 'features/home/cards.ts');
/** What Beranda shows on first render besides the login screen's code (test/e2e/size.test.ts counts the same). */
const BERANDA_ROOTS = [
  join(APP, 'features/shell/SignedInApp.tsx'),
  join(APP, 'features/sync/SyncStatus.tsx'),
  join(APP, 'i18n/locales/id.json?texts=home'),
];
type ModuleInfoOf = (
  id: string,
) => { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;

/** `roots` and every module they import statically. */
function staticClosure(roots: readonly string[], info: ModuleInfoOf): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    info(id)?.importedIds.forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}

/**
 * What Beranda loads once it has settled (`whenSettled`), whatever the learner does: the sync
 * engine and its transport, the record and assigned courses' pulls, the task reminders
 * (i18next, a library the login screen may load for English, keeps its own chunk).
 */
const AFTER_BERANDA_ROOTS = [
  join(APP, 'sync/scheduler.ts'),
  join(APP, 'sync/transport.ts'),
  join(APP, 'data/record-sync.ts'),
  join(APP, 'data/assignments-sync.ts'),
  join(APP, 'features/cycle/TaskReminders.tsx'),
];

/** Loaded before login, without Beranda: whatever they import must not pull Beranda's chunks in. */
const BEFORE_BERANDA_ROOTS = [join(APP, 'pwa/sw-bridge.ts'), join(APP, 'features/account/FirstPasswordScreen.tsx')];

let chunkPlan: { beforeBeranda: Map<string, string>; beranda: Set<string>; afterBeranda: Set<string> } | undefined;
/**
 * The chunk of a module Beranda loads: `beranda` for what it shows on first render (the shell,
 * the header's sync status, their texts and the cards of `features/home/cards.ts` with what
 * they import), `after-beranda` for what it loads once settled; Dexie has its own.
 * Left to itself, rolldown cut them into ~60 chunks of 0.1–1.5 KB: each one gzipped on its own
 * (one chunk is ≈ 5 KB smaller on the wire for Beranda) and each one a `<link rel=modulepreload>`
 * that Vite's loader adds, which cost more of a slow phone's main thread than the code itself.
 * What the login screen loads lazily keeps a chunk per module, out of reach of these two
 * groups (which take in their dependencies), so it never pulls them in.
 */
function planChunks(info: ModuleInfoOf): NonNullable<typeof chunkPlan> {
  const cards = info(HOME_CARDS)?.dynamicallyImportedIds ?? [];
  const before = staticClosure(BEFORE_BERANDA_ROOTS, info);
  const beranda = staticClosure([...BERANDA_ROOTS, ...cards], info);
  const after = staticClosure(AFTER_BERANDA_ROOTS, info);
  const shared = [...before].filter((module) => beranda.has(module) || after.has(module));
  return {
    beforeBeranda: new Map(shared.map((module) => [module, basename(module).replace(/[.?].*/, '')])),
    beranda: new Set([...beranda].filter((module) => !before.has(module))),
    afterBeranda: new Set(
      [...after].filter(
        (module) => !before.has(module) && !beranda.has(module) && !/[\\/]node_modules[\\/]i18next[\\/]/.test(module),
      ),
    ),
  };
}

const plan = (ctx: { getModuleInfo: ModuleInfoOf }): NonNullable<typeof chunkPlan> =>
  (chunkPlan ??= planChunks((module) => ctx.getModuleInfo(module)));

/** Plans the chunks again for each build (`vite build --watch` rebuilds in one process). */
const freshChunkPlan = (): Plugin => ({
  name: 'lentera-chunk-plan',
  buildStart() {
    chunkPlan = undefined;
  },
});

const apiTarget = process.env.LENTERA_API ?? 'http://localhost:8080';

const SERVER = resolve(import.meta.dirname, 'src/server');
const MIGRATIONS = join(SERVER, 'db/migrations');

/**
 * The SQL migrations beside the built server (`build/server/migrations/`), where
 * `src/server/db/migrate.ts` looks for them relative to its own module, built or not.
 */
function migrationFiles(): Plugin {
  return {
    name: 'lentera-migrations',
    generateBundle() {
      for (const name of readdirSync(MIGRATIONS).filter((file) => file.endsWith('.sql')))
        this.emitFile({ type: 'asset', fileName: `migrations/${name}`, source: readFileSync(join(MIGRATIONS, name)) });
    },
  };
}

/**
 * `vite build --ssr` (the second half of `npm run build`): the server as plain JavaScript in
 * `build/server/`, which `npm run serve` runs with plain Node. Run from its TypeScript source
 * through tsx, a server process held ~50 MiB more (the loader and its transforms) and spent
 * start-up CPU compiling. Outside `dist/` on purpose: `dist/` is served to browsers.
 * Packages stay in node_modules (Vite's SSR build leaves dependencies external); one flat folder,
 * so what a module finds beside itself (`import.meta.url`) is the same for every chunk.
 */
const serverBuild: UserConfig = {
  plugins: [migrationFiles()],
  publicDir: false,
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, 'build/server'),
    emptyOutDir: true,
    target: 'node20',
    // Readable stack traces in the operator's logs.
    minify: false,
    rollupOptions: {
      input: {
        main: join(SERVER, 'main.ts'),
        // Entries of their own, beside the server: src/server/services/worker-jobs.ts starts them
        // as worker threads by name (bundle-check.ts, roster-import/read-table.ts).
        'bundle-check-worker': join(SERVER, 'services/bundle-check-worker.ts'),
        'xlsx-read-worker': join(SERVER, 'services/xlsx-read-worker.ts'),
      },
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
};

const appConfig = defineConfig({
  plugins: [
    textTiers(),
    freshChunkPlan(),
    preact(),
    VitePWA({
      // Decided before launch (an installed app cannot change it later): the learner confirms
      // updates, so a reload never eats a form.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false, // src/app/pwa/sw-bridge.ts registers it
      // The PNG icons (23 KB) are for the browser's install and the home screen, which fetch
      // the one they pick while online; no page shows them, so a first visit does not precache
      // all three. The header's SVG logo is precached: it shows offline.
      includeManifestIcons: false,
      includeAssets: ['icons/icon.svg'],
      // Kill switch: ship a build with `selfDestroying: true` to replace sw.js with one that
      // unregisters itself and drops its caches.
      injectManifest: {
        // The shell only (a precached file over 2 MiB fails the build): course files live in
        // IndexedDB, fetched by the learner's "Unduh".
        // Translations are covered: they are JS chunks (Indonesian in three tiers, English whole).
        globPatterns: ['**/*.{js,css,html}'], // + the manifest and `includeAssets`, which the plugin adds itself
        // Admin screens work online only (their data is the server's): learners' phones do not
        // pay ~70 KB of admin code and charts in the first visit's precache.
        globIgnores: ['assets/admin/**'],
        manifestTransforms: [(entries) => learnerReachable(entries)],
      },
      manifest: {
        name: 'Lentera — Pelatihan ASN',
        short_name: 'Lentera',
        description: 'Pelatihan ASN yang tetap bisa dipelajari tanpa internet.',
        lang: 'id',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0f766e',
        background_color: '#f8fafc',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
    }),
  ],
  build: {
    outDir: OUT_DIR,
    target: 'es2022',
    // Every browser that runs the app (es2022) preloads modules itself or loads them when
    // imported; the polyfill was 0.6 KB gzipped on the login screen.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // dist/.vite/manifest.json maps every chunk to its imports; the size budget test reads it.
    manifest: true,
    rollupOptions: {
      output: {
        // Chunks made only of admin code (and chart.js, which only admin screens use) go to
        // assets/admin/, which the service worker does not precache.
        // The English texts get a name the service worker recognises (ENGLISH_TEXTS_PREFIX).
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every(isAdminOnlyModule)
            ? 'assets/admin/[name]-[hash].js'
            : chunk.facadeModuleId === ENGLISH_TEXTS
              ? `${ENGLISH_TEXTS_PREFIX}[hash].js`
              : 'assets/[name]-[hash].js',
        codeSplitting: {
          groups: [
            // Dexie changes less often than the app: its own chunk stays cached across updates.
            { name: 'dexie', test: /[\\/]node_modules[\\/]dexie[\\/]/, priority: 5 },
            // The login screen's modules in one chunk (rolldown split out every module a lazy
            // screen shares with it: ~20 small chunks that gzip ≈ 4 KB worse than one). The entry
            // module stays out: index.html needs an entry chunk of its own (and the manifest an
            // `isEntry`, which the precache and the size test start from).
            { name: 'first', tags: ['$initial'], test: (id) => id !== APP_ENTRY && !id.endsWith('.html'), priority: 4 },
            { debugName: 'before-beranda', name: (id, ctx) => plan(ctx).beforeBeranda.get(id) ?? null, priority: 3 },
            { debugName: 'beranda', name: (id, ctx) => (plan(ctx).beranda.has(id) ? 'beranda' : null), priority: 2 },
            {
              debugName: 'after-beranda',
              name: (id, ctx) => (plan(ctx).afterBeranda.has(id) ? 'after-beranda' : null),
              priority: 1,
            },
          ],
        },
      },
    },
  },
  // `vite` (dev) proxies the API to a running `npm run serve`; the built app is served by the server itself.
  server: { proxy: { '/api': apiTarget } },
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Two projects, one run. vitest isolates each test file in a fresh process by default: for a
    // server file that is ~0.8 s of a core (start the worker, import the server again) before its
    // first test — more than most files' tests. Server, CLI and shared tests leave no state behind
    // (each opens its own database, folder and server; the password cost is set by the harness),
    // so their files share a worker and its imports: that half of the suite fell from 210 to 96
    // CPU-seconds. The client tests stay isolated: they mock modules, stub globals, render into
    // jsdom and keep IndexedDB (fake-indexeddb) per file.
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/{server,cli,shared}/**/*.test.ts', 'test/*.test.ts'],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'app', include: ['test/app/**/*.test.{ts,tsx}'] } },
    ],
    // zustand imports `react`; inlining lets the preset's react → preact/compat alias apply under vitest.
    server: { deps: { inline: ['zustand'] } },
    // Every server test file starts from databases built once here (PGlite data directories,
    // migrated): loading one is a fraction of a second where initdb + migrations took seconds.
    globalSetup: ['test/server/template-db.ts'],
    setupFiles: ['test/app/dom-setup.ts'],
    // vitest's default is one worker fewer than the cores: on a 2-core machine, one file at a time.
    // Test files mostly wait on WebAssembly (PGlite) or timers, so one per core keeps both busy.
    maxWorkers: availableParallelism(),
    // The slowest hook left is a server file's beforeAll: load the migrated dump, seed, maybe
    // publish a course — about 1 s of a core. Measured on this 2-core machine with seven other
    // suites beside it (load average 25): a process got a twelfth of a core, and 20 s/30 s limits
    // failed tests with nothing wrong. 60 s lets a hook or test run ~50× slower than on a quiet
    // machine and still pass, while one that really hangs fails in a minute.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CI adds a JSON report so .ci/run can print one closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'build/test-results/unit.json' }]] : ['default'],
  },
});

export default defineConfig(({ isSsrBuild }) => (isSsrBuild ? serverBuild : appConfig));
