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
import { generateInventory } from './generate.ts';
import { serve, type BenchServer } from './serve.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4210);
const DIST = resolve(process.env.RIPPLEMAP_DIST ?? '/tmp/perf-dist');
const PAGES = resolve(process.env.BENCH_PAGES_OUT ?? '/tmp/ripplemap-bench-pages');
const GEN = resolve(process.env.BENCH_GEN ?? '/tmp/ripplemap-bench-gen');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const VIEWPORT = { width: 1440, height: 900 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

type Hook = { ready: boolean };
type Bench = { ready: boolean };

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: VIEWPORT,
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
 * each input causes. The map is in the middle of the page on both (panels aside in the app).
 */
async function panAndZoom(page: Page, steps: number): Promise<number[]> {
  const frames: number[] = [];
  const x = VIEWPORT.width / 2;
  const y = VIEWPORT.height / 2;
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
        await new Promise((r) => setTimeout(r, 0));
        const sync = performance.now() - start;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { sync, drawn: performance.now() - start };
      }),
    );
  }
  return out;
}

async function search(page: Page, text: string) {
  await page.locator('input[type=search]').fill(text);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=toggle-compromised]');
  await twoFrames(page);
}

function defaultBounds(): [number, number, number, number] {
  const collection = JSON.parse(readFileSync(join(ROOT, 'data', 'europe.geojson'), 'utf8')) as {
    features: { geometry: { coordinates: unknown } | null }[];
  };
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0] as number);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0] as number);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  for (const f of collection.features) if (f.geometry) visit(f.geometry.coordinates);
  return b;
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

async function benchFirst(browser: Browser, server: BenchServer) {
  const bounds = defaultBounds().join(',');
  const app: number[] = [];
  const bare: number[] = [];
  let js: ReturnType<typeof javascriptServed> = [];
  let bareJs: ReturnType<typeof javascriptServed> = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so drifting load from other jobs hits both alike.
    const order = run % 2 ? (['bare', 'app'] as const) : (['app', 'bare'] as const);
    for (const which of order) {
      const page = await newPage(browser);
      server.reset();
      if (which === 'app') {
        app.push(await firstMap(page, `${ORIGIN}/`, 'app'));
        await page.waitForTimeout(1500); // workers started by the first map, if any
        js = javascriptServed(server);
      } else {
        bare.push(await firstMap(page, `${ORIGIN}/bench/maplibre.html?bounds=${bounds}`, 'bench'));
        bareJs = javascriptServed(server);
      }
      await page.context().close();
    }
  }
  console.log('\n## First map of the default inventory (data/europe.geojson)');
  console.log(`app, navigation -> two frames after ready: ${app.map(ms).join(', ')}`);
  console.log(`bare maplibre, same basemap and view:      ${bare.map(ms).join(', ')}`);
  console.log(
    `median ${ms(median(app))} vs ${ms(median(bare))}: ratio ${ratio(median(app), median(bare))} (goal <= 1.2x)`,
  );

  const total = (files: typeof js) => files.reduce((s, f) => s + f.gzip, 0);
  console.log('\n## JavaScript fetched by the first load (gzip -9 of each file served)');
  for (const f of js)
    console.log(
      `  ${f.path.padEnd(58)} ${(f.raw / 1024).toFixed(0).padStart(6)} KB raw ${(f.gzip / 1024).toFixed(1).padStart(7)} KB gzip`,
    );
  console.log(
    `app total: ${(total(js) / 1024).toFixed(0)} KB gzip in ${js.length} files (goal <= 700 KB)`,
  );
  console.log(
    `bare maplibre page total: ${(total(bareJs) / 1024).toFixed(0)} KB gzip in ${bareJs.length} files`,
  );

  const page = await newPage(browser);
  await firstMap(page, `${ORIGIN}/`, 'app');
  await search(page, 'Luxembourg substation');
  const idle: number[] = [];
  for (let k = 0; k < 7; k++) {
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    idle.push(await twoFrames(page));
  }
  const clicks = await compromiseClicks(page, 7);
  await page.context().close();
  console.log('\n## Compromise click on the default inventory (Luxembourg substation)');
  console.log(`two frames, nothing changed (resize), median: ${ms(median(idle))}`);
  console.log(
    `click -> state, cascade, layers (before any frame), median: ${ms(median(clicks.map((c) => c.sync)))}`,
  );
  console.log(
    `click -> two frames later (drawn), median: ${ms(median(clicks.map((c) => c.drawn)))} (${ratio(median(clicks.map((c) => c.drawn)), median(idle))} the unchanged frame; goal 100 ms)`,
  );
  console.log(`  all: ${clicks.map((c) => ms(c.drawn)).join(', ')}`);
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
  const steps = Number(process.env.BENCH_FRAME_STEPS ?? 12);

  const frames: Record<'deck' | 'app', number[]> = { deck: [], app: [] };
  const loads: Record<'deck' | 'app', number> = { deck: 0, app: 0 };
  let appPage: Page | null = null;
  for (const which of ['deck', 'app'] as const) {
    const page = await newPage(browser);
    loads[which] =
      which === 'app'
        ? await firstMap(page, `${ORIGIN}/?data=/gen/bench-100k.geojson`, 'app', 1_800_000)
        : await firstMap(page, `${ORIGIN}/bench/deck.html?data=/gen/bench-100k.geojson`, 'bench');
    // A few untimed frames first: shader compilation and buffer uploads settle.
    await panAndZoom(page, 3);
    frames[which] = await panAndZoom(page, steps);
    if (which === 'app') appPage = page;
    else await page.context().close();
  }
  console.log('\n## 100,000 facilities + 300,000 dependencies: frames while panning and zooming');
  console.log(`bare deck.gl: ${frames.deck.map(ms).join(', ')}`);
  console.log(`app:          ${frames.app.map(ms).join(', ')}`);
  console.log(
    `median frame (input -> two frames): app ${ms(median(frames.app))} vs bare ${ms(median(frames.deck))}: ratio ${ratio(median(frames.app), median(frames.deck))} (goal <= 1.25x)`,
  );
  console.log(
    `(navigation -> first frame: app ${ms(loads.app)}, bare deck.gl ${ms(loads.deck)}; the app's includes the worker load)`,
  );

  const page = appPage!;
  await search(page, hubId);
  const idle: number[] = [];
  for (let k = 0; k < 3; k++) {
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    idle.push(await twoFrames(page));
  }
  const clicks = await compromiseClicks(page, 4);
  console.log(`\n## Compromise click at 100k / 300k (${hubId}, toggled on and off)`);
  console.log(`two frames, nothing changed (resize), median: ${ms(median(idle))}`);
  console.log(
    `click -> state, cascade, layers (before any frame): ${clicks.map((c) => ms(c.sync)).join(', ')}`,
  );
  console.log(
    `click -> two frames later: ${clicks.map((c) => ms(c.drawn)).join(', ')}; median ${ratio(median(clicks.map((c) => c.drawn)), median(idle))} the unchanged frame`,
  );
  await page.context().close();
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
  const server = await serve(PORT, { '/': DIST, '/bench/': PAGES, '/gen/': GEN });
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
