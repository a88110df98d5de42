/**
 * The three scenarios of data/README.md in a real Chromium, on the bundled sample: the app
 * fails what the CLI fails (tests/sample/scenarios.test.ts pins the figures), with
 * screenshots of each to look at. One page for the file, arcs hidden (SwiftShader is slow).
 */
import { expect, test, type Page } from '@playwright/test';
import { cli, hideArcs, hook, openApp, search, shot, type Watched } from './app.ts';

test.describe.configure({ mode: 'serial' });

let app: Watched;
let page: Page;
const SAMPLE = 'data/europe.geojson';

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
  await hideArcs(page);
});

test.afterAll(async () => {
  await page.close();
});

/** The failed ids the page shows equal the CLI's, as sets (counts alone could hide a swap). */
async function sameFailedAsCli(expected: { failed: { id: string }[] }): Promise<void> {
  const want = expected.failed.map((f) => f.id).sort();
  await expect
    .poll(async () => (await hook(page, (h) => h.failedIds)).slice().sort())
    .toEqual(want);
}

/** Selects each id by search and marks it compromised. */
async function compromise(ids: string[]): Promise<void> {
  for (const id of ids) {
    await search(page, id);
    await expect.poll(() => hook(page, (h) => h.selectedId)).toBe(id);
    await page.getByTestId('toggle-compromised').click();
  }
  await expect.poll(() => hook(page, (h) => h.scenario.compromised)).toEqual(ids);
}

test('1. the Aubange substation fails facilities in Belgium, Luxembourg and France', async ({}, info) => {
  await compromise(['sub-bel-5554']);
  const expected = cli([SAMPLE, '--compromise', 'sub-bel-5554']);
  await sameFailedAsCli(expected);
  const byCountry = await hook(page, (h) => h.summary!.byCountry);
  expect(Object.keys(byCountry).sort()).toEqual(['BEL', 'FRA', 'LUX']);
  await shot(page, info, 'scenario-1-aubange');
  expect(app.errors).toEqual([]);
});

test('2. Carregado and Vialonga together island Lisbon', async ({}, info) => {
  await page.getByRole('button', { name: 'Clear' }).click();
  await compromise(['sub-prt-2074', 'sub-prt-2075']);
  const expected = cli([SAMPLE, '--compromise', 'sub-prt-2074,sub-prt-2075']);
  await sameFailedAsCli(expected);
  await shot(page, info, 'scenario-2-lisbon-pair');
  expect(app.errors).toEqual([]);
});

test('3. a 20 km radius over the port of Copenhagen reaches Sweden', async ({}, info) => {
  await page.getByRole('button', { name: 'Clear' }).click();
  await compromise(['port-dkcph']);
  await page.getByTestId('radius').fill('20');
  await expect(page.getByTestId('radius-value')).toHaveText('20 km');
  const expected = cli([SAMPLE, '--compromise', 'port-dkcph', '--radius-km', '20']);
  await sameFailedAsCli(expected);
  expect(await hook(page, (h) => h.summary!.spillover)).toBeGreaterThan(0);
  await shot(page, info, 'scenario-3-copenhagen-radius');
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
});
