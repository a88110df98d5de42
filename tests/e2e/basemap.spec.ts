/**
 * The basemap setting in a real Chromium against the built app (with its CSP): a same-origin
 * style URL, a refused off-origin one, a broken style falling back, a local raster PMTiles file,
 * and back to the built-in basemap; facilities and arcs drawn after every switch. One page.
 *
 * The fixture styles are copied into the served build folder for the run (vite preview serves
 * new files), so they are loaded from the app's own origin without shipping in the product.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cspViolations, hook, openApp, shot, type Watched } from './app.ts';
import {
  FIXTURE_PATH,
  TILE_COLORS,
  VECTOR_FIXTURE_PATH,
} from '../../scripts/make-pmtiles-fixture.ts';

// One page, in order: each switch starts from the basemap the test before chose (a reload
// must find the style URL set before it; the broken style and the raster PMTiles file are
// picked in the Settings dialog the test before left open; the last test goes back to the
// built-in basemap from the vector PMTiles one). A page per test would also cost 10-30 s of
// SwiftShader start-up each.
test.describe.configure({ mode: 'serial' });

const DIST = process.env.RIPPLEMAP_DIST ?? 'dist';
const SERVED = join(DIST, 'e2e-basemap');
const FIXTURES = 'tests/fixtures/basemap';

let app: Watched;
let page: Page;

interface BasemapHook {
  choice: { kind: string; url?: string; name?: string };
  status: string;
  message: string | null;
  attribution: string;
  styleLayers: string[];
}

const basemap = () =>
  hook(page, (h) => (h as unknown as { basemap: BasemapHook }).basemap) as Promise<BasemapHook>;

test.beforeAll(async ({ browser }) => {
  mkdirSync(SERVED, { recursive: true });
  for (const name of ['plain-style.json', 'labelled-style.json', 'invalid-style.json']) {
    copyFileSync(join(FIXTURES, name), join(SERVED, name));
  }
  page = await browser.newPage();
  app = await openApp(page);
});

test.afterAll(async () => {
  await page.close();
  rmSync(SERVED, { recursive: true, force: true });
});

/** Every facility and dependency is handed to deck.gl, and deck's layers are in the map's style. */
async function expectOverlayDrawn(deckGroup: string) {
  const counts = await hook(page, (h) => ({ drawn: h.drawn, f: h.facilities, d: h.dependencies }));
  expect(counts.drawn.facilities).toBe(counts.f);
  expect(counts.drawn.dependencies).toBe(counts.d);
  await expect.poll(async () => (await basemap()).styleLayers).toContain(deckGroup);
}

/** Canvas pixels every 2 CSS pixels inside a lon/lat box, read back. */
async function areaPixels(sw: [number, number], ne: [number, number]): Promise<number[][]> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  return page.evaluate(
    ([sw, ne]) => {
      const map = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!;
      const scale = map.width / map.clientWidth;
      const [x0, y0] = window.__ripplemap.project(sw![0]!, ne![1]!)!;
      const [x1, y1] = window.__ripplemap.project(ne![0]!, sw![1]!)!;
      const copy = document.createElement('canvas');
      copy.width = map.width;
      copy.height = map.height;
      const g = copy.getContext('2d')!;
      g.drawImage(map, 0, 0);
      const { data } = g.getImageData(0, 0, map.width, map.height);
      const out: number[][] = [];
      for (let x = Math.max(0, x0); x < Math.min(map.clientWidth, x1); x += 2) {
        for (let y = Math.max(0, y0); y < Math.min(map.clientHeight, y1); y += 2) {
          const k = (Math.floor(y * scale) * map.width + Math.floor(x * scale)) * 4;
          out.push([data[k]!, data[k + 1]!, data[k + 2]!]);
        }
      }
      return out;
    },
    [sw, ne] as const,
  );
}

/**
 * Canvas pixels on a 24 x 24 grid over the map, read back (the map keeps its drawing buffer).
 * Fine enough that the basemap shows between the sample's dots and arcs wherever it is drawn.
 */
async function mapPixels(): Promise<number[][]> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  return page.evaluate(() => {
    const map = document.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas')!;
    const copy = document.createElement('canvas');
    copy.width = map.width;
    copy.height = map.height;
    const g = copy.getContext('2d')!;
    g.drawImage(map, 0, 0);
    const { data } = g.getImageData(0, 0, map.width, map.height);
    const out: number[][] = [];
    const n = 24;
    for (let i = 1; i < n; i++) {
      for (let j = 1; j < n; j++) {
        const x = Math.floor((map.width * i) / n);
        const y = Math.floor((map.height * j) / n);
        const k = (y * map.width + x) * 4;
        out.push([data[k]!, data[k + 1]!, data[k + 2]!]);
      }
    }
    return out;
  });
}

const near = (a: readonly number[], b: readonly number[]) =>
  a.every((v, i) => Math.abs(v - b[i]!) <= 3);
const hex = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

async function openSettings() {
  // From the keyboard: the header button, then Enter.
  await page.getByTestId('open-settings').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings')).toBeVisible();
}

async function closeSettings() {
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings')).toBeHidden();
}

async function loadUrl(url: string) {
  await page.getByTestId('basemap-url-option').check();
  await page.getByTestId('basemap-url').fill(url);
  await page.getByTestId('basemap-url').press('Enter');
}

test('a same-origin style URL replaces the basemap; facilities and arcs still drawn', async ({}, info) => {
  await openSettings();
  await loadUrl('e2e-basemap/plain-style.json');
  await expect.poll(async () => (await basemap()).choice.kind).toBe('url');
  const b = await basemap();
  expect(b.status).toBe('ready');
  expect(b.message).toBeNull();
  expect(b.styleLayers).toContain('fixture-land');
  expect(b.styleLayers).not.toContain('basemap-labels');
  await expectOverlayDrawn('deck-maplibre-layer-group-last');
  // Without the bundled labels, the zone and shapes go right under deck.gl's layers.
  const native = ['impact-zone-fill', 'impact-zone-line', 'facility-shapes-fill'];
  const order = (await basemap()).styleLayers;
  const top = order.indexOf('deck-maplibre-layer-group-last');
  expect(order.slice(top - 4, top + 1)).toEqual([...native, 'facility-shapes-line', order[top]]);
  await expect(page.getByTestId('basemap-attribution')).toContainText(
    'RippleMap test style © nobody',
  );
  await closeSettings();
  await expect(page.getByTestId('attribution')).toContainText(
    'Basemap: RippleMap test style © nobody',
  );
  await expect
    .poll(async () =>
      (await mapPixels()).some((p) => near(p, hex('#cfe3c8')) || near(p, hex('#f0e4d0'))),
    )
    .toBe(true);
  await shot(page, info, 'style-url');
  expect(app.errors).toEqual([]);
});

test('on a style with labels, the zone, shapes, arcs and dots go under its first label layer', async () => {
  await openSettings();
  await loadUrl('e2e-basemap/labelled-style.json');
  await expect.poll(async () => (await basemap()).styleLayers).toContain('fixture-places');
  const arcs = 'deck-maplibre-layer-group-before:fixture-places';
  await expectOverlayDrawn(arcs);
  // Bottom to top: the style's own, zone, shapes, every deck.gl layer (arcs and dots), the
  // style's labels and what follows them, then stack counts and facility names.
  await expect
    .poll(async () => (await basemap()).styleLayers)
    .toEqual([
      'fixture-background',
      'fixture-land',
      'impact-zone-fill',
      'impact-zone-line',
      'facility-shapes-fill',
      'facility-shapes-line',
      arcs,
      'fixture-places',
      'fixture-roads',
      'stack-badges',
      'facility-labels-all',
      'facility-labels',
    ]);
  // Back to the plain style (no labels): everything on top again, as before.
  await loadUrl('e2e-basemap/plain-style.json');
  await expect.poll(async () => (await basemap()).styleLayers).not.toContain('fixture-places');
  await expectOverlayDrawn('deck-maplibre-layer-group-last');
  expect((await basemap()).styleLayers).not.toContain(arcs);
  await closeSettings();
  expect(app.errors).toEqual([]);
});

test('the style URL is remembered across a reload', async () => {
  const errors = app.errors.length;
  await page.reload();
  await page.waitForFunction(() => window.__ripplemap?.ready === true, null, { timeout: 120_000 });
  await expect
    .poll(async () => (await basemap()).styleLayers, { timeout: 60_000 })
    .toContain('fixture-land');
  expect((await basemap()).choice).toEqual({ kind: 'url', url: 'e2e-basemap/plain-style.json' });
  await expectOverlayDrawn('deck-maplibre-layer-group-last');
  expect(app.errors.length).toBe(errors);
});

test('another origin is refused with the reason, and nothing is requested from it', async ({}, info) => {
  await openSettings();
  await loadUrl('https://tiles.example.org/styles/basic.json');
  const message = page.getByTestId('basemap-message');
  await expect(message).toContainText('Content Security Policy');
  await expect(message).toContainText('RIPPLEMAP_TILE_ORIGINS=https://tiles.example.org');
  expect((await basemap()).choice.kind).toBe('url'); // the map stays on the style in use
  await shot(page, info, 'off-origin-refused');
  expect(app.offOrigin).toEqual([]);
});

test('a broken style falls back to the built-in basemap, with a message', async () => {
  await loadUrl('e2e-basemap/invalid-style.json');
  await expect(page.getByTestId('basemap-message')).toContainText('could not be loaded');
  await expect(page.getByTestId('basemap-message')).toContainText('built-in basemap instead');
  await expect.poll(async () => (await basemap()).styleLayers).toContain('basemap-labels');
  expect((await basemap()).choice.kind).toBe('bundled');
  await expectOverlayDrawn('deck-maplibre-layer-group-before:basemap-cities');
  expect(app.errors).toEqual([]);
});

test('a local raster PMTiles file draws, with its metadata and credit', async ({}, info) => {
  await page.getByTestId('basemap-pmtiles-option').check();
  await page.getByTestId('basemap-pmtiles-file').setInputFiles(FIXTURE_PATH);
  await expect.poll(async () => (await basemap()).choice.kind).toBe('pmtiles');
  const details = page.getByTestId('pmtiles-info');
  await expect(details).toContainText('raster-z0-2.pmtiles');
  await expect(details).toContainText('png, zoom 0–2');
  await expect(details).toContainText('RippleMap test tiles');
  await expect(page.getByTestId('basemap-attribution')).toContainText('© RippleMap test tiles');
  await shot(page, info, 'pmtiles-settings');
  await closeSettings();
  const colours = [TILE_COLORS.z2a, TILE_COLORS.z2b];
  await expect
    .poll(async () => (await mapPixels()).filter((p) => colours.some((c) => near(p, c))).length)
    .toBeGreaterThan(5);
  await expectOverlayDrawn('deck-maplibre-layer-group-last');
  await shot(page, info, 'pmtiles');
  expect(app.errors).toEqual([]);
});

test('a local vector PMTiles file draws with a style generated from its layers', async ({}, info) => {
  await openSettings();
  await page.getByTestId('basemap-pmtiles-file').setInputFiles(VECTOR_FIXTURE_PATH);
  const details = page.getByTestId('pmtiles-info');
  await expect(details).toContainText('vector-z0.pmtiles');
  await expect(details).toContainText('mvt, zoom 0–0');
  await expect(details).toContainText('earth, water, places');
  await expect(page.getByTestId('basemap-attribution')).toContainText(
    '© RippleMap vector test tiles',
  );
  expect((await basemap()).styleLayers).toEqual(
    expect.arrayContaining(['pmtiles-earth', 'pmtiles-water', 'pmtiles-places-labels']),
  );
  await closeSettings();
  // The water rectangle (0-20°E, 40-50°N) in the generated style's water colour, seen between
  // the sample's dots and arcs: close enough in that they leave some of it bare.
  await hook(page, (h) => h.jumpTo(10, 45, 4));
  await expect
    .poll(
      async () =>
        (await areaPixels([0, 40], [20, 50])).filter((p) => near(p, hex('#c9d7e1'))).length,
    )
    .toBeGreaterThan(20);
  await expectOverlayDrawn('deck-maplibre-layer-group-before:pmtiles-places-labels');
  await shot(page, info, 'pmtiles-vector');
  expect(app.errors).toEqual([]);
});

test('back to the built-in basemap: labels above the arcs again; no request left the origin', async ({}, info) => {
  await openSettings();
  await page.getByTestId('basemap-bundled').check();
  await expect.poll(async () => (await basemap()).choice.kind).toBe('bundled');
  await closeSettings();
  await expectOverlayDrawn('deck-maplibre-layer-group-before:basemap-cities');
  // Zone, shapes, deck.gl's group (arcs, dots) under the place names: as on first load.
  const order: string[] = (await basemap()).styleLayers;
  const stacked = [
    'impact-zone-fill',
    'impact-zone-line',
    'facility-shapes-fill',
    'facility-shapes-line',
    'deck-maplibre-layer-group-before:basemap-cities',
    'basemap-cities',
    'basemap-labels',
  ];
  expect(order.slice(order.indexOf(stacked[0]!), order.indexOf('basemap-labels') + 1)).toEqual(
    stacked,
  );
  await expect(page.getByTestId('attribution')).toContainText('Basemap: Natural Earth');
  await shot(page, info, 'built-in-again');
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
