/**
 * Nothing lost on a reload (issue #16), in a real Chromium with its real IndexedDB: the work on
 * the sample; a planner's
 * spreadsheet pair, mapped once in the dialog, a scenario and a briefing title; a reload opens
 * the same inventory (no dialog again), scenario and title. "Forget this inventory" removes it:
 * the next reload opens the sample. A share link made on that local file opens on the sample
 * with a note, and applies once the same file is opened. One page, in order: each test starts
 * where the one before left the browser's storage.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cspViolations, hideArcs, hook, openApp, search, shot, type Watched } from './app.ts';

test.describe.configure({ mode: 'serial' });

const PLANNER = join(import.meta.dirname, '..', 'fixtures', 'planner');
const FILES = [join(PLANNER, 'sites.csv'), join(PLANNER, 'links.csv')];

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

async function reloaded(): Promise<void> {
  await page.reload();
  await page.waitForFunction(() => window.__ripplemap?.ready === true, null, { timeout: 120_000 });
}

let sampleFacilities = 0;
let facilities = 0;
let link = '';

test('the work on the bundled sample survives a reload (its files are not stored)', async () => {
  sampleFacilities = await hook(page, (h) => h.facilities);
  await page.getByTestId('brief-title').fill('Sample drill');
  await search(page, 'Aubange');
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBeGreaterThan(1);
  const failed = await hook(page, (h) => h.failedIds);
  await page.waitForTimeout(800); // the work is written a moment after the last change
  await reloaded();
  await expect(page.getByTestId('brief-title')).toHaveValue('Sample drill');
  await expect.poll(() => hook(page, (h) => h.failedIds)).toEqual(failed);
  // Only the sample is open, so nothing offers to be forgotten.
  await expect(page.getByTestId('forget-inventory')).toHaveCount(0);
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('keep-enabled')).toBeChecked();
  await page.getByTestId('settings-close').click();
  expect(app.errors).toEqual([]);
});

test('a reload opens the same inventory, scenario and briefing, without asking again', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', FILES);
  await page.getByTestId('mapping-confirm').click();
  await expect.poll(() => hook(page, (h) => h.facilities)).not.toBe(sampleFacilities);
  facilities = await hook(page, (h) => h.facilities);
  await search(page, 'Central Power Station');
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBeGreaterThan(1);
  const failed = await hook(page, (h) => h.failedIds);
  await page.getByTestId('brief-title').fill('Amsterdam grid outage');
  await expect(page.getByTestId('forget-inventory')).toBeVisible();
  await page.getByTestId('share-link').click();
  link = (await page.getByTestId('share-url').inputValue()).replace(/^http:\/\/[^/]+/, '');
  await page.waitForTimeout(800); // the work is written a moment after the last change

  await reloaded();
  await expect(page.getByTestId('field-mapping')).toHaveCount(0);
  expect(await hook(page, (h) => h.facilities)).toBe(facilities);
  await expect.poll(() => hook(page, (h) => h.failedIds)).toEqual(failed);
  await expect(page.getByTestId('brief-title')).toHaveValue('Amsterdam grid outage');
  await expect(page.locator('header .name')).toHaveText('sites.csv + links.csv');
  await shot(page, info, 'kept-after-reload');
  expect(app.errors).toEqual([]);
});

test('"Forget this inventory" removes it: the next reload opens the sample', async () => {
  await page.getByTestId('forget-inventory').click();
  await expect(page.getByTestId('load-notice')).toContainText('Removed from this browser');
  await expect(page.getByTestId('forget-inventory')).toHaveCount(0);
  const stored = await page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('ripplemap')) return 0;
    return new Promise<number>((resolve) => {
      const open = indexedDB.open('ripplemap');
      open.onsuccess = () => {
        const count = open.result.transaction('kept').objectStore('kept').count();
        count.onsuccess = () => resolve(count.result);
      };
    });
  });
  expect(stored).toBe(0);
  await reloaded();
  expect(await hook(page, (h) => h.facilities)).toBe(sampleFacilities);
  expect(app.errors).toEqual([]);
});

test('a share link made on a local file applies once that file is opened', async ({}, info) => {
  await page.goto(link);
  await page.waitForFunction(() => window.__ripplemap?.ready === true, null, { timeout: 120_000 });
  expect(await hook(page, (h) => h.facilities)).toBe(sampleFacilities);
  await expect(page.locator('.banner.error')).toContainText(
    'Open that file (Open… or drop it here) and the scenario applies',
  );
  await page.setInputFiles('[data-testid=file-input]', FILES);
  await page.getByTestId('mapping-confirm').click();
  await expect.poll(() => hook(page, (h) => h.facilities)).toBe(facilities);
  await expect.poll(() => hook(page, (h) => h.scenario.compromised)).toEqual(['S1']);
  await expect(page.getByTestId('brief-title')).toHaveValue('Amsterdam grid outage');
  await expect(page.locator('.banner.error')).toHaveCount(0);
  await shot(page, info, 'pending-link-applied');
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
