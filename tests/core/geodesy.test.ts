/**
 * Distances on the sphere (docs/format.md §2.1) against Turf, the reference the contract names, and
 * the cases Turf's planar helpers get wrong: the antimeridian, the poles, containment.
 */
import turfDistance from '@turf/distance';
import pointToLineDistance from '@turf/point-to-line-distance';
import { describe, expect, it } from 'vitest';
import {
  boundingCap,
  distanceKm,
  EARTH_RADIUS_KM,
  geometryParts,
  partsDistanceKm,
} from '../../src/core/geodesy.ts';
import type { FacilityGeometry } from '../../src/core/types.ts';

const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM; // 111.195 km

function between(a: FacilityGeometry, b: FacilityGeometry): number {
  return partsDistanceKm(geometryParts(a), geometryParts(b));
}
const point = (lon: number, lat: number): FacilityGeometry => ({
  type: 'Point',
  coordinates: [lon, lat],
});
const line = (...coordinates: number[][]): FacilityGeometry => ({
  type: 'LineString',
  coordinates,
});
const polygon = (...rings: number[][][]): FacilityGeometry => ({
  type: 'Polygon',
  coordinates: rings,
});

describe('distanceKm', () => {
  it.each([
    ['Berlin - Paris', [13.405, 52.52], [2.352, 48.857]],
    ['Lisbon - Helsinki', [-9.139, 38.722], [24.938, 60.17]],
    ['across the equator', [-47.9, -15.8], [-0.19, 5.6]],
    ['across the antimeridian', [179.5, -16.5], [-179.5, -16.0]],
    ['over the pole', [0, 89], [180, 89]],
    ['antipodes', [0, 0], [180, 0]],
    ['the same point', [5, 5], [5, 5]],
  ] as const)('%s equals Turf', (_name, a, b) => {
    const expected = turfDistance([...a], [...b], { units: 'kilometers' });
    expect(distanceKm(a[0], a[1], b[0], b[1])).toBeCloseTo(expected, 6);
  });

  it('uses the sphere of radius 6371.0088 km', () => {
    expect(distanceKm(0, 0, 1, 0)).toBeCloseTo(KM_PER_DEGREE, 9);
    expect(distanceKm(179.9, 0, -179.9, 0)).toBeCloseTo(0.2 * KM_PER_DEGREE, 6);
  });
});

describe('point to line', () => {
  it.each([
    [
      'beside a segment',
      [13.4, 52.5],
      [
        [10, 50],
        [15, 55],
      ],
    ],
    [
      'past the end of a line',
      [-3.7, 40.4],
      [
        [-10, 35],
        [-9, 36],
      ],
    ],
    [
      'near a bend',
      [2.35, 48.86],
      [
        [0, 40],
        [10, 45],
        [20, 40],
      ],
    ],
    [
      'at high latitude',
      [20, 60],
      [
        [10, 59],
        [30, 61],
      ],
    ],
    [
      'southern hemisphere',
      [100, -30],
      [
        [90, -40],
        [110, -20],
      ],
    ],
    [
      'on the line',
      [1.5, 1.5],
      [
        [1, 1],
        [2, 2],
      ],
    ],
  ] as const)('%s equals Turf', (_name, p, coordinates) => {
    const path = coordinates.map((c): number[] => [...c]);
    const expected = pointToLineDistance(
      [...p],
      { type: 'LineString', coordinates: path },
      {
        units: 'kilometers',
      },
    );
    const actual = between(point(p[0], p[1]), line(...path));
    expect(Math.abs(actual - expected)).toBeLessThan(1e-6 + expected * 1e-9);
  });

  it('follows the great circle across the antimeridian', () => {
    // The segment 179 -> -179 is 2 degrees long, not 358.
    expect(between(point(180, 0.1), line([179, 0], [-179, 0]))).toBeCloseTo(0.1 * KM_PER_DEGREE, 6);
    expect(between(point(-179.5, 0), line([179, 0], [-179, 0]))).toBeCloseTo(0, 9);
  });

  it('follows the great circle over a pole', () => {
    // From (0, 89) to (180, 89) the shortest path runs over the North Pole.
    expect(between(point(45, 90), line([0, 89], [180, 89]))).toBeCloseTo(0, 6);
    expect(between(point(90, 89.5), line([0, 89], [180, 89]))).toBeCloseTo(0.5 * KM_PER_DEGREE, 3);
  });
});

describe('polygons', () => {
  const square = [
    [0, 0],
    [2, 0],
    [2, 2],
    [0, 2],
    [0, 0],
  ];
  const hole = [
    [0.5, 0.5],
    [1.5, 0.5],
    [1.5, 1.5],
    [0.5, 1.5],
    [0.5, 0.5],
  ];

  it('a point inside is at distance 0, whatever the order', () => {
    expect(between(point(1.8, 1.8), polygon(square))).toBe(0);
    expect(between(polygon(square), point(0.2, 1.9))).toBe(0);
  });

  it('a point in a hole is outside, as far as the hole edge', () => {
    const d = between(point(1, 1), polygon(square, hole));
    expect(d).toBeCloseTo(turfDistance([1, 1], [1, 0.5], { units: 'kilometers' }), 1);
  });

  it('a point outside is as far as the nearest edge', () => {
    const ring = { type: 'LineString' as const, coordinates: square };
    const expected = pointToLineDistance([3, 1], ring, { units: 'kilometers' });
    expect(between(point(3, 1), polygon(square))).toBeCloseTo(expected, 6);
  });

  it('a line crossing a polygon, or two crossing lines, touch', () => {
    expect(between(line([-1, 1], [3, 1]), polygon(square, hole))).toBe(0);
    expect(between(line([0, 0], [1, 1]), line([0, 1], [1, 0]))).toBe(0);
  });

  it('contains a point across the antimeridian', () => {
    const fiji = [
      [179, -17],
      [-179, -17],
      [-179, -15],
      [179, -15],
      [179, -17],
    ];
    expect(between(point(-179.5, -16), polygon(fiji))).toBe(0);
    expect(between(point(179.5, -16), polygon(fiji))).toBe(0);
    expect(between(point(0, -16), polygon(fiji))).toBeGreaterThan(10000);
  });
});

describe('boundingCap', () => {
  it('holds every vertex of the geometry', () => {
    const g = line([170, 10], [-170, 12], [-160, -5]);
    const parts = geometryParts(g);
    const cap = boundingCap(parts);
    for (const [lon, lat] of parts.lonLat) {
      expect(distanceKm(cap.lon, cap.lat, lon, lat)).toBeLessThanOrEqual(cap.radiusKm);
    }
  });

  it('is the point itself for a point', () => {
    expect(boundingCap(geometryParts(point(3, 4)))).toEqual({ lon: 3, lat: 4, radiusKm: 0 });
  });
});
