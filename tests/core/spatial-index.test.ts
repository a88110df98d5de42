/**
 * The spatial index against brute force: on seeded random geometries (points, lines,
 * polygons; across the antimeridian, near a pole, in a dense cluster), `within(i, r)` is the
 * set of facilities whose nearest-point distance to facility i is at most r, for radii from
 * 0 to more than half the Earth's circumference.
 */
import { describe, expect, it } from 'vitest';
import { geometryParts, partsDistanceKm } from '../../src/core/geodesy.ts';
import { SpatialIndex, type SpatialIndexData } from '../../src/core/spatial-index.ts';
import type { FacilityGeometry } from '../../src/core/types.ts';
import { mulberry32 } from '../../bench/random.ts';

const clamp = (lon: number, lat: number) => [
  Math.max(-180, Math.min(180, lon)),
  Math.max(-90, Math.min(90, lat)),
];

function randomGeometries(seed: number): FacilityGeometry[] {
  const r = mulberry32(seed);
  const region = seed % 4;
  const place = (): [number, number] => {
    if (region === 0) return [-180 + r() * 360, -90 + r() * 180];
    if (region === 1) return [r() < 0.5 ? 179 + r() : -180 + r(), 60 + r() * 3];
    if (region === 2) return [-180 + r() * 360, 87 + r() * 3];
    return [10 + r() * 0.05, 50 + r() * 0.05];
  };
  return Array.from({ length: 1 + Math.floor(r() * 120) }, (): FacilityGeometry => {
    const [lon, lat] = place();
    const u = r();
    if (u < 0.75) return { type: 'Point', coordinates: [lon, lat] };
    const d = r() < 0.3 ? 2 : 0.02;
    if (u < 0.85)
      return { type: 'LineString', coordinates: [clamp(lon, lat), clamp(lon + d, lat + d / 2)] };
    if (u < 0.95) {
      const ring = [
        clamp(lon, lat),
        clamp(lon + d, lat),
        clamp(lon + d, lat + d),
        clamp(lon, lat + d),
      ];
      return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
    }
    return { type: 'MultiPoint', coordinates: [[lon, lat], clamp(lon + d, lat)] };
  });
}

/** An index's arrays as another thread receives them (a structured clone). */
function handedOver(index: SpatialIndex): SpatialIndexData {
  return structuredClone(index.data);
}

describe('spatial index', () => {
  it('finds exactly what brute force finds, on 200 seeded sets of geometries', () => {
    const radii = [0, 0.5, 2, 10, 150, 2000, 19_000, 25_000];
    for (let seed = 1; seed <= 200; seed++) {
      const geometries = randomGeometries(seed);
      const parts = geometries.map(geometryParts);
      const index = new SpatialIndex(geometries);
      // The same index's arrays adopted on another thread (as the loading worker hands them over).
      const adopted = new SpatialIndex(geometries, handedOver(index));
      const r = mulberry32(seed + 1000);
      for (let q = 0; q < 6; q++) {
        const i = Math.floor(r() * geometries.length);
        const km = radii[Math.floor(r() * radii.length)]!;
        const expected = geometries.flatMap((_, j) =>
          j === i || partsDistanceKm(parts[i]!, parts[j]!) <= km ? [j] : [],
        );
        const actual = index.within(i, km).sort((a, b) => a - b);
        expect(actual, `seed ${seed}, facility ${i}, ${km} km`).toEqual(expected);
        expect(adopted.within(i, km).sort((a, b) => a - b)).toEqual(expected);
      }
    }
  });

  it('finds nothing for a negative or NaN radius, and copes with an empty index', () => {
    const index = new SpatialIndex([{ type: 'Point', coordinates: [0, 0] }]);
    expect(index.within(0, -1)).toEqual([]);
    expect(index.within(0, NaN)).toEqual([]);
    expect(new SpatialIndex([]).size).toBe(0);
    expect(new SpatialIndex([], handedOver(new SpatialIndex([]))).size).toBe(0);
  });

  it('refuses arrays built on other geometries', () => {
    const built = new SpatialIndex([{ type: 'Point', coordinates: [0, 0] }]).data;
    expect(() => new SpatialIndex([], built)).toThrow(RangeError);
  });
});
