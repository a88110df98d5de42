/**
 * A map that briefs: place names at a zoom, every member of a five-facility stack selectable
 * by a click on where it is drawn, and nothing picked by a click in empty space nearby.
 * One page: the sample first (city names), then a small fixture (the stack).
 */
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { hook, openApp, shot, type Watched } from './app.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/map/stack-five.geojson', import.meta.url));

test.describe.configure({ mode: 'serial' });
let app: Watched;
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  app = await openApp(page);
});
test.afterAll(async () => page.close());

async function settle() {
  await page.waitForFunction(() => !!window.__ripplemap);
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  await page.waitForTimeout(800);
}

test('names Brussels at zoom 6 and countries over the data', async ({}, testInfo) => {
  await shot(page, testInfo, 'europe-start');
  await hook(page, (h) => h.jumpTo(4.35, 50.85, 6));
  // Both at once: capitals show from the start view, so Brussels alone could be the frame
  // before the jump.
  await expect
    .poll(
      async () => ({
        brussels: (await hook(page, (h) => h.rendered('basemap-cities'))).includes('Brussels'),
        belgium: (await hook(page, (h) => h.rendered('basemap-labels'))).includes('Belgium'),
      }),
      { timeout: 30_000 },
    )
    .toEqual({ brussels: true, belgium: true });
  const order = await hook(page, (h) => h.basemap.styleLayers as string[]);
  const at = (id: string) => order.findIndex((l) => l.startsWith(id));
  expect(at('deck-maplibre-layer-group')).toBeLessThan(at('basemap-cities'));
  expect(at('basemap-labels')).toBeLessThan(at('facility-labels'));
  await hook(page, (h) => h.jumpTo(4.35, 50.85, 11));
  await settle();
  await shot(page, testInfo, 'brussels-zoom-11');
  expect(app.errors).toEqual([]);
});

test('every member of a five-facility stack can be selected; empty space selects nothing', async ({}, testInfo) => {
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  await page.waitForFunction(() => window.__ripplemap?.facilities === 7, null, { timeout: 60_000 });
  await hook(page, (h) => h.jumpTo(4.3517, 50.8503, 12));
  await settle();
  const members = await hook(page, (h) => h.stackOf('site-0'));
  expect(members.sort()).toEqual(['site-0', 'site-1', 'site-2', 'site-3', 'site-4']);
  const box = (await page.getByTestId('map').boundingBox())!;
  for (const id of members) {
    const p = (await page.evaluate((i) => window.__ripplemap.drawnAt(i), id))!;
    await page.mouse.click(box.x + p[0], box.y + p[1]);
    await expect.poll(() => hook(page, (h) => h.selectedId)).toBe(id);
  }
  await shot(page, testInfo, 'fanned-stack');
  // 600 m east of the site, in empty space (the substation is 600 m further): nothing.
  const empty = (await page.evaluate(() => window.__ripplemap.project(4.3517 + 0.0043, 50.8503)))!;
  await page.mouse.click(box.x + empty[0], box.y + empty[1]);
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBeNull();
  // A stack clicked before it fans out opens a chooser; its list selects by keyboard.
  await hook(page, (h) => h.jumpTo(4.3517, 50.8503, 8));
  await settle();
  const site = (await page.evaluate(() => window.__ripplemap.drawnAt('site-2')))!;
  await page.mouse.click(box.x + site[0], box.y + site[1]);
  const chooser = page.getByTestId('stack-chooser');
  await expect(chooser.getByRole('button', { name: /Site/ })).toHaveCount(5);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe('site-1');
  // The facility at 89.5° is drawn pinned at the map's edge (84.8°).
  const polar = (await page.evaluate(() => window.__ripplemap.drawnAt('polar')))!;
  const edge = (await page.evaluate(() => window.__ripplemap.project(10, 84.8)))!;
  expect(Math.abs(polar[1] - edge[1])).toBeLessThan(0.5);
  expect(app.errors).toEqual([]);
});
