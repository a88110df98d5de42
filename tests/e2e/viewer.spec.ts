/**
 * The planner's loop in a real Chromium on the bundled sample: load, explore, compromise,
 * radius, protect, explanation, playback. One page for the whole file (SwiftShader is slow).
 *
 * Why the tests share a page and run in order: opening the app on the sample costs 10-30 s
 * under SwiftShader, a fresh page per test would double the file's time. The first three
 * tests leave the page as they found it (nothing compromised, no filter). From "search,
 * compromise" on, the arcs are hidden and each starts from the scenario the one before left: playback steps through
 * the Berlin cascade; "impact radius and protection" widens that scenario and protects in it;
 * "criticality" starts from that radius (it checks that "Scenario" does not carry it over). To
 * run one of those alone, run it with the tests before it.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  cli,
  crossBorderKeys,
  cspViolations,
  hideArcs,
  hook,
  openApp,
  search,
  shot,
  type Watched,
} from './app.ts';

test.describe.configure({ mode: 'serial' });

let app: Watched;
let page: Page;
const SAMPLE = 'data/europe.geojson';
const TARGET = 'sub-prt-2074';

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
});

test.afterAll(async () => {
  await page.close();
});

test('opens on the sample with every facility and dependency drawn, no errors', async ({}, info) => {
  const counts = await hook(page, (h) => ({ drawn: h.drawn, f: h.facilities, d: h.dependencies }));
  expect(counts.f).toBeGreaterThan(2000);
  expect(counts.drawn.facilities).toBe(counts.f);
  expect(counts.drawn.dependencies).toBe(counts.d);
  await expect(page.getByTestId('attribution')).toContainText('JRC Open Power Plants Database');
  // The grid's own caveats travel with its credit (data/README.md).
  await expect(page.getByTestId('attribution')).toContainText('unofficial ENTSO-E map extract');
  await expect(page.getByTestId('attribution')).toContainText('schematic coordinates');
  await shot(page, info, 'opened');
  expect(app.errors).toEqual([]);
});

test('cross-border only keeps exactly the cross-border arcs', async ({}, info) => {
  await page.getByTestId('cross-border-only').check();
  const arcs = await hook(page, (h) => h.drawn.dependencies);
  expect(arcs).toBeGreaterThan(0);
  expect(arcs).toBeLessThan(await hook(page, (h) => h.dependencies));
  // Exactly those: the same dependencies the rule picks out of the CLI's load of the file.
  expect(await hook(page, (h) => h.drawnDependencyKeys)).toEqual(crossBorderKeys([SAMPLE]));
  await shot(page, info, 'cross-border-only');
  await page.getByTestId('cross-border-only').uncheck();
});

test('"/" finds the search box from a checkbox; search ignores accents and says when nothing matches', async () => {
  await page.getByTestId('cross-border-only').focus();
  await page.keyboard.press('/');
  const box = page.locator('input[type=search]');
  await expect(box).toBeFocused();
  await page.keyboard.type('setubal');
  await expect(page.locator('#search-results li').first()).toContainText('Setúbal');
  await box.fill('zzqx');
  await expect(page.getByTestId('search-none')).toContainText('zzqx');
  // Escape closes the list; a search started at once after it keeps its list open (the
  // blur's delayed close used to shut it 150 ms later).
  await page.keyboard.press('Escape');
  await box.click();
  await box.fill('Be');
  await page.waitForTimeout(300);
  await expect(page.locator('#search-results li').first()).toBeVisible();
  await box.fill('');
  await page.keyboard.press('Escape');
});

test('search, compromise: the browser fails what the CLI fails, and explains it', async ({}, info) => {
  await hideArcs(page); // from here on the tests are about what fails; the arcs were checked
  await search(page, 'Carregado substation (220');
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe(TARGET);
  await expect(page.getByTestId('location')).toHaveText('At 39.03839° N, 8.97308° W.');
  const t0 = Date.now();
  await page.getByTestId('toggle-compromised').click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBeGreaterThan(1);
  test
    .info()
    .annotations.push({ type: 'click-to-result-ms', description: String(Date.now() - t0) });
  const expected = cli([SAMPLE, '--compromise', TARGET]);
  expect(await hook(page, (h) => h.failedCount)).toBe(expected.summary.failed);
  expect(await hook(page, (h) => h.failedIds)).toEqual(expected.failed.map((f) => f.id));

  // Explain a cascade failure: select its row in the results, the chain leads to the attack.
  await page.getByRole('tab', { name: /Results/ }).click();
  await page.getByTestId('failed-table').locator('tbody tr').nth(1).click();
  await expect(page.getByTestId('explanation')).toContainText('Carregado substation (220 kV)');
  await expect(page.getByTestId('explanation')).toContainText('is compromised');
  await shot(page, info, 'compromised-explained');
  expect(app.errors).toEqual([]);
});

test('playback steps through the waves', async ({}, info) => {
  await page.getByRole('button', { name: 'Previous step' }).click();
  await expect(page.getByTestId('playhead')).toContainText('Wave');
  const before = await page.getByTestId('playhead').textContent();
  await page.getByRole('button', { name: 'Previous step' }).click();
  const after = await page.getByTestId('playhead').textContent();
  expect(after).not.toBe(before);
  await shot(page, info, 'playback');
  // Switching the unit mid-playback starts over in the new unit, not at the end state.
  await page.getByRole('radio', { name: 'Hours' }).click();
  await expect(page.getByTestId('playhead')).toContainText('+0 h');
  await page.getByRole('radio', { name: 'Waves' }).click();
  await expect(page.getByTestId('playhead')).toContainText('Wave 0');
  await page.getByRole('button', { name: 'End', exact: true }).click();
  await expect(page.getByTestId('playhead')).toContainText('End state');
  expect(app.errors).toEqual([]);
});

test('impact radius and protection agree with the CLI', async ({}, info) => {
  await page.getByTestId('radius').fill('40');
  await expect(page.getByTestId('radius-value')).toHaveText('40 km');
  const zone = cli([SAMPLE, '--compromise', TARGET, '--radius-km', '40']);
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(zone.summary.failed);
  expect(await hook(page, (h) => h.failedIds)).toEqual(zone.failed.map((f) => f.id));
  expect(await hook(page, (h) => h.drawn['impact-zone'])).toBe(1);
  await shot(page, info, 'radius-40km');

  // Protect the first cascade failure: fewer facilities fail, exactly as the CLI says.
  const firstCascade = zone.failed.find((f) => (f as { reason?: string }).reason === 'cascade')!;
  await search(page, firstCascade.id);
  await page.getByTestId('toggle-protected').click();
  const protecting = (ids: string[]) =>
    cli([SAMPLE, '--compromise', TARGET, '--radius-km', '40', '--protect', ids.join(',')]);
  const mitigated = protecting([firstCascade.id]);
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(mitigated.summary.failed);
  expect(await hook(page, (h) => h.failedIds)).toEqual(mitigated.failed.map((f) => f.id));
  expect(mitigated.summary.failed).toBeLessThanOrEqual(zone.summary.failed);
  await expect(page.getByTestId('protected-fails')).toHaveCount(0);
  await shot(page, info, 'protected');

  // Protecting a facility inside the zone changes nothing, and the panel says so.
  const inZone = zone.failed.find((f) => (f as { reason?: string }).reason === 'radius')!;
  await search(page, inZone.id);
  await page.getByTestId('toggle-protected').click();
  await expect(page.getByTestId('protected-fails')).toHaveCount(1);
  const both = protecting([firstCascade.id, inZone.id]);
  expect(both.summary.failed).toBe(mitigated.summary.failed);
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(both.summary.failed);
  expect(await hook(page, (h) => h.failedIds)).toEqual(both.failed.map((f) => f.id));
  expect(app.offOrigin).toEqual([]);
  expect(app.errors).toEqual([]);
});

test('criticality ranks every facility as the CLI does; one click makes a scenario', async ({}, info) => {
  await page.getByRole('button', { name: 'Clear' }).click();
  // The radius of the scenario before stays set: "Scenario" must not carry it over.
  expect(await hook(page, (h) => h.scenario.radiusKm)).toBeGreaterThan(0);
  await page.getByRole('tab', { name: 'Criticality' }).click();
  await page.getByTestId('rank').click();
  const rows = page.getByTestId('ranking').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const expected = cli([SAMPLE, '--rank', '3']) as unknown as {
    ranking: { id: string; impact: number }[];
  };
  const impacts = await rows.locator('td:nth-child(3)').allTextContents();
  expect(impacts.slice(0, 3).map(Number)).toEqual(expected.ranking.map((r) => r.impact));
  await page.getByTestId('heat').check();
  await expect(page.getByTestId('heat-legend')).toContainText(String(expected.ranking[0]!.impact));
  await shot(page, info, 'criticality-heat');
  await rows.first().getByRole('button', { name: 'Scenario' }).click();
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(expected.ranking[0]!.impact);
  const top = cli([SAMPLE, '--compromise', expected.ranking[0]!.id]);
  expect(await hook(page, (h) => h.failedIds)).toEqual(top.failed.map((f) => f.id));
  expect(await hook(page, (h) => h.scenario)).toEqual({
    compromised: [expected.ranking[0]!.id],
    protected: [],
    radiusKm: 0,
  });
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
});
