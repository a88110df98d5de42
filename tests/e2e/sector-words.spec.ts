/**
 * Everyday sector words and the zone drawn after keyboard changes, in a real Chromium: a
 * planner's spreadsheet of 30 Belgian, Dutch and German sites whose "Type" column says
 * "Umspannwerk", "ziekenhuis", "Power Plant"... goes through the mapping dialog, which proposes
 * a core sector for each word; then the impact radius is changed with the keyboard and the
 * circle maplibre draws must have the slider's radius.
 */
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hook, openApp, search, shot, type Watched } from './app.ts';

// Serial, one page: the radius and layout tests work on the spreadsheet the mapping test
// loaded.
test.describe.configure({ mode: 'serial' });

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'sector-words.csv');

let page: Page;
let app: Watched;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  app = await openApp(page);
});

test.afterAll(async () => {
  await page.close();
});

test('the mapping dialog proposes core sectors for everyday type words and keeps the words', async ({}, info) => {
  await page.setInputFiles('[data-testid=file-input]', FIXTURE);
  const dialog = page.getByTestId('field-mapping');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Sector in sector-words.csv', { exact: true })).toHaveValue(
    'Type',
  );
  const proposals: Record<string, string> = {
    'Power Plant': 'energy',
    Substation: 'energy',
    Umspannwerk: 'energy',
    Kraftwerk: 'energy',
    'centrale électrique': 'energy',
    'Water Treatment': 'water',
    Wasserwerk: 'water',
    "station d'épuration": 'water',
    'Data Centre': 'telecom',
    'Telecom Exchange': 'telecom',
    Rechenzentrum: 'telecom',
    Hospital: 'health',
    Krankenhaus: 'health',
    ziekenhuis: 'health',
    'Fire station': 'emergency',
    'Emergency Services': 'emergency',
    Feuerwehr: 'emergency',
    Airport: 'transport',
    Flughafen: 'transport',
    Port: 'transport',
    Rail: 'transport',
    Bahnhof: 'transport',
    Bank: 'finance',
    'Chemical Plant': 'chemical',
  };
  const shown = await dialog
    .locator('[data-testid=sector-value]')
    .evaluateAll((selects) =>
      Object.fromEntries(
        (selects as HTMLSelectElement[]).map((s) => [s.dataset.value ?? '', s.value]),
      ),
    );
  expect(shown).toEqual(proposals);
  await expect(dialog.getByLabel('Sector for “Bank” (2 rows)')).toHaveValue('finance');
  await shot(page, info, 'sector-values-dialog');

  // The planner keeps the data centre words as their own sector.
  await dialog.getByLabel('Sector for “Rechenzentrum” (1 row)').selectOption({
    label: 'keep “Rechenzentrum” as its own sector',
  });
  await page.getByTestId('mapping-confirm').click();
  await expect.poll(() => hook(page, (h) => h.ready && h.facilities)).toBe(30);
  const sectors = await hook(page, (h) => h.sectors);
  expect(sectors['DE-02']).toEqual(['energy', 'Umspannwerk']);
  expect(sectors['NL-02']).toEqual(['health', 'ziekenhuis']);
  expect(sectors['BE-13']).toEqual(['water', "station d'épuration"]);
  expect(sectors['DE-05']).toEqual(['transport', 'Flughafen']);
  expect(sectors['DE-07']).toEqual(['rechenzentrum', null]);
  await shot(page, info, 'sector-words-loaded');
  expect(app.errors).toEqual([]);
});

/** Great-circle distance, km, on the sphere the core uses (6371.0088 km). */
function km([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(a));
}

test('the zone drawn after keyboard changes of the radius has the slider radius', async ({}, info) => {
  await search(page, 'Doel');
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe('BE-01');
  await page.getByTestId('toggle-compromised').click();
  const slider = page.getByTestId('radius');
  await slider.focus();
  const doel: [number, number] = [4.259, 51.325];
  for (const keys of [
    ['PageUp'],
    ['ArrowRight', 'ArrowRight', 'ArrowRight'],
    ['ArrowLeft'],
    ['PageUp', 'ArrowLeft'],
  ]) {
    for (const key of keys) await page.keyboard.press(key);
    const value = Number(await slider.inputValue());
    expect(value).toBeGreaterThan(0);
    expect(await hook(page, (h) => h.scenario.radiusKm)).toBe(value);
    await expect(page.getByTestId('radius-value')).toHaveText(`${value} km`);
    await expect
      .poll(async () => {
        const edges = await hook(page, (h) => h.drawnZoneEdge());
        return edges.map((e) => Math.round(km(doel, e) * 10) / 10);
      })
      .toEqual([value]);
  }
  await shot(page, info, 'zone-after-keyboard');
  expect(app.errors).toEqual([]);
});

test('fits a 1024x768 laptop and a 1440x900 screen; present mode frames the cascade', async ({}, info) => {
  /** Heights and overflow of what must stay on one line or in view. */
  const layout = () =>
    page.evaluate(() => {
      const box = (sel: string) => {
        const e = document.querySelector(sel) as HTMLElement | null;
        return e
          ? { height: e.getBoundingClientRect().height, scroll: e.scrollHeight - e.clientHeight }
          : null;
      };
      const buttons = [...document.querySelectorAll('header button, .left .grid button')].map((b) =>
        Math.round(b.getBoundingClientRect().height),
      );
      return {
        counts: box('[data-testid=header-counts]'),
        buttons: Math.max(...buttons),
        playback: box('.playback'),
        legend: box('.left-legend'),
      };
    });
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(page.getByTestId('header-counts')).toBeVisible();
  await expect(page.getByTestId('header-counts')).toContainText('30 facilities');
  const small = await layout();
  expect(small.buttons).toBeLessThan(34); // one line of text each
  expect(small.playback!.height).toBeLessThan(45); // one line
  await shot(page, info, 'layout-1024x768');

  await page.setViewportSize({ width: 1440, height: 900 });
  await expect.poll(async () => (await layout()).legend!.scroll).toBe(0);
  await shot(page, info, 'layout-1440x900');

  // Present mode: the map frames what fails (zoomed in on it), the chips count the wave shown.
  const before = (await hook(page, (h) => h.view))!.zoom;
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await expect.poll(async () => (await hook(page, (h) => h.view))!.zoom).toBeGreaterThan(before);
  const failedAt0 = await page.getByTestId('playhead').textContent();
  const shownFailed = Number(/· (\d+) failed/.exec(failedAt0 ?? '')![1]);
  await expect(page.getByTestId('briefing')).toContainText('Wave 0 shown');
  await expect(page.getByTestId('briefing')).toContainText(`${shownFailed} of `);
  await shot(page, info, 'present-mode');
  await page.keyboard.press('Escape');
  expect(app.errors).toEqual([]);
});
