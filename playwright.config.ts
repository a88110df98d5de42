/**
 * End-to-end tests in a real Chromium: Debian's /usr/bin/chromium driven by Playwright, WebGL
 * through SwiftShader on the CPU (slow: keep the tests few and share one page per file).
 * Missing browser = a failing run with a clear message, never a silent skip.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium.ts';

const chromium = CHROMIUM_PATH;
if (!existsSync(chromium)) {
  throw new Error(
    `Browser tests need Chromium at ${chromium} (apt-get install -y chromium, or set RIPPLEMAP_CHROMIUM).`,
  );
}

// Overridable so two runs (a developer's and CI's) can share a machine.
const port = Number(process.env.RIPPLEMAP_E2E_PORT ?? 4173);
const dist = process.env.RIPPLEMAP_DIST ?? 'dist';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Load figures are a measurement, not a check: run on demand (docs/performance.md).
  testIgnore: process.env.RIPPLEMAP_LOAD_FIGURES ? [] : ['**/loading-figures.spec.ts'],
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two files at a time: the machine has two cores, and much of a test is waiting on a frame.
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    // MapLibre jumps instead of flying: faster under SwiftShader, and what some users ask for.
    contextOptions: { reducedMotion: 'reduce' },
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort --outDir ${dist}`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
