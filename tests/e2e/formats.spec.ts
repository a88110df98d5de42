/**
 * Files from GIS tools and spreadsheets, in a real Chromium (issue #16): a GeoPackage written
 * by GDAL (SQLite read by sql.js's WebAssembly in the load worker, under the worker's CSP) and
 * an Excel workbook with a facilities and a dependencies sheet (through the mapping dialog),
 * each with the counts and report the CLI gives for the same file; then the open inventory
 * exported as a GeoPackage, which opens again with the same facilities and dependencies.
 * One page for the file: each test loads its own file, in order, and the export test exports
 * what the one before it opened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { analyze, cspViolations, hideArcs, hook, openApp, shot, type Watched } from './app.ts';

test.describe.configure({ mode: 'serial' });

const FORMATS = join(import.meta.dirname, '..', 'fixtures', 'formats');

let page: Page;
let app: Watched;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  app = await openApp(page);
  await hideArcs(page);
});

test.afterAll(async () => {
  await page.close();
});

/** What the CLI's --validate says of `files`: counts and the report's codes. */
function validated(files: string[]): {
  facilities: number;
  dependencies: number;
  errors: number;
  warnings: number;
} {
  const out = JSON.parse(analyze([...files, '--validate']));
  return {
    facilities: out.facilities,
    dependencies: out.dependencies,
    errors: out.errors.length,
    warnings: out.warnings.length,
  };
}

async function shown(): Promise<{ facilities: number; dependencies: number }> {
  return hook(page, (h) => ({ facilities: h.facilities, dependencies: h.dependencies }));
}

test('the CLI bundle users run reads every format (its libraries load from split chunks)', () => {
  const counts: Record<string, [number, number]> = {};
  for (const file of [
    'gpkg-sites.gpkg',
    'gpkg-sites-3035.gpkg',
    'inventory.kml',
    'inventory.kmz',
    'inventory.fgb',
    'gdal-25832.fgb',
    'xlsx-planner.xlsx',
    'geoparquet-planner-utm33.parquet',
    'geoparquet-ogc-points.parquet',
  ]) {
    const out = validated([join(FORMATS, file)]);
    counts[file] = [out.facilities, out.dependencies];
  }
  // The same small inventory in KML, KMZ and FlatGeobuf (tests/fixtures/formats/README-kml-fgb.md).
  expect(counts['inventory.kml']).toEqual([6, 3]);
  expect(counts['inventory.kmz']).toEqual(counts['inventory.kml']);
  expect(counts['inventory.fgb']).toEqual(counts['inventory.kml']);
  for (const [file, [facilities]] of Object.entries(counts)) {
    expect(facilities, file).toBeGreaterThan(0);
  }
});

test('a GeoPackage from GDAL opens as the CLI reads it', async () => {
  const file = join(FORMATS, 'gpkg-sites.gpkg');
  const cli = validated([file]);
  const before = await shown();
  await page.setInputFiles('[data-testid=file-input]', file);
  await expect.poll(shown).not.toEqual(before);
  expect(await shown()).toEqual({ facilities: cli.facilities, dependencies: cli.dependencies });
  await page.getByRole('tab', { name: /Report/ }).click();
  await expect(page.getByTestId('rejected-count')).toHaveText(String(cli.errors));
  await expect(page.getByTestId('warning-count')).toHaveText(String(cli.warnings));
  expect(app.errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});

test('an Excel workbook with facilities and dependencies sheets opens through the mapping dialog', async ({}, info) => {
  const file = join(FORMATS, 'xlsx-planner.xlsx');
  const cli = validated([file]);
  await page.setInputFiles('[data-testid=file-input]', file);
  const dialog = page.getByTestId('field-mapping');
  await expect(dialog).toBeVisible();
  await shot(page, info, 'xlsx-mapping');
  await page.getByTestId('mapping-confirm').click();
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(cli.facilities);
  expect((await shown()).dependencies).toBe(cli.dependencies);
  expect(app.errors).toEqual([]);
});

test('the open inventory saved as a GeoPackage opens again the same', async ({}, info) => {
  const before = await shown();
  await page.getByRole('tab', { name: /Report/ }).click();
  await shot(page, info, 'report-with-export');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId('export-geopackage').click(),
  ]);
  expect(download.suggestedFilename()).toBe('xlsx-planner.gpkg');
  const path = info.outputPath('exported.gpkg');
  await download.saveAs(path);
  expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  // Back to the sample, then the exported file: the same facilities and dependencies.
  await page.setInputFiles('[data-testid=file-input]', join(FORMATS, 'gpkg-sites.gpkg'));
  await expect.poll(shown).not.toEqual(before);
  await page.setInputFiles('[data-testid=file-input]', path);
  await expect.poll(shown).toEqual(before);
  expect(validated([path])).toMatchObject(before);
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
