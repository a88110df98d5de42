/**
 * "Browser tests fail, not skip, without a browser": playwright.config.ts throws when Chromium
 * is not where it is looked for, so `npm test` (and CI's .ci/run) ends in an error. This runs
 * the real config through Playwright's own `--list` (which loads the config but starts no
 * browser and no server) with a missing and with a present executable.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function listTests(chromium: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      join(ROOT, 'node_modules', '.bin', 'playwright'),
      ['test', '--list', 'tests/e2e/viewer.spec.ts'],
      { cwd: ROOT, env: { ...process.env, RIPPLEMAP_CHROMIUM: chromium } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      },
    );
  });
}

describe('playwright.config.ts', () => {
  it('fails with a clear message when Chromium is missing', async () => {
    const missing = join(ROOT, 'no-such-dir', 'chromium');
    const { code, output } = await listTests(missing);
    expect(code).not.toBe(0);
    expect(output).toContain(`Browser tests need Chromium at ${missing}`);
  });

  it('lists the browser tests when the executable exists', async () => {
    // Any existing file passes the check; --list never starts it.
    const { code, output } = await listTests(process.execPath);
    expect(code).toBe(0);
    expect(output).not.toContain('Browser tests need Chromium');
    expect(output).toContain('viewer.spec.ts');
  });
});
