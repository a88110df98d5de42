/**
 * The bad-input corpus as the CLI test (tests/cli/bad-inputs.test.ts) and the browser test
 * (tests/e2e/bad-inputs.spec.ts) both read it: the committed cases in tests/fixtures/bad, and
 * the cases too big to commit, generated the same way for both (their goldens are
 * tests/fixtures/bad/generated-*.expected.json).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const BAD_DIR = join(import.meta.dirname, '..', 'fixtures', 'bad');

/** One report entry of a golden file (docs/format.md §3, `--validate`). */
export interface Entry {
  file: string;
  index: number;
  id?: string;
  code: string;
  message: string;
}

/**
 * Case name -> its input file names in tests/fixtures/bad, in name order: files named
 * `NAME.1-x.ext`, `NAME.2-y.ext` are one case of several files.
 */
export function committedCases(): Map<string, string[]> {
  const byCase = new Map<string, string[]>();
  for (const file of readdirSync(BAD_DIR).sort()) {
    if (file.endsWith('.expected.json')) continue;
    const name = file.slice(0, file.indexOf('.'));
    byCase.set(name, [...(byCase.get(name) ?? []), file]);
  }
  return byCase;
}

/** 1,000 facilities on one point (Berlin), `f0` to `f999`. */
export function sameLocationText(): string {
  const feature = (i: number) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [13.405, 52.52] },
    properties: { id: `f${i}`, sector: 'energy' },
  });
  return JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: 1000 }, (_, i) => feature(i)),
  });
}

/** A 10 MB string in a name-like field, as a country and as a dependency list (~30 MB). */
export function hugeStringText(huge = 'x'.repeat(10 * 1024 * 1024)): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [13.4, 52.52] },
        properties: { id: 'a', notes: huge, country: huge },
      },
      {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [11.58, 48.14] },
        properties: { id: 'b', depends_on: huge },
      },
    ],
  });
}

/** The generated cases: golden name -> the file name and text to load. */
export const GENERATED = {
  'generated-same-location': { file: 'same-point.geojson', text: sameLocationText },
  'generated-huge-string': { file: 'huge-string.geojson', text: () => hugeStringText() },
} as const;
