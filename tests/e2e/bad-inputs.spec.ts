/**
 * The bad-input corpus through the browser's own loading path: every case in
 * tests/fixtures/bad (and the two generated ones) is picked with the file picker, as a user
 * would, so it goes through the loading worker, the field-mapping question and the report
 * panel. Each must match its golden file (the CLI's report): the same refusal message, or
 * the same valid facilities drawn and the same rejected and warned items listed; and no page
 * error, no stack trace shown, Object.prototype untouched. One page, one loop (SwiftShader is
 * slow); every case is checked and the differences are listed together at the end.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BAD_DIR as DIR, committedCases, GENERATED, type Entry } from '../support/bad-generated.ts';
import { openApp } from './app.ts';

interface Golden {
  exitCode: number;
  stderr?: string;
  facilities: number;
  dependencies: number;
  errors: Entry[];
  warnings: Entry[];
}

/**
 * Report entries the browser adds and the CLI cannot: the answer to the field-mapping
 * question (the CLI reads fields under the format's names only).
 */
const BROWSER_ONLY = new Set(['field-mapping']);

/**
 * Cases whose fields the browser asks about; the user takes the proposal as it is. Here: sector
 * words that read as another sector ("Wasser" -> water, "Data Centres" -> telecom).
 */
const ASKS = new Set<string>(['semicolon-decimal-comma', 'unknown-sector']);

/** Case name -> input files (a case of several files is picked together, in name order). */
function cases(generatedDir: string): [string, string[]][] {
  const byCase = new Map(
    [...committedCases()].map(([name, files]) => [name, files.map((f) => join(DIR, f))]),
  );
  for (const [name, g] of Object.entries(GENERATED)) {
    const path = join(generatedDir, g.file);
    writeFileSync(path, g.text());
    byCase.set(name, [path]);
  }
  return [...byCase];
}

/** One line per entry as the report panel shows it: level, code and message. */
const line = (level: string, e: Pick<Entry, 'code' | 'message'>) =>
  `${level} ${e.code} ${e.message}`;

/** What looks like a stack trace, an internal error or a leaked object in text for users. */
const LEAK = /\bat \S+ \(?\S+:\d+:\d+|\n\s+at |\w*Error:|\[object \w+\]|\bundefined\b/;

/** Everything the user sees after a load, read in one go (each round trip waits for a frame). */
interface Seen {
  alert: string | null;
  facilities: number;
  dependencies: number;
  drawnFacilities: number;
  drawnDependencies: number;
  rejectedShown: number | null;
  rows: string[];
  panel: string;
  body: string;
  prototype: { names: string[]; polluted: unknown; same: boolean };
}

/** Opens the Report tab (as a click would) and reads what the page shows. Runs in the page. */
async function observe(): Promise<Seen> {
  const tab = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')].find((b) =>
    b.textContent?.trim().startsWith('Report'),
  );
  tab?.click();
  // The report panel is loaded on first use: wait for it (an inventory is always there).
  for (let waited = 0; !document.querySelector('[data-testid=rejected-count]'); waited += 50) {
    if (waited > 10_000) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const h = window.__ripplemap;
  const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
  return {
    alert: text('[role=alert] span'),
    facilities: h.facilities,
    dependencies: h.dependencies,
    drawnFacilities: (h.drawn.facilities ?? 0) + (h.drawn['facility-shapes'] ?? 0),
    drawnDependencies: h.drawn.dependencies ?? 0,
    rejectedShown:
      text('[data-testid=rejected-count]') === null
        ? null
        : Number(text('[data-testid=rejected-count]')),
    rows: [...document.querySelectorAll('[data-testid=report-table] tr')].map(
      (tr) =>
        `${tr.classList.contains('rejected') ? 'rejected' : 'warning'} ${tr.querySelector('td:last-child > div:last-child')?.textContent?.trim()}`,
    ),
    panel: text('aside.right') ?? '',
    body: document.body.innerText,
    prototype: {
      names: Object.getOwnPropertyNames(Object.prototype).sort(),
      polluted: ({} as { polluted?: unknown }).polluted ?? null,
      same: Object.getPrototypeOf({}) === Object.prototype,
    },
  };
}

/** Waits until the load ends: refused (an alert naming the file), loaded, or a question. */
async function outcome(page: Page, first: string, expectedName: string): Promise<string> {
  const handle = await page.waitForFunction(
    ({ first, expectedName }) => {
      if (document.querySelector('[data-testid=field-mapping]')) return 'asked';
      if (document.querySelector('[role=alert]')?.textContent?.includes(first)) return 'refused';
      const shown = document.querySelector('header .name')?.getAttribute('title');
      if (shown === expectedName && window.__ripplemap?.ready) return 'loaded';
      return false;
    },
    { first, expectedName },
    { polling: 50, timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

// A small map: SwiftShader draws every frame on the CPU, and this test is about the panels.
test.use({ viewport: { width: 1000, height: 620 } });

test('every bad input, picked in the browser, is reported as its golden file says', async ({
  page,
}, info) => {
  test.setTimeout(300_000);
  const generatedDir = mkdtempSync(join(tmpdir(), 'ripplemap-bad-'));
  const problems: string[] = [];
  const timings: string[] = [];
  try {
    const app = await openApp(page);
    const prototypeBefore = await page.evaluate(() =>
      Object.getOwnPropertyNames(Object.prototype).sort(),
    );
    const all = cases(generatedDir);
    expect(all.length).toBeGreaterThanOrEqual(55);
    const asked: string[] = [];
    const t0 = Date.now();
    let before = await page.evaluate(observe);

    for (const [name, files] of all) {
      const started = Date.now();
      const golden = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Golden;
      const fileNames = files.map((f) => f.slice(f.lastIndexOf('/') + 1));
      const problem = (what: string) => problems.push(`${name}: ${what}`);
      const errorsBefore = app.errors.length;

      // Start from a clean slate (no message left from the case before), then pick the files.
      if (before.alert !== null) {
        await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
      }
      await page.setInputFiles('[data-testid=file-input]', files);
      let ended = await outcome(page, fileNames[0]!, fileNames.join(' + '));
      if (ended === 'asked') {
        asked.push(name);
        await page.getByTestId('mapping-confirm').click();
        ended = await outcome(page, fileNames[0]!, fileNames.join(' + '));
      }
      const loadedAt = Date.now();
      const seen = await page.evaluate(observe);

      if (golden.exitCode === 1) {
        // Refused as a whole: the CLI's message, and the inventory before it stays drawn.
        if (ended !== 'refused') problem(`expected a refusal, got ${ended}`);
        const expected = `${golden.stderr}. Nothing was changed.`;
        if (seen.alert !== expected) problem(`alert "${seen.alert}" instead of "${expected}"`);
        if (LEAK.test(seen.alert ?? '')) problem(`the alert leaks internals: ${seen.alert}`);
        const kept = (s: Seen) =>
          JSON.stringify([s.facilities, s.dependencies, s.drawnFacilities, s.drawnDependencies]);
        if (kept(seen) !== kept(before)) {
          problem(`the inventory before changed: ${kept(before)} -> ${kept(seen)}`);
        }
      } else {
        // Loaded: the valid rest drawn, the rejected and warned items listed as the CLI does.
        if (ended !== 'loaded') problem(`expected a load, got ${ended}`);
        const counts = [
          seen.facilities,
          seen.dependencies,
          seen.drawnFacilities,
          seen.drawnDependencies,
        ];
        const expected = [
          golden.facilities,
          golden.dependencies,
          golden.facilities,
          golden.dependencies,
        ];
        if (JSON.stringify(counts) !== JSON.stringify(expected)) {
          problem(
            `facilities, dependencies, drawn: ${JSON.stringify(counts)} instead of ${JSON.stringify(expected)}`,
          );
        }
        if (seen.rejectedShown !== golden.errors.length) {
          problem(`${seen.rejectedShown} rejected shown instead of ${golden.errors.length}`);
        }
        const rows = seen.rows.filter((r) => !BROWSER_ONLY.has(r.split(' ')[1]!));
        const expectedRows = [
          ...golden.errors.map((e) => line('rejected', e)),
          ...golden.warnings.map((e) => line('warning', e)),
        ];
        if (JSON.stringify(rows) !== JSON.stringify(expectedRows)) {
          problem(
            `report rows:\n  shown    ${JSON.stringify(rows)}\n  expected ${JSON.stringify(expectedRows)}`,
          );
        }
        if (LEAK.test(seen.panel))
          problem(`the report leaks internals: ${LEAK.exec(seen.panel)?.[0]}`);
      }

      if (/\bat \S+ \(?\S+:\d+:\d+|\w*Error:/.test(seen.body)) problem('a stack trace is visible');
      const expectedPrototype = { names: prototypeBefore, polluted: null, same: true };
      if (JSON.stringify(seen.prototype) !== JSON.stringify(expectedPrototype)) {
        problem(`Object.prototype changed: ${JSON.stringify(seen.prototype)}`);
      }
      if (app.errors.length > errorsBefore) {
        problem(`page errors: ${app.errors.slice(errorsBefore).join(' | ').slice(0, 600)}`);
      }
      timings.push(
        `${name}: ${ended} in ${loadedAt - started} ms, read in ${Date.now() - loadedAt} ms`,
      );
      before = seen;
    }

    timings.push(`all ${all.length} cases: ${Date.now() - t0} ms`);
    await info.attach('timings', { body: timings.join('\n') });
    expect(problems).toEqual([]);
    expect(asked.sort()).toEqual([...ASKS].sort());
    expect(app.errors).toEqual([]);
    expect(app.offOrigin).toEqual([]);
  } finally {
    if (process.env.RIPPLEMAP_VERBOSE) console.log(timings.join('\n'));
    rmSync(generatedDir, { recursive: true, force: true });
  }
});
