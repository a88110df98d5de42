/**
 * Hostile data in a real Chromium: HTML and script payloads in ids, names, keys, values,
 * sectors and countries never run; `__proto__` keys pollute nothing; facilities across the
 * antimeridian and near the pole are zoned and drawn right; no CSP violation, no request
 * off the origin.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cli, cspViolations, hook, openApp, search, shot, type Watched } from './app.ts';

// One page, in order, because opening the app costs 10-30 s under SwiftShader: the first two
// tests read the hostile inventory beforeAll loads (the second compromises in it; nothing
// after needs that), the third replaces it with its own file and sets its own radius.
test.describe.configure({ mode: 'serial' });

let app: Watched;
let page: Page;
const dialogs: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  app = await openApp(page);
  await page.setInputFiles(
    '[data-testid=file-input]',
    join(import.meta.dirname, '../fixtures/e2e-hardening/hostile.geojson'),
  );
  // The sector word with a script in it reads as telecom: the mapping dialog asks, and shows
  // the word as text.
  const values = page.getByTestId('sector-values');
  await expect(values).toContainText('telecom<script>window.__xss=2</script>');
  await page.getByTestId('mapping-confirm').click();
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(4);
});

test.afterAll(async () => {
  await page.close();
});

const ranNothing = () =>
  page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    injectedImages: document.querySelectorAll('img[src="x"], script:not([src])').length,
    prototypeKeys: Object.keys(Object.prototype),
    polluted: ({} as { polluted?: unknown }).polluted ?? null,
  }));

test('payloads in every field are shown as text and never run', async ({}, info) => {
  await search(page, 'East');
  await expect(page.getByTestId('details')).toContainText('<img src=x onerror="window.__xss=1">');
  await expect(page.getByTestId('details')).toContainText('<script>window.__xss=2</script>');
  await page.getByRole('tab', { name: /Report/ }).click();
  await page.getByRole('tab', { name: 'Details' }).click();
  await search(page, 'Far side');
  await expect(page.getByTestId('details')).toContainText('Far side');
  await page.mouse.move(700, 400);
  await shot(page, info, 'hostile-details');
  expect(await ranNothing()).toEqual({
    xss: null,
    injectedImages: 0,
    prototypeKeys: [],
    polluted: null,
  });
  expect(dialogs).toEqual([]);
});

test('the impact zone reaches across the antimeridian, the arc takes the short way', async ({}, info) => {
  await search(page, 'East');
  await page.getByTestId('toggle-compromised').click();
  await page.getByTestId('radius').fill('10');
  // east (179.9) and west (-179.9) are 4.7 km apart; far depends on west.
  await expect.poll(() => hook(page, (h) => h.failedCount), { timeout: 90_000 }).toBe(3);
  expect(await hook(page, (h) => h.drawn['impact-zone'])).toBe(1);
  await shot(page, info, 'antimeridian-zone');
  expect(await ranNothing()).toEqual({
    xss: null,
    injectedImages: 0,
    prototypeKeys: [],
    polluted: null,
  });
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

test('at the North Pole the zone takes what lies within the radius across the pole, as the CLI does', async ({}, info) => {
  const file = join(import.meta.dirname, '../fixtures/e2e-hardening/north-pole.geojson');
  await page.setInputFiles('[data-testid=file-input]', file);
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(8);
  await search(page, 'Pole station 0E');
  await expect(page.getByTestId('beyond-edge')).toContainText(
    "89.50° N it lies at or beyond the map's edge",
  );
  await page.getByTestId('toggle-compromised').click();

  // p90e and p90w are 78.6 km away, p180 111.2 km over the pole; outer-0 (166.8 km) is not.
  await page.getByTestId('radius').fill('120');
  const near = cli([file, '--compromise', 'p0', '--radius-km', '120']);
  expect(near.summary).toMatchObject({ failed: 6, inZone: 3 });
  await expect
    .poll(() => hook(page, (h) => h.summary), { timeout: 90_000 })
    .toMatchObject({ failed: near.summary.failed, inZone: near.summary.inZone });
  expect(await hook(page, (h) => h.failedIds)).toEqual(near.failed.map((f) => f.id));

  // 280 km: far-180 across the pole (255.7 km) and outer-0 are in, outer-45 (296.9 km) is not
  // (it fails by cascade, as it depends on outer-0); Longyearbyen fails through p90w.
  await page.getByTestId('radius').fill('280');
  const far = cli([file, '--compromise', 'p0', '--radius-km', '280']);
  expect(far.summary).toMatchObject({ failed: 8, inZone: 5 });
  await expect
    .poll(() => hook(page, (h) => h.summary), { timeout: 90_000 })
    .toMatchObject({ failed: far.summary.failed, inZone: far.summary.inZone });
  expect(await hook(page, (h) => h.failedIds)).toEqual(far.failed.map((f) => f.id));
  expect(await hook(page, (h) => h.drawn['impact-zone'])).toBe(1);
  // Out to where the whole zone shows; near the pole the map may already be at its widest.
  const zoomOut = page.getByRole('button', { name: 'Zoom out' });
  for (let k = 0; k < 4 && (await zoomOut.isEnabled()); k++) await zoomOut.click();
  await shot(page, info, 'north-pole-zone');
  expect(app.errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

const LEGEND_NAMES = join(import.meta.dirname, '../fixtures/e2e-hardening/legend-names.geojson');

test('sectors and services named like legend entries: the briefing opens, no duplicate-key error', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', LEGEND_NAMES);
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(5);
  await search(page, 'Site hub');
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount), { timeout: 90_000 }).toBe(5);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await expect(page.getByTestId('briefing')).toContainText('protected / savedcompromised');
  await shot(page, info, 'legend-names-briefing');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toBeHidden();
  expect(app.errors).toEqual([]);
});

test('a scenario file listing ids twice, compromising and protecting one, with a 20 MB name', async () => {
  const hash = await hook(page, (h) => (h as unknown as { inventoryHash: string }).inventoryHash);
  const scenario = (name: string, inventoryHash: string) =>
    Buffer.from(
      JSON.stringify({
        format: 'ripplemap-scenario',
        version: 1,
        title: 'Twice',
        notes: '',
        inventory: { name, hash: inventoryHash },
        compromised: ['hub', 'hub', 'b'],
        radiusKm: 0,
        protected: ['b', 'd', 'd'],
        view: null,
      }),
    );
  const open = (buffer: Buffer) =>
    page.setInputFiles('[data-testid=scenario-input]', {
      name: 'twice.ripplemap.json',
      mimeType: 'application/json',
      buffer,
    });
  // Another inventory's scenario: refused, and its 20 MB name is cut in the message.
  await open(scenario('x'.repeat(20_000_000), 'not-this-one'));
  const message = page.locator('.message[role=status]');
  await expect(message).toContainText('made for another inventory');
  expect((await message.textContent())!.length).toBeLessThan(600);
  await expect(message).toContainText('x…');

  await open(scenario('legend-names.geojson', hash));
  await expect(message).toContainText('listed more than once');
  await expect(message).toContainText('"b" is both compromised and protected: read as compromised');
  expect(await hook(page, (h) => h.scenario)).toEqual({
    compromised: ['hub', 'b'],
    protected: ['d'],
    radiusKm: 0,
  });
  await page.getByTestId('present').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await page.keyboard.press('Escape');
  expect(app.errors).toEqual([]);
});

test('a facility with 3,000 dependents and 1,000 properties: lists are paged and counted', async ({}, info) => {
  const features: unknown[] = [];
  const props: Record<string, string> = { id: 'big', name: 'Big provider', sector: 'energy' };
  for (let k = 0; k < 1000; k++) props[`key${k}`] = `value ${k}`;
  features.push({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [10, 50] },
    properties: props,
  });
  for (let i = 0; i < 3000; i++) {
    features.push({
      type: 'Feature',
      geometry: {
        type: 'Point',
        coordinates: [10 + (i % 60) * 0.05, 48 + Math.floor(i / 60) * 0.05],
      },
      properties: { id: `d${i}`, name: `Dependent ${i}`, sector: 'water', depends_on: ['big'] },
    });
  }
  await page.setInputFiles('[data-testid=file-input]', {
    name: 'many-dependents.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
  });
  await expect.poll(() => hook(page, (h) => h.facilities), { timeout: 90_000 }).toBe(3001);
  await page.getByRole('tab', { name: 'Details' }).click();
  await search(page, 'Big provider');
  const details = page.getByTestId('details');
  await expect(page.getByTestId('dependents-count')).toHaveText(/3,000 dependents, by service/);
  await expect(details.getByTestId('list-more').first()).toContainText(
    'First 200 of 3,000 facilities shown',
  );
  expect(await details.locator('li').count()).toBe(200);
  expect(await details.locator('table.props tr').count()).toBe(200);
  await expect(details).toContainText('First 200 of 1,003 properties shown');
  await details.getByTestId('list-more').first().getByRole('button').click();
  expect(await details.locator('li').count()).toBe(1200);
  await shot(page, info, 'paged-dependents');
  expect(app.errors).toEqual([]);
});
