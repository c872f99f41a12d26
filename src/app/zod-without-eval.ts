import { config } from 'zod/v4/core';

/**
 * The app's CSP has no `unsafe-eval`. zod builds fast parsers with `new Function` when eval is
 * allowed, and finds out by trying — which the browser reports as a CSP violation. Turned off
 * before any schema exists: `main.tsx` imports this module first.
 */
config({ jitless: true });
