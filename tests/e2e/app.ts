/** Shared helpers for the browser tests: one page per file, page errors collected, CLI answers. */
import { execFileSync } from 'node:child_process';
import type { Page, TestInfo } from '@playwright/test';

/** The app's origin in these tests (playwright.config.ts serves the build there). */
const ORIGIN = `http://127.0.0.1:${process.env.RIPPLEMAP_E2E_PORT ?? 4173}`;

export interface Watched {
  page: Page;
  errors: string[];
  offOrigin: string[];
}

/** Opens the app and waits for its own ready signal (map idle, inventory loaded). */
export async function openApp(page: Page, path = '/'): Promise<Watched> {
  const errors: string[] = [];
  const offOrigin: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${ORIGIN}/`) && !/^(data:|blob:)/.test(url)) offOrigin.push(url);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(path);
  await page.waitForFunction(() => window.__ripplemap?.ready === true, null, { timeout: 120_000 });
  return { page, errors, offOrigin };
}

/** Content Security Policy violations seen by the page so far. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Reads the app's test hook (`window.__ripplemap`) in the page. */
export async function hook<T>(page: Page, read: (h: RippleHook) => T): Promise<T> {
  return page.evaluate(`(${read.toString()})(window.__ripplemap)`) as Promise<T>;
}

export interface RippleHook {
  rendered(layer: string): string[];
  jumpTo(lon: number, lat: number, zoom: number): void;
  stackOf(id: string): string[];
  drawnAt(id: string): [number, number] | null;
  ready: boolean;
  drawn: Record<string, number>;
  facilities: number;
  dependencies: number;
  failedCount: number;
  failedIds: string[];
  drawnDependencyKeys: string[];
  summary: {
    failed: number;
    inZone: number;
    spillover: number;
    byCountry: Record<string, number>;
  } | null;
  scenario: { compromised: string[]; protected: string[]; radiusKm: number };
  selectedId: string | null;
  view: { center: [number, number]; zoom: number } | null;
  project: (lon: number, lat: number) => [number, number] | null;
  basemap: { styleLayers: string[] };
  digest: () => Promise<string>;
  drawnZoneEdge: () => Promise<[number, number][]>;
  sectors: Record<string, [string, string | null]>;
}

declare global {
  interface Window {
    __ripplemap: RippleHook;
  }
}

/** The real CLI's answer for the same files and scenario (the browser must agree). */
export function cli(args: string[]): {
  failed: { id: string }[];
  summary: { failed: number; inZone: number };
} {
  return JSON.parse(analyze(args));
}

/** What `npm run --silent analyze -- ...args` prints: the CLI bundle users run, as JSON text. */
export function analyze(args: string[]): string {
  return execFileSync(process.execPath, ['scripts/analyze.mjs', ...args], { encoding: 'utf8' });
}

/**
 * The cross-border dependencies of `files` as the CLI loads them, keyed as the test hook's
 * `drawnDependencyKeys` ("provider->dependent service"), sorted: tests/e2e/dependency-keys.ts.
 */
export function crossBorderKeys(files: string[]): string[] {
  const out = execFileSync('npx', ['tsx', 'tests/e2e/dependency-keys.ts', ...files], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** Waits two frames so deck.gl has drawn the latest state, then keeps a screenshot. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
  await page.waitForTimeout(400);
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
}

/** Selects a facility through keyboard search. */
/**
 * Unticks "Show dependency arcs", as a planner can: for tests about what fails, not about the
 * arcs (SwiftShader spends about a second a frame on the sample's 19,768 arcs; they are
 * checked in viewer.spec.ts's first tests, basemap.spec.ts and briefing.spec.ts).
 */
export async function hideArcs(page: Page): Promise<void> {
  await page.getByLabel('Show dependency arcs').uncheck();
  await page.waitForFunction(() => window.__ripplemap.drawn.dependencies === 0);
}

export async function search(page: Page, text: string): Promise<void> {
  await page.locator('input[type=search]').click();
  await page.keyboard.type(text);
  await page.locator('#search-results li').first().waitFor();
  await page.keyboard.press('Enter');
}
