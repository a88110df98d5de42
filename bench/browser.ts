/**
 * Browser figures on the built app in headless Chromium (SwiftShader: compare, don't quote):
 * time to the first map on the sample, and from a compromise click to the frame that shows
 * the result. Run: `npx vite build && npx tsx bench/browser.ts`.
 */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';

const PORT = Number(process.env.BENCH_PORT ?? 4180);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((r) => setTimeout(r, 2500));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const t0 = Date.now();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForFunction(
      () => (window as unknown as { __ripplemap?: { ready: boolean } }).__ripplemap?.ready,
    );
    const firstMap = Date.now() - t0;
    await page.locator('input[type=search]').fill('Luxembourg substation');
    await page.keyboard.press('Enter');
    const clicks: number[] = [];
    for (let k = 0; k < 7; k++) {
      clicks.push(
        await page.evaluate(async () => {
          const button = document.querySelector(
            '[data-testid=toggle-compromised]',
          ) as HTMLButtonElement;
          const start = performance.now();
          button.click();
          await new Promise((r) => setTimeout(r, 0));
          (window as unknown as { __sync: number[] }).__sync ??= [];
          (window as unknown as { __sync: number[] }).__sync.push(performance.now() - start);
          // Two frames: the state change is drawn in the first frame after the click.
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        }),
      );
    }
    // Baseline: the same two frames with nothing changed (a repaint forced by a 1 px pan).
    const idle: number[] = [];
    for (let k = 0; k < 7; k++) {
      idle.push(
        await page.evaluate(async () => {
          const start = performance.now();
          window.dispatchEvent(new Event('resize'));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - start;
        }),
      );
    }
    console.log(`first map on the sample (load + style + layers): ${firstMap} ms`);
    console.log(
      `two frames with nothing changed (baseline), median: ${median(idle).toFixed(0)} ms`,
    );
    console.log(
      `compromise click to drawn result, median of ${clicks.length}: ${median(clicks).toFixed(0)} ms`,
    );
    console.log(`  all: ${clicks.map((c) => c.toFixed(0)).join(', ')} ms`);
    const sync = await page.evaluate(() => (window as unknown as { __sync: number[] }).__sync);
    console.log(
      `  of which state, cascade and layer props (before any frame), median: ${median(sync).toFixed(0)} ms`,
    );
    console.log(`  ratio to the baseline: ${(median(clicks) / median(idle)).toFixed(2)}x`);
  } finally {
    await browser.close();
    server.kill();
  }
}

void main();
