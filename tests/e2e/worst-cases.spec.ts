/**
 * The Worst cases panel (SPEC 6) in a real Chromium, on the hand-worked fixture
 * tests/fixtures/e2e/worst-cases.geojson: N-2 pairs, worst placement, best protection and
 * Monte Carlo, each run in a worker, each agreeing with the CLI. One page for the file.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { analyze, hook, openApp, shot, type Watched } from './app.ts';

test.describe.configure({ mode: 'serial' });

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'worst-cases.geojson');
let app: Watched;
let page: Page;

function cli(args: string[]): unknown {
  return JSON.parse(analyze([FIXTURE, ...args]));
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  await expect.poll(() => hook(page, (h) => h.facilities), { timeout: 60_000 }).toBe(9);
  await page.waitForFunction(() => window.__ripplemap?.ready === true);
  await page.getByRole('tab', { name: 'Worst cases' }).click();
});

test.afterAll(async () => {
  await page.close();
});

test('N-2 pairs: the list, the pair explained and highlighted, one click to the scenario', async ({}, info) => {
  await page.getByTestId('find-pairs').click();
  const rows = page.getByTestId('pairs').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toContainText('North feed substation + South feed substation');
  await expect(rows.first().locator('td').nth(1)).toHaveText('2');
  await rows.first().getByRole('button').first().click();
  await expect(page.getByTestId('pair-explanation')).toHaveText(
    'Together, North feed substation and South feed substation take out 2 of the 2 energy ' +
      'providers of City waterworks (it needs 1); 1 more fails in turn.',
  );
  await shot(page, info, 'pair-selected');
  await rows.first().getByRole('button', { name: 'Scenario' }).click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(4);
  expect(await hook(page, (h) => h.scenario)).toEqual({
    compromised: ['s1', 's2'],
    protected: [],
    radiusKm: 0,
  });
  expect(app.errors).toEqual([]);
});

test('worst placement: ranked as the CLI ranks, heat style, one click to the scenario', async ({}, info) => {
  await page.getByTestId('placement-radius').fill('1');
  await page.getByTestId('rank-placements').click();
  const rows = page.getByTestId('placements').locator('tbody tr');
  await expect(rows).toHaveCount(9);
  const expected = cli(['--worst-radius', '1']) as { placements: { impact: number }[] };
  const shown = await rows.locator('td:nth-child(3)').allTextContents();
  expect(shown.map(Number)).toEqual(expected.placements.map((p) => p.impact));
  await page.getByTestId('placement-heat').check();
  await shot(page, info, 'placement-heat');
  await page.getByTestId('placement-heat').uncheck();
  await rows.first().getByRole('button', { name: 'Scenario' }).click();
  await expect.poll(() => hook(page, (h) => h.scenario.radiusKm)).toBe(1);
  expect((await hook(page, (h) => h.scenario)).compromised).toEqual(['s1']);
  expect(await hook(page, (h) => h.failedCount)).toBe(4);
  expect(app.errors).toEqual([]);
});

test('best protection: the suggestion, before and after, applied as protection', async ({}, info) => {
  // Making a place the scenario selected its centre (the Details tab): back to the panel.
  await page.getByRole('tab', { name: 'Worst cases' }).click();
  await page.getByTestId('protect-budget').fill('2');
  await page.getByTestId('suggest-protection').click();
  await expect(page.getByTestId('protection-result')).toHaveText(
    '4 fail now; 2 with these protected.',
  );
  expect(cli(['--compromise', 's1', '--radius-km', '1', '--protect-budget', '2'])).toEqual({
    protect: ['city'],
    failed: 2,
    baseline: 4,
  });
  await expect(page.getByTestId('worst-protection')).toContainText('City waterworks');
  await page.getByTestId('apply-protection').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(2);
  expect((await hook(page, (h) => h.scenario)).protected).toEqual(['city']);
  await shot(page, info, 'protection-applied');
  expect(app.errors).toEqual([]);
});

test('Monte Carlo: runs in a worker with the numbers of the CLI, chart and probability heat', async ({}, info) => {
  await page.getByTestId('mc-runs').fill('3000');
  await page.getByTestId('mc-seed').fill('7');
  await page.getByTestId('run-mc').click();
  const totals = page.getByTestId('mc-totals');
  await expect(totals).toContainText('3,000 runs, seed 7');
  const expected = cli([
    '--compromise',
    's1',
    '--radius-km',
    '1',
    '--protect',
    'city',
    '--monte-carlo',
    '3000',
    '--seed',
    '7',
  ]) as { failedCount: { mean: number; p90: number }; exceedance: [number, number][] };
  await expect(totals).toContainText(`mean ${expected.failedCount.mean.toFixed(1)}`);
  await expect(totals).toContainText(`P90 ${expected.failedCount.p90}`);
  await expect(page.getByTestId('mc-chart').locator('rect')).toHaveCount(
    expected.exceedance.length,
  );
  await expect(page.getByTestId('mc-warnings')).toContainText('2 unusable value(s)');
  await page.getByTestId('probability-heat').check();
  await shot(page, info, 'monte-carlo');
  expect(app.errors).toEqual([]);
});
