/**
 * The bad-input cases too big to commit, generated the same way for the CLI test
 * (tests/cli/bad-inputs.test.ts) and the browser test (tests/e2e/bad-inputs.spec.ts); their
 * goldens are tests/fixtures/bad/generated-*.expected.json.
 */

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
