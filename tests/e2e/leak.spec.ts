/**
 * No request leaves the app's origin, from the page or any worker (maplibre's included), even
 * when a same-origin basemap style points its sources, glyphs and sprite at another server. The
 * other server is a real one on another 127.0.0.1 port that counts every hit it gets, so a
 * request from a worker (which Playwright may not see) is caught too. Also checks the Content
 * Security Policy where it is enforced: the preview server's headers on the page and on each
 * worker script, and the meta tag.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cspViolations, hideArcs, hook, openApp, shot, type Watched } from './app.ts';

// Serial: one page and one recording server, started once for the file (beforeAll) because
// the app takes a while to open under SwiftShader; neither test depends on the other's steps.
test.describe.configure({ mode: 'serial' });

const DIST = process.env.RIPPLEMAP_DIST ?? 'dist';
const SERVED = join(DIST, 'e2e-leak');
const ORIGIN = `http://127.0.0.1:${process.env.RIPPLEMAP_E2E_PORT ?? 4173}`;

let app: Watched;
let page: Page;
let recorder: Server;
let elsewhere = '';
const hits: string[] = [];

/** Answers everything, as an open tile server would (CORS allowed), and records the path. */
function startRecorder(): Promise<void> {
  recorder = createServer((req, res) => {
    hits.push(req.url ?? '');
    const cors = { 'access-control-allow-origin': '*' };
    if (/\.(json|geojson)/.test(req.url ?? '')) {
      res.writeHead(200, { ...cors, 'content-type': 'application/json' });
      res.end(
        /tilejson/.test(req.url ?? '')
          ? JSON.stringify({ tilejson: '3.0.0', tiles: [`${elsewhere}/tj/{z}/{x}/{y}.pbf`] })
          : JSON.stringify({ type: 'FeatureCollection', features: [] }),
      );
      return;
    }
    res.writeHead(200, { ...cors, 'content-type': 'application/octet-stream' });
    res.end();
  });
  return new Promise((resolve) =>
    recorder.listen(0, '127.0.0.1', () => {
      elsewhere = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
      resolve();
    }),
  );
}

/** A style served from the app's own origin whose every part points at the recorder. */
function writeStyles() {
  mkdirSync(SERVED, { recursive: true });
  const ring = [
    [-10, 36],
    [30, 36],
    [30, 60],
    [-10, 36],
  ];
  const style = {
    version: 8,
    name: 'Leaky style',
    glyphs: `${elsewhere}/fonts/{fontstack}/{range}.pbf`,
    sprite: `${elsewhere}/sprite`,
    sources: {
      own: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { name: 'Land' },
              geometry: { type: 'Polygon', coordinates: [ring] },
            },
          ],
        },
      },
      geo: { type: 'geojson', data: `${elsewhere}/data.geojson` },
      vec: { type: 'vector', tiles: [`${elsewhere}/tiles/{z}/{x}/{y}.pbf`] },
      ras: { type: 'raster', tiles: [`${elsewhere}/raster/{z}/{x}/{y}.png`], tileSize: 256 },
      tj: { type: 'vector', url: `${elsewhere}/tilejson.json` },
      // A TileJSON on the app's own origin whose tiles are elsewhere.
      ownTj: { type: 'vector', url: `${ORIGIN}/e2e-leak/own-tilejson.json` },
      img: {
        type: 'image',
        url: `${elsewhere}/image.png`,
        coordinates: [
          [0, 50],
          [10, 50],
          [10, 40],
          [0, 40],
        ],
      },
    },
    layers: [
      { id: 'bg', type: 'background', paint: { 'background-color': '#eeeeee' } },
      { id: 'own-fill', type: 'fill', source: 'own', paint: { 'fill-color': '#cfe3c8' } },
      { id: 'geo-fill', type: 'fill', source: 'geo' },
      { id: 'vec-line', type: 'line', source: 'vec', 'source-layer': 'roads' },
      { id: 'ras', type: 'raster', source: 'ras' },
      { id: 'tj-line', type: 'line', source: 'tj', 'source-layer': 'roads' },
      { id: 'own-tj-line', type: 'line', source: 'ownTj', 'source-layer': 'roads' },
      { id: 'img', type: 'raster', source: 'img' },
      {
        id: 'labels',
        type: 'symbol',
        source: 'own',
        layout: { 'text-field': ['get', 'name'], 'icon-image': 'dot' },
      },
    ],
  };
  writeFileSync(join(SERVED, 'style.json'), JSON.stringify(style));
  writeFileSync(
    join(SERVED, 'own-tilejson.json'),
    JSON.stringify({ tilejson: '3.0.0', tiles: [`${elsewhere}/own-tj/{z}/{x}/{y}.pbf`] }),
  );
}

test.beforeAll(async ({ browser }) => {
  await startRecorder();
  writeStyles();
  page = await browser.newPage();
  app = await openApp(page);
  await hideArcs(page);
});

test.afterAll(async () => {
  await page.close();
  recorder.close();
  rmSync(SERVED, { recursive: true, force: true });
});

test('a same-origin style whose sources point elsewhere makes no request to another origin, from the page or any worker', async ({}, info) => {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('basemap-url-option').check();
  await page.getByTestId('basemap-url').fill('e2e-leak/style.json');
  await page.getByTestId('basemap-url').press('Enter');
  const message = page.getByTestId('basemap-message');
  await expect(message).toContainText(elsewhere);
  await expect(message).toContainText('blocked');
  expect(await hook(page, (h) => h.basemap.styleLayers)).toContain('own-fill');
  // Pan and zoom so maplibre asks for tiles at several zoom levels.
  await page.keyboard.press('Escape');
  for (let k = 0; k < 2; k++) await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
  // Give every worker's requests time to arrive at the recorder if they were made at all.
  await page.waitForTimeout(3000);
  await shot(page, info, 'leaky-style-blocked');
  expect(hits).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(app.errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

test('the preview server sends the Content Security Policy on the page and on every worker script', async () => {
  const strict = /connect-src 'self' data: blob:(;|$)/;
  const pageCsp = (await fetch(`${ORIGIN}/`)).headers.get('content-security-policy') ?? '';
  expect(pageCsp).toMatch(strict);
  expect(pageCsp).toContain("worker-src 'self' blob:");
  const html = await (await fetch(`${ORIGIN}/`)).text();
  expect(html).toMatch(
    /<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src (&#39;|')self(&#39;|') data: blob:;/,
  );
  const workers = readdirSync(join(DIST, 'assets')).filter((f) => /worker/.test(f));
  expect(workers.length).toBeGreaterThanOrEqual(3);
  for (const file of workers) {
    const csp = (await fetch(`${ORIGIN}/assets/${file}`)).headers.get('content-security-policy');
    // The loading worker may fetch a ?data= host the user confirmed (its code refuses any
    // other); every other worker is held to the app's own origin.
    if (/^load-worker/.test(file))
      expect(csp).toContain("connect-src 'self' data: blob: http: https:");
    else expect(csp, file).toMatch(strict);
  }
});
