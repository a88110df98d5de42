/**
 * Facilities drawn as shapes (a reservoir polygon, a pipeline line) and the impact zone are
 * maplibre's own layers, not deck.gl's: this checks in a real Chromium that they are drawn in
 * their colours, stacked over the impact zone and under deck.gl's arcs and dots and the place names, picked by a click like the
 * dots, and recoloured when the scenario changes their state.
 */
import { expect, test, type Page } from '@playwright/test';
import { sectorColor, stateColor, type RGBA } from '../../src/map/palette.ts';
import { hook, openApp, shot, type Watched } from './app.ts';

// One page, in order, because opening the app costs 10-30 s under SwiftShader: beforeAll
// loads the shapes file; the first two tests only read and select, the third runs a
// scenario on it (nothing after it).
test.describe.configure({ mode: 'serial' });

let app: Watched;
let page: Page;

const feature = (id: string, name: string, sector: string, geometry: object, more = {}) => ({
  type: 'Feature',
  geometry,
  properties: { id, name, sector, country: 'DEU', ...more },
});
const INVENTORY = {
  type: 'FeatureCollection',
  features: [
    feature('plant', 'Power plant', 'energy', { type: 'Point', coordinates: [10.2, 50.7] }),
    feature(
      'reservoir',
      'Reservoir',
      'water',
      {
        type: 'Polygon',
        coordinates: [
          [
            [9.9, 50.0],
            [10.5, 50.0],
            [10.5, 50.4],
            [9.9, 50.4],
            [9.9, 50.0],
          ],
        ],
      },
      { depends_on: [{ id: 'plant', service: 'energy' }] },
    ),
    feature('pipeline', 'Gas pipeline', 'energy', {
      type: 'LineString',
      coordinates: [
        [11.0, 50.2],
        [12.0, 50.2],
      ],
    }),
  ],
};

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
  await page.setInputFiles('[data-testid=file-input]', {
    name: 'shapes.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify(INVENTORY)),
  });
  await expect.poll(() => hook(page, (h) => h.facilities), { timeout: 60_000 }).toBe(3);
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
});

test.afterAll(async () => {
  await page.close();
});

/** The map canvas's colours in a 5 x 5 px square around a lon/lat (after two frames). */
async function coloursAt(lon: number, lat: number): Promise<number[][]> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  return page.evaluate(
    ([lon, lat]) => {
      const [x, y] = window.__ripplemap.project(lon!, lat!)!;
      const map = document.querySelector<HTMLCanvasElement>('canvas.maplibregl-canvas')!;
      const scale = map.width / map.clientWidth;
      const copy = document.createElement('canvas');
      copy.width = map.width;
      copy.height = map.height;
      const g = copy.getContext('2d')!;
      g.drawImage(map, 0, 0);
      const d = g.getImageData(Math.round(x * scale) - 2, Math.round(y * scale) - 2, 5, 5).data;
      const out: number[][] = [];
      for (let k = 0; k < d.length; k += 4) out.push([d[k]!, d[k + 1]!, d[k + 2]!]);
      return out;
    },
    [lon, lat],
  );
}

/** Some pixel near `colour` (blending with the basemap allowed). */
const shows = (pixels: number[][], colour: RGBA, tolerance = 40) =>
  pixels.some((p) => p.every((v, k) => Math.abs(v - colour[k]!) <= tolerance));

/** Selects by clicking the map where a lon/lat is drawn. */
async function selectAt(lon: number, lat: number, id: string): Promise<void> {
  await clickAt(lon, lat);
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe(id);
}

async function clickAt(lon: number, lat: number): Promise<void> {
  const [x, y] = await page.evaluate(
    ([lon, lat]) => window.__ripplemap.project(lon!, lat!)!,
    [lon, lat],
  );
  const box = (await page.getByTestId('map').boundingBox())!;
  // As a hand does: onto the spot, let the hover pick settle, then press.
  await page.mouse.move(box.x + x, box.y + y);
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  await page.mouse.click(box.x + x, box.y + y);
}

test('shapes are drawn by maplibre in their sector colours, under the dots and the place names', async ({}, info) => {
  expect(await hook(page, (h) => h.drawn['facility-shapes'])).toBe(2);
  expect(await hook(page, (h) => h.drawn.facilities)).toBe(1);
  expect(shows(await coloursAt(10.2, 50.2), sectorColor('water'))).toBe(true);
  expect(shows(await coloursAt(11.5, 50.2), sectorColor('energy'))).toBe(true);
  const order = await hook(page, (h) => h.basemap.styleLayers);
  const at = (id: string) => order.indexOf(id);
  const deck = at('deck-maplibre-layer-group-before:basemap-cities');
  expect(at('impact-zone-fill')).toBeGreaterThan(-1);
  expect(at('impact-zone-fill')).toBeLessThan(at('facility-shapes-fill'));
  expect(at('facility-shapes-fill')).toBeLessThan(at('facility-shapes-line'));
  expect(at('facility-shapes-line')).toBeLessThan(deck);
  expect(deck).toBeLessThan(at('basemap-cities'));
  expect(at('basemap-cities')).toBeLessThan(at('facility-labels'));
  await shot(page, info, 'shapes');
  expect(app.errors).toEqual([]);
});

test('a click on a shape selects its facility, as on a dot', async () => {
  await selectAt(10.2, 50.2, 'reservoir');
  await selectAt(11.5, 50.2, 'pipeline');
  expect(app.errors).toEqual([]);
});

test('a scenario recolours the shapes it reaches, and draws the impact zone', async ({}, info) => {
  await selectAt(10.2, 50.7, 'plant');
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(2);
  // The reservoir fails in the cascade: its outline (2 px on its southern edge) turns red.
  expect(shows(await coloursAt(10.2, 50.0), stateColor('cascade'))).toBe(true);
  await page.getByTestId('radius').fill('20');
  await expect.poll(() => hook(page, (h) => h.drawn['impact-zone'])).toBe(1);
  await shot(page, info, 'shapes-scenario');
  expect(app.errors).toEqual([]);
});
