/**
 * Recovery in the viewer (issue #20) on a small inventory with repair and restart times
 * (tests/fixtures/e2e/recovery.geojson): the Results tab says when each failure comes back
 * and when everything is back, as the CLI does; crews queue the repairs; the repair order can
 * be changed from the keyboard; what backup saved is explained in words. No page errors.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cli, hook, openApp, search, shot, type Watched } from './app.ts';

// Serial, one page: the crews test goes on from the fixture and scenario the results test
// loaded and set.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const FILE = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'recovery.geojson');
let app: Watched;
let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  app = await openApp(page);
  await page.setInputFiles('[data-testid=file-input]', FILE);
  await expect.poll(() => hook(page, (h) => h.facilities), { timeout: 60_000 }).toBe(5);
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
});

test.afterAll(async () => {
  await page.close();
});

test('results say when each failure comes back, as the CLI does, and what backup saved', async ({}, info) => {
  for (const name of ['North substation', 'South substation']) {
    await search(page, name);
    await page.getByTestId('toggle-compromised').click();
  }
  await page.getByRole('tab', { name: /Results/ }).click();
  const expected = cli([FILE, '--compromise', 'sub-north,sub-south']) as unknown as {
    failed: { id: string; restored: number | null }[];
    summary: { restoredBy: number | null };
  };
  expect(expected.summary.restoredBy).toBe(10);
  await expect(page.getByTestId('back-by')).toContainText('Everything is back by +10 h');
  const back = page.getByTestId('back-list');
  await expect(back).toContainText('Radio mast');
  await expect(back.locator('li', { hasText: 'Radio mast' })).toContainText('back at +7 h');
  await expect(back.locator('li', { hasText: 'Waterworks' })).toContainText('back at +10 h');
  await expect(back.locator('li')).toHaveCount(expected.failed.length);
  await expect(page.getByTestId('held-out')).toContainText(
    'City hospital held out: North substation was back at +10 h, 38 h before its backup would have run out',
  );
  await page.getByTestId('recovery').scrollIntoViewIfNeeded();
  await shot(page, info, 'recovery-results');
  expect(app.errors).toEqual([]);
});

test('one crew queues the repairs; Alt+Up puts the North substation first', async ({}, info) => {
  await page.getByTestId('crews').fill('1');
  await page.getByTestId('crews').press('Enter');
  const oneCrew = cli([FILE, '--compromise', 'sub-north,sub-south', '--crews', '1']) as unknown as {
    summary: { restoredBy: number };
  };
  await expect(page.getByTestId('back-by')).toContainText(
    `back by +${oneCrew.summary.restoredBy} h`,
  );
  const order = page.getByTestId('repair-order').locator('li');
  await expect(order.first()).toContainText('South substation');
  await order.nth(1).locator('[data-repair]').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(order.first()).toContainText('North substation');
  await expect(page.locator('[data-repair]').first()).toBeFocused();
  const reordered = cli([
    FILE,
    '--compromise',
    'sub-north,sub-south',
    '--crews',
    '1',
    '--repair-order',
    'sub-north',
  ]) as unknown as { summary: { restoredBy: number } };
  await expect(page.getByTestId('back-by')).toContainText(
    `back by +${reordered.summary.restoredBy} h`,
  );
  await shot(page, info, 'recovery-reordered');
  expect(app.errors).toEqual([]);
});
