/**
 * `npx tsx bench/profile-click.ts`: where a compromise click's own work goes (issue #15's
 * 20 ms goal). Opens the built app (dist/, served by `vite preview`) on the sample, selects the
 * Aubange substation, and records a CPU profile over eight compromise clicks (toggled on and
 * off); prints the self time by function, heaviest first. Not a timed check: a reading.
 */
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';

const PORT = 4311;
const dist = process.env.RIPPLEMAP_DIST ?? 'dist';
const server = spawn(
  'npx',
  ['vite', 'preview', '--outDir', dist, '--port', String(PORT), '--strictPort'],
  {
    stdio: 'ignore',
  },
);
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForFunction(() => window.__ripplemap?.ready === true, null, { timeout: 300_000 });
  await page.getByLabel('Show dependency arcs').uncheck();
  await page.locator('input[type=search]').fill('Aubange');
  await page.locator('input[type=search]').press('Enter');
  await page.waitForSelector('[data-testid=toggle-compromised]');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const sync: number[] = [];
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let k = 0; k < 8; k++) {
    // Only the clicks that compromise (every other one) are profiled: un-marking is cheap.
    if (k % 2 === 0) await cdp.send('Profiler.start');
    sync.push(
      await page.evaluate(async () => {
        const button = document.querySelector(
          '[data-testid=toggle-compromised]',
        ) as HTMLButtonElement;
        const start = performance.now();
        button.click();
        for (let i = 0; i < 3; i++) await new Promise<void>((r) => queueMicrotask(r));
        return performance.now() - start;
      }),
    );
    if (k % 2 === 0) {
      const { profile } = await cdp.send('Profiler.stop');
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const name = (id: number) => {
        const f = byId.get(id)!.callFrame;
        return `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      };
      profile.samples!.forEach((id, i) => {
        const ms = (profile.timeDeltas![i] ?? 0) / 1000;
        self.set(name(id), (self.get(name(id)) ?? 0) + ms);
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const key = name(at);
          if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + ms);
          seen.add(key);
        }
      });
    }
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
    );
  }
  console.log(`click own work (ms): ${sync.map((s) => s.toFixed(1)).join(', ')}`);
  console.log('\nself time over the four compromising clicks:');
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
  }
  console.log('\ninclusive time:');
  for (const [key, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
  }
} finally {
  await browser.close();
  server.kill();
}
