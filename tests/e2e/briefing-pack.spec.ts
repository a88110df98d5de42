/**
 * The briefing pack in a real Chromium, on a small inventory with accented names and
 * population_served (tests/fixtures/e2e/briefing-europe.geojson): PNG and PDF without a
 * scenario, the PDF's text read back (names as written, the marking line on every page, the
 * people figure as the CLI gives it, every failed facility listed), and the PNG at 2x.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { extractText } from 'unpdf';
import { analyze, cspViolations, hook, openApp, search, shot, type Watched } from './app.ts';

// Serial, one page: the tests share the loaded fixture, and the people test reads the PDF
// pages (scenarioPages) that the scenario-PDF test before it exported.
test.describe.configure({ mode: 'serial' });

const FIXTURE = 'tests/fixtures/e2e/briefing-europe.geojson';
const MARKING = 'Restricted – exercise Kraków';
const ACCENTED = [
  'Centrale de Liège',
  'Bank Kraków',
  'Κέντρο δεδομένων Ελλάδα',
  'Elektrodistribucija Београд',
];

let app: Watched;
let page: Page;
/** The scenario report's pages, read back by the test that exports it; the people test reads them. */
let scenarioPages: string[] = [];
/** The CLI's answer for the fixture and scenario. */
let cli: {
  failed: { id: string }[];
  summary: { failed: number; people: { atLeast: number; bySector: Record<string, number> } };
};

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
  await page.setInputFiles('[data-testid=file-input]', join(import.meta.dirname, '../..', FIXTURE));
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(11);
  await page.getByTestId('marking').fill(MARKING);
});

test.afterAll(async () => {
  await page.close();
});

/** Clicks an export button and keeps the file. */
async function exported(testId: string, info: TestInfo, name: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId(testId).click(),
  ]);
  const path = info.outputPath(name);
  await download.saveAs(path);
  return path;
}

/** The text of each page, whitespace runs as one space. */
async function pdfPages(path: string): Promise<string[]> {
  const { text } = await extractText(new Uint8Array(readFileSync(path)), { mergePages: false });
  return text.map((t) => t.replace(/\s+/g, ' '));
}

/**
 * The colour of a PNG export at a point of the map given in CSS pixels, at `scale` device
 * pixels per CSS pixel: the map's top is the first row below the white header that is not
 * white (the map's own frame line), read down the left edge.
 */
async function mapPixel(path: string, css: [number, number], scale: number): Promise<number[]> {
  const url = `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  return page.evaluate(
    async ({ url, css, scale }) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const at = (x: number, y: number) => Array.from(g.getImageData(x, y, 1, 1).data);
      const white = (p: number[]) => p[0]! > 250 && p[1]! > 250 && p[2]! > 250;
      let y = 0;
      while (y < img.height && !white(at(1, y))) y++; // the marking banner
      while (y < img.height && white(at(1, y))) y++; // the header
      return at(Math.round(css[0] * scale), y + Math.round(css[1] * scale));
    },
    { url, css, scale },
  );
}

async function pngSize(path: string): Promise<{ width: number; height: number }> {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('with no scenario, the PNG and PDF export an overview of the inventory', async ({}, info) => {
  await expect(page.getByTestId('export-png')).toBeEnabled();
  await expect(page.getByTestId('export-pdf')).toBeEnabled();
  const pages = await pdfPages(await exported('export-pdf', info, 'overview.pdf'));
  expect(pages.length).toBeGreaterThanOrEqual(2);
  for (const [k, text] of pages.entries()) {
    // Header and footer: the marking line twice on every page.
    expect(text.split(MARKING.toUpperCase()).length - 1, `page ${k + 1}`).toBe(2);
  }
  const all = pages.join(' ');
  expect(pages[0]).toContain('Inventory overview');
  expect(pages[0]).toContain('The inventory holds 11 facilities');
  for (const heading of [
    'Facilities by sector',
    'Facilities by country',
    'Cross-border dependencies by country pair',
    'Top single points of failure',
  ])
    expect(all).toContain(heading);
  expect(all).toContain('Belgium → Germany');
  expect(all).toContain('Centrale de Liège');
  expect(all).toContain('Κέντρο δεδομένων Ελλάδα');
});

test('the PNG at 2x has twice the pixels of the PNG at 1x', async ({}, info) => {
  const onePath = await exported('export-png', info, 'overview.png');
  await page.getByTestId('png-2x').check();
  const twoPath = await exported('export-png', info, 'overview@2x.png');
  await page.getByTestId('png-2x').uncheck();
  const one = await pngSize(onePath);
  const two = await pngSize(twoPath);
  expect(two.width).toBe(2 * one.width);
  expect(two.height).toBe(2 * one.height);
  // The dots are redrawn where they belong, not scaled or shifted: Port Gdańsk's dot has its
  // sector's colour (transport, #009E73) at its place in both.
  const gdansk = (await hook(page, (h) => h.project(18.66, 54.4)))!;
  for (const [path, scale] of [
    [onePath, 1],
    [twoPath, 2],
  ] as const) {
    const [r, g, b] = await mapPixel(path, gdansk, scale);
    expect(
      Math.abs(r! - 0x00) + Math.abs(g! - 0x9e) + Math.abs(b! - 0x73),
      `${scale}x`,
    ).toBeLessThan(60);
  }
  // The live map is back at its own pixel ratio.
  const ratio = await page.evaluate(() => {
    const c = document.querySelector('.maplibregl-canvas') as HTMLCanvasElement;
    return c.width / c.clientWidth;
  });
  expect(ratio).toBe(1);
});

test('the scenario PDF: names as written, marking on every page, people as the CLI, every failure listed', async ({}, info) => {
  await search(page, 'Centrale de Li');
  await page.getByTestId('toggle-compromised').click();
  cli = JSON.parse(analyze([FIXTURE, '--compromise', 'lg-plant'])) as typeof cli;
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(cli.summary.failed);
  expect((await hook(page, (h) => h.failedIds)).slice().sort()).toEqual(
    cli.failed.map((f) => f.id).sort(),
  );
  await page.getByRole('tab', { name: /^Results/ }).click();
  await expect(page.getByTestId('totals')).toBeVisible();
  await expect(page.getByTestId('chart-down').locator('svg')).toBeVisible();
  await shot(page, info, 'results-with-charts');
  // Present mode shows the cascade over time beside the map, and its data as a table.
  await page.getByTestId('present').click();
  await expect(page.getByTestId('briefing-charts').locator('svg').first()).toBeVisible();
  await expect(page.getByTestId('briefing-charts').locator('table').first()).toContainText('+15 h');
  await page.keyboard.press('End');
  await shot(page, info, 'present-with-charts');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toBeHidden();

  const path = await exported('export-pdf', info, 'scenario.pdf');
  const pages = await pdfPages(path);
  scenarioPages = pages;
  expect(pages.length).toBeGreaterThanOrEqual(3);
  for (const [k, text] of pages.entries()) {
    expect(text.split(MARKING.toUpperCase()).length - 1, `page ${k + 1}`).toBe(2);
    expect(text).toContain(`Page ${k + 1} of ${pages.length}`);
  }
  const all = pages.join(' ');
  for (const name of ACCENTED) expect(all).toContain(name);
  // Page 1 is the summary: the finding and the people figure, as the CLI counts them.
  expect(pages[0]).toContain('Loss of Centrale de Liège brings down 9 facilities in 6 countries');
  // The table lists every failed facility by name.
  const table = all.slice(all.indexOf('The failed facilities'), all.indexOf('Why they fail'));
  const names = await hook(page, (h) => h.failedCount);
  expect(names).toBe(cli.failed.length);
  const facilityNames = JSON.parse(readFileSync(FIXTURE, 'utf8')).features.map(
    (f: { properties: { id: string; name: string } }) => f.properties,
  ) as { id: string; name: string }[];
  for (const { id } of cli.failed) {
    const name = facilityNames.find((f) => f.id === id)!.name;
    expect(table, id).toContain(name);
  }
  // The explanation tree prints the shared link (the substation) once.
  const tree = all.slice(all.indexOf('Why they fail'), all.indexOf('Sources and caveats'));
  expect(tree.split('Poste de Liège-Bressoux loses energy').length - 1).toBe(1);
  for (const heading of [
    'The cascade over time',
    'Failures by sector',
    'Failures by country',
    'Sources and caveats',
    'Technical details',
  ])
    expect(all).toContain(heading);
  expect(all.indexOf('Technical details')).toBeGreaterThan(all.indexOf('Sources and caveats'));

  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

test('page 1, Results and present mode say how many people lose a service, as the CLI counts them', async () => {
  const { atLeast, bySector } = cli.summary.people;
  expect(atLeast).toBe(1_150_000);
  const n = (x: number) => x.toLocaleString('en-GB');
  const sentence = `At least ${n(atLeast)} people lose a service; ${n(bySector.energy!)} lose energy, ${n(bySector.telecom!)} lose telecommunications`;
  expect(scenarioPages[0]).toContain(sentence);
  // The finding and the headline figure.
  expect(scenarioPages[0]).toContain('at least 1.2 million people lose energy');
  expect(scenarioPages[0]).toContain(`${n(atLeast)} people lose a service (at least)`);
  await expect(page.getByTestId('people-line')).toContainText(sentence);
  await page.getByTestId('present').click();
  await expect(page.getByTestId('briefing-people')).toContainText(sentence);
  await expect(
    page.getByTestId('briefing-charts').getByTestId('chart-people').locator('svg'),
  ).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toBeHidden();
});

test('an inventory without population_served says nothing about people', async ({}, info) => {
  const point = (id: string, lon: number, depends: string[]) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, 50.8] },
    properties: { id, name: `Poste ${id}`, sector: 'energy', country: 'BE', depends_on: depends },
  });
  const body = JSON.stringify({
    type: 'FeatureCollection',
    features: [point('a', 4.3, []), point('b', 4.4, ['a']), point('c', 4.5, ['b'])],
  });
  await page.setInputFiles('[data-testid=file-input]', {
    name: 'three-substations.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from(body),
  });
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(3);
  await search(page, 'Poste a');
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(3);
  await page.getByRole('tab', { name: /^Results/ }).click();
  await expect(page.getByTestId('totals')).toBeVisible();
  await expect(page.getByTestId('people-line')).toHaveCount(0);
  await expect(page.getByTestId('chart-people')).toHaveCount(0);
  const pages = await pdfPages(await exported('export-pdf', info, 'three-substations.pdf'));
  const all = pages.join(' ');
  expect(all).toContain('Poste a');
  expect(all.toLowerCase()).not.toContain('people');
  expect(app.errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
