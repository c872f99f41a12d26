/**
 * The app's CSP has no `unsafe-eval`. zod builds fast parsers with `new Function` when eval is
 * allowed, and finds out by trying — which the browser reports as a CSP violation. Turned off
 * before any schema exists: `main.tsx` imports this module first.
 *
 * Set through the global object zod reads its configuration from (`zod/v4/core/core.js` keeps
 * `globalConfig` on `globalThis.__zod_globalConfig` so several copies of zod share it), not
 * through `config()`: importing zod here would put ~4 KB of it on the login screen, which
 * never validates anything.
 */
declare global {
  var __zod_globalConfig: { jitless?: boolean } | undefined;
}

globalThis.__zod_globalConfig = { ...globalThis.__zod_globalConfig, jitless: true };

export {};
