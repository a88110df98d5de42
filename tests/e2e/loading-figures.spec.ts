/**
 * Load figures for docs/performance.md ("Loading"), not a test: skipped unless asked for.
 *
 *   RIPPLEMAP_LOAD_FIGURES=1 npx playwright test tests/e2e/loading-figures.spec.ts
 *
 * (or RIPPLEMAP_LOAD_FIGURES=100 for the 100 MB case alone; 200 for the 200 MB one, 730,000
 * facilities, which `1` leaves out). Without the variable it holds no test at all.
 *
 * Generates 10, 100 and 200 MB GeoJSON inventories in the page (seeded), drops each on a page
 * whose current inventory is tiny (so the map's own redraws do not pollute the figures), and
 * prints: time from drop to loaded (between the loader's User Timing marks), the longest
 * main-thread task during the load (PerformanceObserver 'longtask'), the first task after it
 * (the app taking the inventory in), the peak memory of the renderer processes, and the time
 * to the first frame drawn. Never a timed assertion: figures are printed, compared by eye.
 */
import { execSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from '@playwright/test';
import { hook, openApp } from './app.ts';
import { dropGenerated, generateInPage, watchLongTasks } from './load-helpers.ts';

test.use({ viewport: { width: 1000, height: 600 } });

/** Resident memory of Chromium's renderer processes together, in MB (Linux `ps`). */
function rendererMegabytes(): number {
  try {
    const out = execSync('ps -C chromium -o rss=,args=', { encoding: 'utf8' });
    const kb = out
      .split('\n')
      .filter((line) => line.includes('--type=renderer'))
      .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0]), 0);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

/** RIPPLEMAP_LOAD_FIGURES=1 runs every size; a list ("100" or "10,100") only those. */
const SIZES = process.env.RIPPLEMAP_LOAD_FIGURES?.split(',').map(Number) ?? [];
const CASES = (
  [
    [10, 0],
    [10, 0.1],
    [100, 0],
    [200, 0],
  ] as const
).filter(([megabytes]) => SIZES.includes(megabytes) || (SIZES.includes(1) && megabytes <= 100));

for (const [megabytes, withoutCountry] of CASES) {
  const label = `${megabytes} MB${withoutCountry ? `, ${withoutCountry * 100}% without country` : ''}`;
  test(`load figures: ${label}`, async ({ page }, info) => {
    test.setTimeout(30 * 60_000);
    await openApp(page);
    await page.setInputFiles(
      '[data-testid=file-input]',
      join(import.meta.dirname, '..', 'fixtures', 'e2e', 'facilities.csv'),
    );
    await page.waitForFunction(
      () => window.__ripplemap.facilities === 5 && window.__ripplemap.ready,
    );
    await page.getByLabel('Show dependency arcs').uncheck();
    await page.waitForTimeout(2000);
    const generated = await generateInPage(page, {
      megabytes,
      withoutCountry,
      name: `generated-${megabytes}mb.geojson`,
    });
    await watchLongTasks(page);
    let peak = rendererMegabytes();
    const sampler = setInterval(() => (peak = Math.max(peak, rendererMegabytes())), 250);
    const marks = await page.evaluate(
      () => performance.getEntriesByName('ripplemap:load-end').length,
    );
    const t0 = Date.now();
    await dropGenerated(page);
    await page.waitForFunction(
      (n) => performance.getEntriesByName('ripplemap:load-end').length > n,
      marks,
      { timeout: 20 * 60_000, polling: 250 },
    );
    await page.waitForFunction(() => window.__ripplemap.ready, null, { timeout: 20 * 60_000 });
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
    );
    const firstFrameMs = Date.now() - t0;
    clearInterval(sampler);
    const figures = await page.evaluate(() => {
      const start = performance.getEntriesByName('ripplemap:load-start').at(-1)!.startTime;
      const end = performance.getEntriesByName('ripplemap:load-end').at(-1)!.startTime;
      const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] })
        .__longTasks;
      const during = tasks.filter((t) => t.start >= start && t.start < end);
      const after = tasks.filter((t) => t.start >= end);
      return {
        loadMs: Math.round(end - start),
        longestTaskDuringLoadMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
        longTasksDuringLoad: during.length,
        firstTaskAfterLoadMs: Math.round(after[0]?.duration ?? 0),
        longestTaskAfterLoadMs: Math.round(Math.max(0, ...after.map((t) => t.duration))),
      };
    });
    await page.getByRole('tab', { name: /Report/ }).click();
    const phases = await page.getByTestId('load-figures').getAttribute('title');
    const result = {
      file: `${label} (${generated.bytes.toLocaleString('en')} bytes)`,
      facilities: await hook(page, (h) => h.facilities),
      dependencies: await hook(page, (h) => h.dependencies),
      ...figures,
      firstFrameMs,
      peakRendererMB: peak,
      workerPhases: phases,
    };
    console.log(`load figures ${JSON.stringify(result)}`);
    info.annotations.push({ type: 'load-figures', description: JSON.stringify(result) });
  });
}
