/**
 * Browser figures for docs/performance.md ("Browser"), each comparison in ONE headless Chromium
 * run (SwiftShader renders on the CPU: compare ratios from the same run, never quote absolute
 * frame times). Not a test: it prints figures and ratios.
 *
 *   npx vite build --outDir /tmp/perf-dist
 *   npx vite build --config bench/pages/vite.config.ts      # fixture pages, apart from the app
 *   RIPPLEMAP_DIST=/tmp/perf-dist npx tsx bench/browser.ts [first|frames|all]
 *
 * first:  first map of the default inventory vs a bare maplibre page with the same basemap
 *         (alternating, RUNS each); the JavaScript the app's first load fetches (gzip sizes);
 *         compromise click -> drawn result on the default inventory.
 * frames: 100k facilities + 300k dependencies (bench/generate.ts, seeded): median frame time
 *         while panning and zooming, the app vs a bare deck.gl page drawing the same file
 *         (bench/pages/deck.ts); then a compromise click at that size.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/chromium.ts';
import { prepareInventory } from '../src/cli/prepare-inventory.ts';
import { representativePoint } from '../src/core/representative-point.ts';
import type { Facility, Inventory } from '../src/core/types.ts';
import { boundsOf } from '../src/state/bounds.ts';
import { generateInventory } from './generate.ts';
import { serve, type BenchServer } from './serve.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4210);
const DIST = resolve(process.env.RIPPLEMAP_DIST ?? '/tmp/perf-dist');
const PAGES = resolve(process.env.BENCH_PAGES_OUT ?? '/tmp/ripplemap-bench-pages');
const GEN = resolve(process.env.BENCH_GEN ?? '/tmp/ripplemap-bench-gen');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** An earlier build to compare with in the same run (served at /before/). */
const BEFORE = process.env.RIPPLEMAP_DIST_BEFORE ? resolve(process.env.RIPPLEMAP_DIST_BEFORE) : '';
const ORIGIN = `http://127.0.0.1:${PORT}`;
const VIEWPORT = { width: 1440, height: 900 };
/** Frames at 100k are slow on the CPU: a smaller page (the map is 420 x 648 px in both). */
const FRAME_VIEWPORT = { width: 1100, height: 700 };
/** The middle of the map: the app's map sits between 300 and 380 px panels, under 52 px. */
const mapCentre = (v: { width: number; height: number }) => ({
  x: 300 + (v.width - 680) / 2,
  y: 52 + (v.height - 52) / 2,
});

/** Progress on stderr, so a long run shows where it is. */
const progress = (what: string) =>
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

type Hook = { ready: boolean };
type Bench = { ready: boolean };

async function newPage(browser: Browser, viewport = VIEWPORT): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  (page error: ${e.message})`));
  return page;
}

/** In the page: ms from navigation start to two frames after the page's ready flag. */
async function firstMap(page: Page, url: string, flag: 'app' | 'bench', timeout = 300_000) {
  await page.goto(url);
  if (flag === 'app')
    await page.waitForFunction(
      () => (window as unknown as { __ripplemap?: Hook }).__ripplemap?.ready,
      null,
      { timeout, polling: 50 },
    );
  else
    await page.waitForFunction(
      () => (window as unknown as { __bench?: Bench }).__bench?.ready,
      null,
      { timeout, polling: 50 },
    );
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now();
  });
}

/** Two frames after whatever the last input scheduled: the frame that draws it, presented. */
function twoFrames(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const start = performance.now();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  });
}

/**
 * The same programmatic pans (mouse drags) and zooms (wheel) on any page, timing the frames
 * each input causes. The fixture pages put their map where the app has it, at the same size.
 */
async function panAndZoom(page: Page, steps: number): Promise<number[]> {
  const frames: number[] = [];
  const { x, y } = mapCentre(page.viewportSize()!);
  await page.mouse.move(x, y);
  await twoFrames(page);
  for (let k = 0; k < steps; k++) {
    if (k % 3 === 2) {
      await page.mouse.wheel(0, k % 2 ? 120 : -120);
    } else {
      const dx = (k % 2 ? -1 : 1) * 40;
      await page.mouse.down();
      await page.mouse.move(x + dx, y + 10, { steps: 1 });
      await page.mouse.up();
    }
    frames.push(await twoFrames(page));
  }
  return frames;
}

/** Clicks the details panel's compromise button `times` times; sync part and to drawn. */
async function compromiseClicks(page: Page, times: number) {
  const out: { sync: number; drawn: number }[] = [];
  for (let k = 0; k < times; k++) {
    out.push(
      await page.evaluate(async () => {
        const button = document.querySelector(
          '[data-testid=toggle-compromised]',
        ) as HTMLButtonElement;
        const start = performance.now();
        button.click();
        // The app's own work ends with Svelte's effect flush, a microtask queued by the click
        // (a setTimeout here would often run after the next frame and count it too).
        for (let k = 0; k < 3; k++) await new Promise<void>((r) => queueMicrotask(r));
        const sync = performance.now() - start;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { sync, drawn: performance.now() - start };
      }),
    );
  }
  return out;
}

async function search(page: Page, text: string) {
  // No actionability waits: at 100k a frame takes long enough on the CPU to time them out.
  await page.locator('input[type=search]').fill(text, { force: true, timeout: 600_000 });
  await page.locator('input[type=search]').press('Enter', { timeout: 600_000 });
  await page.waitForSelector('[data-testid=toggle-compromised]', { timeout: 600_000 });
  await twoFrames(page);
}

/** The sample's first view, framed as the app frames it (src/state/bounds.ts). */
function defaultBounds(): [number, number, number, number] {
  const collection = JSON.parse(readFileSync(join(ROOT, 'data', 'europe.geojson'), 'utf8')) as {
    features: { geometry: Facility['geometry'] | null }[];
  };
  const facilities = collection.features.flatMap((f) =>
    f.geometry ? [{ geometry: f.geometry } as Facility] : [],
  );
  return boundsOf({ facilities } as Inventory);
}

/** JavaScript fetched since the last reset: per file raw and gzip bytes (level 9). */
function javascriptServed(server: BenchServer) {
  const seen = new Set<string>();
  const files: { path: string; raw: number; gzip: number }[] = [];
  for (const { path, file } of server.served) {
    if (!/\.m?js$/.test(path) || seen.has(path)) continue;
    seen.add(path);
    const bytes = readFileSync(file);
    files.push({ path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return files.sort((a, b) => b.gzip - a.gzip);
}

/**
 * The default inventory as the bare deck.gl page reads it (points, then dependencies as
 * features with `from` and `to`), from the same prepared form the app opens on.
 */
async function sampleForDeckPage(): Promise<string> {
  const { facilities, dependencies } = await prepareInventory(join(ROOT, 'data', 'europe.geojson'));
  const features = [
    ...facilities.map((f) => ({
      type: 'Feature',
      properties: { id: f.id, sector: f.sector },
      geometry: { type: 'Point', coordinates: representativePoint(f.geometry) },
    })),
    ...dependencies.from.map((from, k) => ({
      type: 'Feature',
      properties: { from: facilities[from]!.id, to: facilities[dependencies.to[k]!]!.id },
      geometry: null,
    })),
  ];
  mkdirSync(GEN, { recursive: true });
  writeFileSync(
    join(GEN, 'sample-flat.geojson'),
    JSON.stringify({ type: 'FeatureCollection', features }),
  );
  return '/gen/sample-flat.geojson';
}

async function benchFirst(browser: Browser, server: BenchServer) {
  const bounds = defaultBounds().join(',');
  // The app (and, given RIPPLEMAP_DIST_BEFORE, an earlier build of it) against bare maplibre;
  // bare deck.gl drawing the same inventory shows what deck.gl's first draw costs by itself.
  const pages: Record<string, { url: string; flag: 'app' | 'bench' }> = {
    app: { url: `${ORIGIN}/`, flag: 'app' },
    bare: { url: `${ORIGIN}/bench/maplibre.html?bounds=${bounds}`, flag: 'bench' },
    deck: { url: `${ORIGIN}/bench/deck.html?data=${await sampleForDeckPage()}`, flag: 'bench' },
    native: { url: `${ORIGIN}/bench/native.html?data=${await sampleForDeckPage()}`, flag: 'bench' },
  };
  if (BEFORE) pages.before = { url: `${ORIGIN}/before/`, flag: 'app' };
  const names = Object.keys(pages);
  const times: Record<string, number[]> = {};
  const js: Record<string, ReturnType<typeof javascriptServed>> = {};
  for (let run = 0; run < RUNS; run++) {
    // Rotate the order, so drifting load from other jobs hits every page alike.
    const order = names.map((_, k) => names[(k + run) % names.length]!);
    for (const which of order) {
      const page = await newPage(browser);
      progress(`first map: ${which}, run ${run + 1}`);
      server.reset();
      (times[which] ??= []).push(await firstMap(page, pages[which]!.url, pages[which]!.flag));
      await page.waitForTimeout(1500); // workers started by the first map, if any
      js[which] = javascriptServed(server);
      await page.context().close();
    }
  }
  const bare = median(times.bare!);
  console.log('\n## First map of the default inventory (data/europe.geojson)');
  for (const which of names)
    console.log(
      `${which.padEnd(7)} navigation -> two frames after ready: ${times[which]!.map(ms).join(', ')}; median ${ms(median(times[which]!))}, ${ratio(median(times[which]!), bare)} bare maplibre`,
    );
  console.log(
    '(goal: app <= 1.2x bare maplibre with the same basemap and view; deck: bare deck.gl drawing the same inventory)',
  );

  const total = (files: ReturnType<typeof javascriptServed>) =>
    files.reduce((sum, f) => sum + f.gzip, 0);
  console.log('\n## JavaScript fetched by the first load (gzip -9 of each file served)');
  for (const f of js.app!)
    console.log(
      `  ${f.path.padEnd(58)} ${(f.raw / 1024).toFixed(0).padStart(6)} KiB raw ${(f.gzip / 1024).toFixed(1).padStart(7)} KiB gzip`,
    );
  for (const which of names)
    console.log(
      `${which.padEnd(7)} total: ${(total(js[which]!) / 1024).toFixed(0)} KiB gzip (${(total(js[which]!) / 1000).toFixed(0)} kB) in ${js[which]!.length} files`,
    );
  console.log('(goal: app <= 700 KB; KiB = 1024 bytes, as every figure of this bench since #7)');

  console.log('\n## Compromise click on the default inventory (Luxembourg substation)');
  for (const which of names.filter((n) => pages[n]!.flag === 'app')) {
    const page = await newPage(browser);
    progress(`click: ${which}`);
    await firstMap(page, pages[which]!.url, 'app');
    await search(page, 'Luxembourg substation');
    const idle = await repaints(page, 7);
    const clicks = await compromiseClicks(page, 7);
    await page.context().close();
    const drawn = median(clicks.map((c) => c.drawn));
    console.log(
      `${which.padEnd(7)} click -> state, cascade, layers (before any frame), median ${ms(median(clicks.map((c) => c.sync)))}; -> two frames later (drawn) median ${ms(drawn)} (all: ${clicks.map((c) => ms(c.drawn)).join(', ')}); a repaint with nothing changed: ${ms(median(idle))}, so the click costs ${ratio(drawn, median(idle))} a plain repaint`,
    );
  }
  console.log('(goal: click -> highlighted result within 100 ms)');
}

/** Two frames after an 8 px drag: a full repaint with no state change (the baseline). */
async function repaints(page: Page, times: number): Promise<number[]> {
  const { x, y } = mapCentre(page.viewportSize()!);
  const out: number[] = [];
  for (let k = 0; k < times; k++) {
    await page.mouse.move(x, y);
    await page.mouse.down();
    // Past MapLibre's 3 px click tolerance, or the map does not move nor repaint.
    await page.mouse.move(x + (k % 2 ? -8 : 8), y);
    await page.mouse.up();
    out.push(await twoFrames(page));
  }
  return out;
}

async function benchFrames(browser: Browser) {
  const file = join(GEN, 'bench-100k.geojson');
  const meta = join(GEN, 'bench-100k.json');
  if (!existsSync(file) || !existsSync(meta)) {
    mkdirSync(GEN, { recursive: true });
    const generated = generateInventory({ facilities: 100_000, dependencies: 300_000, seed: 1 });
    if (generated.sources.length !== 1) throw new Error('expected one generated file');
    writeFileSync(file, generated.sources[0]!.text as string);
    writeFileSync(meta, JSON.stringify({ hubId: generated.hubId }));
  }
  const { hubId } = JSON.parse(readFileSync(meta, 'utf8')) as { hubId: string };
  const steps = Number(process.env.BENCH_FRAME_STEPS ?? 6);

  // Each app page is opened, timed, then clicked and closed before the next (memory).
  const names = BEFORE ? ['deck', 'app', 'before'] : ['deck', 'app'];
  // BENCH_FRAME_STEPS=0: the clicks alone (no panning; the deck page is skipped).
  if (steps === 0) names.shift();
  const frames: Record<string, number[]> = {};
  const loads: Record<string, number> = {};
  const clicks: Record<string, string> = {};
  for (const which of names) {
    const page = await newPage(browser, FRAME_VIEWPORT);
    progress(`opening ${which} at 100k`);
    const data = 'data=/gen/bench-100k.geojson';
    loads[which] =
      which === 'deck'
        ? await firstMap(page, `${ORIGIN}/bench/deck.html?${data}`, 'bench')
        : await firstMap(
            page,
            `${ORIGIN}${which === 'app' ? '/' : '/before/'}?${data}`,
            'app',
            1_800_000,
          );
    progress(`${which} drawn; panning and zooming`);
    // An untimed input first: shader compilation and buffer uploads settle.
    if (steps > 0) await panAndZoom(page, 1);
    frames[which] = steps > 0 ? await panAndZoom(page, steps) : [NaN];
    progress(`${which}: ${frames[which]!.map(ms).join(', ')}`);
    if (which !== 'deck') {
      await search(page, hubId);
      const idle = await repaints(page, 3);
      const c = await compromiseClicks(page, 4);
      clicks[which] =
        `${which.padEnd(7)} click -> state, cascade, layers (before any frame): ${c.map((x) => ms(x.sync)).join(', ')}; ` +
        `-> two frames later: ${c.map((x) => ms(x.drawn)).join(', ')}; ` +
        `a repaint with nothing changed (8 px drag), median ${ms(median(idle))}; ` +
        `click median ${ratio(median(c.map((x) => x.drawn)), median(idle))} a plain repaint`;
    }
    await page.context().close();
  }
  // An input that drew nothing within its two frames (coalesced with the next while a slow
  // frame was still running) shows as a few ms: counted apart, not in the median.
  const drewSomething = (xs: number[]) => {
    const kept = xs.filter((x) => x > 0.05 * Math.max(...xs));
    return kept.length > 0 ? kept : xs;
  };
  for (const which of names) frames[which] = drewSomething(frames[which]!);
  const deck = steps > 0 ? median(frames.deck!) : NaN;
  console.log('\n## 100,000 facilities + 300,000 dependencies: frames while panning and zooming');
  for (const which of names)
    console.log(
      `${which.padEnd(7)} input -> two frames: ${frames[which]!.map(ms).join(', ')}; median ${ms(median(frames[which]!))}, ${ratio(median(frames[which]!), deck)} bare deck.gl; navigation -> first frame ${ms(loads[which]!)}`,
    );
  console.log("(goal: app <= 1.25x bare deck.gl; the app's first frame includes its worker load)");
  console.log(`\n## Compromise click at 100k / 300k (${hubId}, toggled on and off)`);
  for (const which of names.filter((n) => n !== 'deck')) console.log(clicks[which]);
}

async function main() {
  const what = process.argv[2] ?? 'all';
  if (!existsSync(join(PAGES, 'deck.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'bench/pages/vite.config.ts'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_PAGES_OUT: PAGES },
    });
  }
  mkdirSync(GEN, { recursive: true });
  const mounts: Record<string, string> = { '/': DIST, '/bench/': PAGES, '/gen/': GEN };
  if (BEFORE) mounts['/before/'] = BEFORE;
  const server = await serve(PORT, mounts);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  console.log(`app build: ${DIST}; ${new Date().toISOString()}; load average ${loadAverage()}`);
  try {
    if (what === 'first' || what === 'all') await benchFirst(browser, server);
    if (what === 'frames' || what === 'all') await benchFrames(browser);
  } finally {
    console.log(`\nload average at the end: ${loadAverage()}`);
    await browser.close();
    await server.close();
  }
}

function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
}

void main();
