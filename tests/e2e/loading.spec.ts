/**
 * Loading planners' own inventories in a real Chromium: drag and drop, the file picker, add
 * versus replace, bad features reported and the rest drawn, refused files leaving the
 * inventory untouched, CSV, zipped Shapefile, the field-mapping dialog, `?data=` addresses,
 * cancelling a large load and the size cap. One page for the whole file (SwiftShader is slow).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hook, openApp, shot, type Watched } from './app.ts';
import { dropGenerated, generateInPage, writeShapefile, writeZip } from './load-helpers.ts';

// One page, in order: a load replaces or adds to the inventory the test before left, and
// several tests check exactly that (garbage refused: the five-bad file of the test before
// stays; "Add" merges into the CSV files just loaded; cancel and the size cap: the inventory
// stays as it was). A page per test would also cost 10-30 s of SwiftShader start-up each.
test.describe.configure({ mode: 'serial' });

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'e2e');
const fixture = (name: string) => join(FIXTURES, name);

let app: Watched;
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
});

test.afterAll(async () => {
  await page.close();
});

/** Waits until the app holds `n` facilities and has finished loading. */
async function loaded(n: number): Promise<void> {
  await expect.poll(() => hook(page, (h) => h.facilities), { timeout: 60_000 }).toBe(n);
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
}

/** Facilities drawn as dots plus those drawn as shapes. */
function drawnFacilities(page: Page): Promise<number> {
  return hook(page, (h) => (h.drawn.facilities ?? 0) + (h.drawn['facility-shapes'] ?? 0));
}

test('the sample opens without the loading worker, exactly as the worker loads the same file', async () => {
  // Prepared when the app was built (vite.config.ts): no worker script was even fetched.
  const fetched = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name),
  );
  expect(fetched.some((url) => /europe\.prepared-.*\.json$/.test(url))).toBe(true);
  expect(fetched.filter((url) => /load-worker/.test(url))).toEqual([]);
  const prepared = await hook(page, (h) => h.digest());
  await page.setInputFiles('[data-testid=file-input]', join(ROOT, 'data', 'europe.geojson'));
  await expect(page.locator('header')).toContainText('europe.geojson', { timeout: 60_000 });
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
  expect(await hook(page, (h) => h.digest())).toBe(prepared);
  expect(app.errors).toEqual([]);
});

test('a GeoJSON file dropped on the page is drawn: every facility and dependency', async ({}, info) => {
  const text = readFileSync(fixture('grid.geojson'), 'utf8');
  const dataTransfer = await page.evaluateHandle((body) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], 'grid.geojson', { type: 'application/geo+json' }));
    return dt;
  }, text);
  await page.dispatchEvent('body', 'dragover', { dataTransfer, clientX: 300, clientY: 400 });
  await expect(page.getByTestId('drop-zones')).toContainText('Replace');
  await expect(page.getByTestId('drop-zones')).toContainText('Add');
  await page.dispatchEvent('body', 'drop', { dataTransfer, clientX: 300, clientY: 400 });
  await loaded(12);
  expect(await hook(page, (h) => h.dependencies)).toBe(12);
  expect(await drawnFacilities(page)).toBe(12);
  expect(await hook(page, (h) => h.drawn.dependencies)).toBe(12);
  await expect(page.locator('header')).toContainText('grid.geojson');
  await expect(page.getByTestId('drop-zones')).toHaveCount(0);
  await shot(page, info, 'dropped-grid');
  expect(app.errors).toEqual([]);
});

test('a file with exactly 5 bad features: 5 rejected in the report, the other 10 drawn', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', fixture('five-bad.geojson'));
  await loaded(10);
  expect(await drawnFacilities(page)).toBe(10);
  // The report opens by itself when something was rejected.
  await expect(page.getByTestId('rejected-count')).toHaveText('5');
  const rejected = page.getByTestId('report-table').locator('tr.rejected');
  await expect(rejected).toHaveCount(5);
  for (const id of ['bad-lon', 'bad-lat', 'bad-text', 'ok-3', 'bad-empty']) {
    await expect(rejected.filter({ hasText: id })).toHaveCount(1);
  }
  await expect(rejected.filter({ hasText: 'ok-3' })).toContainText('duplicate-id');
  await shot(page, info, 'report-five-bad');
  // The same report as CSV: one row per entry, the rejected ones among them.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('report-download').click(),
  ]);
  const path = info.outputPath('report.csv');
  await download.saveAs(path);
  const csv = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(csv[0]).toBe('level,file,index,id,code,message');
  expect(csv.filter((line) => line.startsWith('rejected,'))).toHaveLength(5);
  expect(csv.some((line) => line.includes(',ok-3,duplicate-id,'))).toBe(true);
  expect(app.errors).toEqual([]);
});

test('garbage is refused with a clear message and the previous inventory stays', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', fixture('garbage.geojson'));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('garbage.geojson');
  await expect(alert).toContainText('Nothing was changed');
  await expect(alert).toContainText(/line 3/);
  expect(await hook(page, (h) => h.facilities)).toBe(10);
  expect(await drawnFacilities(page)).toBe(10);
  await expect(page.locator('header')).toContainText('five-bad.geojson');
  await shot(page, info, 'garbage-refused');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  expect(app.errors).toEqual([]);
});

test('facilities and a dependencies CSV merge; "Add" merges more files into them', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', [
    fixture('facilities.csv'),
    fixture('dependencies.csv'),
  ]);
  await loaded(5);
  expect(await hook(page, (h) => h.dependencies)).toBe(5);
  expect(await hook(page, (h) => h.drawn.dependencies)).toBe(5);

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('add-files').click();
  await (await chooser).setFiles(fixture('grid.geojson'));
  await loaded(17);
  expect(await hook(page, (h) => h.dependencies)).toBe(17);
  await expect(page.locator('header')).toContainText(
    'facilities.csv + dependencies.csv + grid.geojson',
  );
  await shot(page, info, 'csv-plus-grid');
  expect(app.errors).toEqual([]);
});

test('a zipped Shapefile loads; its upper-case ID and NAME need no question', async ({}, info) => {
  const points = [
    {
      lon: 4.35,
      lat: 50.85,
      fields: { ID: 'shp-1', NAME: 'Brussels North', SECTOR: 'energy', COUNTRY: 'BE' },
    },
    {
      lon: 4.4,
      lat: 51.22,
      fields: { ID: 'shp-2', NAME: 'Antwerp port', SECTOR: 'transport', COUNTRY: 'BE' },
    },
    {
      lon: 3.72,
      lat: 51.05,
      fields: { ID: 'shp-3', NAME: 'Ghent water', SECTOR: 'water', COUNTRY: 'BE' },
    },
    {
      lon: 5.57,
      lat: 50.63,
      fields: { ID: 'shp-4', NAME: 'Liege hospital', SECTOR: 'health', COUNTRY: '' },
    },
  ];
  const parts = writeShapefile(points);
  const zip = writeZip({
    'substations.shp': parts.shp,
    'substations.shx': parts.shx,
    'substations.dbf': parts.dbf,
    'substations.prj': parts.prj,
  });
  await page.setInputFiles('[data-testid=file-input]', {
    name: 'substations.zip',
    mimeType: 'application/zip',
    buffer: zip,
  });
  await loaded(4);
  await expect(page.getByTestId('field-mapping')).toHaveCount(0);
  expect(await drawnFacilities(page)).toBe(4);
  await page.getByRole('tab', { name: /Report/ }).click();
  await expect(page.getByTestId('report-table')).toContainText('"ID" -> id');
  await shot(page, info, 'shapefile');
  expect(app.errors).toEqual([]);
});

test("a planner's own column names: the mapping dialog proposes, the user corrects, nothing is lost", async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', [
    fixture('planner-sites.csv'),
    fixture('planner-links.csv'),
  ]);
  const dialog = page.getByTestId('field-mapping');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Id in planner-sites.csv', { exact: true })).toHaveValue(
    'FacilityID',
  );
  await expect(dialog.getByLabel('Name in planner-sites.csv', { exact: true })).toHaveValue(
    'Site name',
  );
  await expect(dialog.getByLabel('Sector in planner-sites.csv', { exact: true })).toHaveValue(
    'Sektor',
  );
  await expect(dialog.getByLabel('Country in planner-sites.csv', { exact: true })).toHaveValue(
    'ISO',
  );
  await expect(dialog.getByLabel('Provider id in planner-links.csv', { exact: true })).toHaveValue(
    'provider_id',
  );
  await expect(dialog.getByLabel('Dependent id in planner-links.csv', { exact: true })).toHaveValue(
    'dependent_id',
  );
  // Nothing changes until the user answers.
  expect(await hook(page, (h) => h.facilities)).toBe(4);
  await shot(page, info, 'mapping-dialog');

  // The user prefers the short name as the display name.
  await dialog.getByLabel('Name in planner-sites.csv', { exact: true }).selectOption('Kurzname');
  await expect(dialog).toContainText('your choice');
  await page.getByTestId('mapping-confirm').click();
  await loaded(5);
  expect(await hook(page, (h) => h.dependencies)).toBe(4);

  // The chosen name is the facility's name; "Site name" is still there, shown in the details.
  await page.locator('input[type=search]').fill('KW Nord');
  await page.locator('#search-results li').first().waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe('KW-01');
  await page.getByRole('tab', { name: 'Details' }).click();
  await expect(page.locator('.tab-body')).toContainText('Kraftwerk Nord');
  await expect(page.locator('.tab-body')).toContainText('Site name');
  expect(app.errors).toEqual([]);
});

test('?data= on this site loads directly; another site only after the user confirms its host', async ({}, info) => {
  const grid = readFileSync(fixture('grid.geojson'));
  await page.route('**/shared/grid.geojson', (route) =>
    route.fulfill({ body: grid, contentType: 'application/geo+json' }),
  );
  await page.goto('/?data=shared/grid.geojson');
  await loaded(12);
  await expect(page.getByTestId('confirm-origin')).toHaveCount(0);

  const asked: { url: string; cookie: string | undefined }[] = [];
  await page
    .context()
    .addCookies([
      { name: 'session', value: 'secret', domain: 'data.example.org', path: '/', secure: true },
    ]);
  await page.route('https://data.example.org/**', async (route) => {
    const headers = await route.request().allHeaders();
    asked.push({ url: route.request().url(), cookie: headers.cookie });
    return route.fulfill({
      body: grid,
      contentType: 'application/geo+json',
      headers: { 'access-control-allow-origin': '*' },
    });
  });
  await page.goto(
    `/?data=${encodeURIComponent('https://data.example.org/inventories/grid.geojson')}`,
  );
  const confirm = page.getByTestId('confirm-origin');
  await expect(confirm).toBeVisible();
  await expect(page.getByTestId('confirm-host')).toHaveText('data.example.org');
  expect(asked).toEqual([]);
  await shot(page, info, 'confirm-origin');
  await page.getByTestId('confirm-load').click();
  await loaded(12);
  expect(asked).toHaveLength(1);
  expect(asked[0]!.cookie).toBeUndefined();
  // The confirmed host is the only other origin the page ever asked.
  expect(app.offOrigin.filter((url) => !url.startsWith('https://data.example.org/'))).toEqual([]);
  expect(app.errors).toEqual([]);
});

test('cancel stops a large load and the inventory stays as it was', async ({}, info) => {
  const before = await hook(page, (h) => h.facilities);
  const generated = await generateInPage(page, { megabytes: 60, name: 'large-60mb.geojson' });
  expect(generated.bytes).toBeGreaterThan(60e6);
  await dropGenerated(page);
  const progress = page.getByTestId('load-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('large-60mb.geojson');
  await expect(page.getByTestId('load-bytes')).toContainText('of 60 MB');
  await expect(page.getByTestId('load-bytes')).not.toContainText(/^\s*0 kB/);
  await shot(page, info, 'progress-60mb');
  await page.getByTestId('load-cancel').click();
  await expect(page.getByTestId('load-notice')).toContainText('cancelled');
  await expect(progress).toHaveCount(0);
  // The worker is gone: nothing arrives later.
  await page.waitForTimeout(3000);
  expect(await hook(page, (h) => h.facilities)).toBe(before);
  expect(await hook(page, (h) => h.ready)).toBe(true);
  expect(app.errors).toEqual([]);
});

test('past the size cap: a clear message instead of a crashed tab', async () => {
  const before = await hook(page, (h) => h.facilities);
  await page.evaluate(() => {
    const megabyte = new ArrayBuffer(1e6);
    const huge = new File([...Array<BlobPart>(400).fill(megabyte), 'x'], 'huge.geojson');
    (window as unknown as { __generated: File }).__generated = huge;
  });
  await dropGenerated(page);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('huge.geojson');
  await expect(alert).toContainText('over the 400 MB');
  expect(await hook(page, (h) => h.facilities)).toBe(before);
  expect(app.errors).toEqual([]);
});
