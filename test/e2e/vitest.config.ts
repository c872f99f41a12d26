import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Journeys against the real server (most in real Chromium; the built app and server: run after
 * `npm run bundle && npm run build`), and tests that start it as a process.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    // Each file starts a server and a browser; in parallel they would only compete for the CPU.
    fileParallelism: false,
    testTimeout: 90_000,
    // beforeAll starts a server (see SERVER_START_TIMEOUT_MS in harness.ts) and a browser.
    hookTimeout: 180_000,
    // CI adds a JSON report so .ci/run can print one closing "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'build/test-results/e2e.json' }]] : ['default'],
  },
});
