/**
 * Briefing in a real Chromium: the documented sample scenario, briefing mode from the
 * keyboard, PNG and PDF exports (looked at, and checked here), and a share link round trip.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { cli, cspViolations, hook, openApp, search, shot, type Watched } from './app.ts';

// One page, in order, because opening the sample costs 10-30 s under SwiftShader: beforeAll
// sets up the documented scenario (compromise, title, marking) and every test reads it and
// leaves it as it found it (briefing mode is left with Escape); none needs another's result.
test.describe.configure({ mode: 'serial' });

let app: Watched;
let page: Page;
/** The first scenario of data/README.md: the Aubange substation (Belgium). */
const TARGET = 'sub-bel-5554';

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  app = await openApp(page);
  await search(page, 'Aubange substation');
  await expect.poll(() => hook(page, (h) => h.selectedId)).toBe(TARGET);
  await page.getByTestId('toggle-compromised').click();
  await page.getByTestId('brief-title').fill('Loss of the Aubange substation');
  await page.getByTestId('marking').fill('Exercise only');
});

test.afterAll(async () => {
  await page.close();
});

test('the documented scenario fails assets in three countries, as the CLI says', async () => {
  const expected = cli(['data/europe.geojson', '--compromise', TARGET]);
  await expect.poll(() => hook(page, (h) => h.failedCount)).toBe(expected.summary.failed);
  expect(await hook(page, (h) => h.failedIds)).toEqual(expected.failed.map((f) => f.id));
  const byCountry = await hook(page, (h) => h.summary!.byCountry);
  expect(Object.keys(byCountry).length).toBeGreaterThanOrEqual(3);
});

test('briefing mode steps through the waves with the keyboard and Esc leaves', async ({}, info) => {
  await page.getByTestId('present').click();
  await expect(page.getByTestId('briefing')).toBeVisible();
  await expect(page.getByTestId('playhead')).toContainText('Wave 0');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('playhead')).toContainText('Wave 1');
  await shot(page, info, 'briefing-wave-1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('playhead')).toContainText('Wave 2');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('playhead')).toContainText('Wave 1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('briefing')).toBeHidden();
  await expect(page.getByTestId('brief-title')).toBeVisible();
  // Keyboard users land back on the button that opened the briefing.
  await expect(page.getByTestId('present')).toBeFocused();
});

/** Size, colour variety and the presence of a sector colour in the footer, read in the page. */
async function inspectPng(path: string, mapHeight: number) {
  const dataUrl = `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  return page.evaluate(
    async ({ url, mapHeight }) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const all = g.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < all.length; i += 4 * 97)
        colours.add((all[i]! << 16) | (all[i + 1]! << 8) | all[i + 2]!);
      // Below the map: its top banner and header take at least 26 + 64 px; the footer (legend,
      // summary, attribution, banner) is the rest, however many lines the credits wrap to.
      const below = c.height - mapHeight - 26 - 64;
      const footer = g.getImageData(0, c.height - below, c.width, below - 10).data;
      let energy = 0; // #E69F00, the energy swatch of the legend
      for (let i = 0; i < footer.length; i += 4) {
        if (
          Math.abs(footer[i]! - 230) < 12 &&
          Math.abs(footer[i + 1]! - 159) < 12 &&
          footer[i + 2]! < 30
        )
          energy++;
      }
      return { width: img.width, height: img.height, colours: colours.size, energy };
    },
    { url: dataUrl, mapHeight },
  );
}

test('PNG export: the framed map at the expected size, not blank, legend present', async ({}, info) => {
  const canvas = await page.evaluate(() => {
    const c = document.querySelector('.maplibregl-canvas') as HTMLCanvasElement;
    return { width: c.width, height: c.height };
  });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-png').click(),
  ]);
  const path = info.outputPath('export.png');
  await download.saveAs(path);
  const png = await inspectPng(path, canvas.height);
  expect(png.width).toBe(canvas.width);
  // Two marking banners (26 px), a header of at least 64 px and a footer of at least 113 px
  // (legend, summary, attribution) around the map; wrapped lines add a little: the sample's
  // credits (every source with its licence and the grid's caveats) wrap to about 8 lines, and
  // the people lines (the sample has population_served) add two or three lines of 20 px.
  const frame = 2 * 26 + 64 + 113;
  expect(png.height).toBeGreaterThanOrEqual(canvas.height + frame);
  expect(png.height).toBeLessThanOrEqual(canvas.height + frame + 240);
  expect(png.colours).toBeGreaterThan(40);
  expect(png.energy).toBeGreaterThan(20);
});

test('PDF report: a valid file with every section, the marking on every page', async ({}, info) => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-pdf').click(),
  ]);
  const path = info.outputPath('report.pdf');
  await download.saveAs(path);
  const bytes = readFileSync(path);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  expect(bytes.toString('latin1')).toContain('/Subtype /Image');
  const { text } = await extractText(new Uint8Array(bytes), { mergePages: false });
  for (const [k, pageText] of text.entries())
    expect(pageText.split('EXERCISE ONLY').length - 1, `page ${k + 1}`).toBe(2);
  const all = text.join(' ').replace(/\s+/g, ' ');
  for (const section of [
    'Loss of the Aubange substation',
    'What was simulated',
    'The cascade over time',
    'Failures by sector',
    'Failures by country',
    'The failed facilities',
    'Why they fail',
    'Sources and caveats',
    'Technical details',
  ]) {
    expect(all, section).toContain(section);
  }
});

test('a share link reopens the same scenario, result and view', async ({ browser }, info) => {
  await page.getByTestId('share-link').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toContain('#scenario=');
  const before = await hook(page, (h) => ({
    failed: h.failedCount,
    ids: h.failedIds,
    scenario: h.scenario,
  }));
  const view = (await hook(page, (h) => h.view))!;
  const second = await browser.newPage();
  const opened = await openApp(second, url.replace(/^http:\/\/[^/]+/, ''));
  await expect.poll(() => hook(second, (h) => h.failedCount)).toBe(before.failed);
  expect(await hook(second, (h) => h.failedIds)).toEqual(before.ids);
  expect(await hook(second, (h) => h.scenario)).toEqual(before.scenario);
  // The briefing travels with it: a marked brief reopens marked.
  const marking = await page.getByTestId('marking').inputValue();
  expect(marking).not.toBe('');
  await expect(second.getByTestId('marking')).toHaveValue(marking);
  const restored = await hook(second, (h) => h.view);
  expect(restored).not.toBeNull();
  expect(restored!.zoom).toBeCloseTo(view.zoom, 3);
  expect(restored!.center[0]).toBeCloseTo(view.center[0], 3);
  await shot(second, info, 'share-link-opened');
  expect(opened.errors).toEqual([]);
  expect(app.errors).toEqual([]);
  expect(app.offOrigin).toEqual([]);
  expect(opened.offOrigin).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  expect(await cspViolations(second)).toEqual([]);
  await second.close();
});
