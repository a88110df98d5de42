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

/** `levels` nested arrays (`[[[...]]]`) or objects (`{"a":{"a":...1}}`) as JSON text. */
export function deepJson(levels: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? '['.repeat(levels) + ']'.repeat(levels)
    : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
}

function pointFeature(id: string, lon: number, extra = '', geometry?: string): string {
  const g = geometry ?? `{"type":"Point","coordinates":[${lon},50]}`;
  return `{"type":"Feature","geometry":${g},"properties":{"id":"${id}","sector":"energy"${extra}}}`;
}

/**
 * Deep nesting in every place a GeoJSON file can hold it (5,000 to 100,000 levels): each odd
 * feature is flattened or skipped with its index and a code, the others load.
 */
export function deepGeoJsonText(): string {
  const features = [
    pointFeature('ok-first', 1),
    pointFeature('deep-array-property', 2, `,"notes":${deepJson(100_000)}`),
    pointFeature('deep-object-property', 3, `,"extra":${deepJson(5_000, 'object')}`),
    `{"type":"Feature","id":${deepJson(50_000)},"geometry":{"type":"Point","coordinates":[4,50]},"properties":{"sector":"energy"}}`,
    `{"type":"Feature","geometry":{"type":"Point","coordinates":[5,50]},"properties":{"id":${deepJson(20_000, 'object')}}}`,
    pointFeature(
      'deep-coordinates',
      6,
      '',
      `{"type":"Point","coordinates":[${deepJson(100_000)},50]}`,
    ),
    pointFeature(
      'deep-geometry-member',
      7,
      '',
      `{"type":"Point","coordinates":[7,50],"bbox":${deepJson(10_000, 'object')}}`,
    ),
    pointFeature('deep-depends-on', 8, `,"depends_on":[{"id":${deepJson(5_000)}}]`),
    pointFeature('deep-service', 9, `,"depends_on":[{"id":"ok-first","service":${deepJson(60)}}]`),
    pointFeature('ok-last', 10, ',"depends_on":["ok-first"]'),
  ];
  return `{"type":"FeatureCollection","crs":${deepJson(100_000, 'object')},"features":[${features.join(',')}]}`;
}

/** The same in a CSV: cells holding JSON 5,000 to 100,000 levels deep. */
export function deepCsvText(): string {
  const cell = (json: string) => `"${json.replace(/"/g, '""')}"`;
  return [
    'id,name,lon,lat,depends_on,min_providers,notes',
    'a,A,1,50,,,',
    `b,B,2,50,${cell(deepJson(100_000))},,`,
    `c,C,3,50,a,${cell(`{"energy":${deepJson(5_000, 'object')}}`)},`,
    `d,D,4,50,a,,${cell(deepJson(100_000))}`,
    '',
  ].join('\n');
}

/** The generated cases: golden name -> the file name and text to load. */
export const GENERATED = {
  'generated-same-location': { file: 'same-point.geojson', text: sameLocationText },
  'generated-huge-string': { file: 'huge-string.geojson', text: () => hugeStringText() },
  'generated-deep-geojson': { file: 'deep.geojson', text: deepGeoJsonText },
  'generated-deep-csv': { file: 'deep.csv', text: deepCsvText },
} as const;
