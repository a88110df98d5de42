/**
 * Drawing the impact zone on Web Mercator: whole across the antimeridian, a polar cap around
 * a pole (no streak across the world), every latitude clipped to the map's edge.
 */
import { describe, expect, it } from 'vitest';
import { DRAWN_MAX_LAT, drawnLat, MERCATOR_MAX_LAT, zoneCircles } from '../../src/map/zone.ts';

const ringOf = (centre: [number, number], km: number) =>
  zoneCircles([centre], km)[0]!.geometry.coordinates[0]!.map(([x, y]) => [x!, y!]);

/** The largest longitude step between consecutive vertices (a streak shows as ~360). */
const maxStep = (ring: number[][]) =>
  Math.max(...ring.slice(1).map((p, k) => Math.abs(p[0]! - ring[k]![0]!)));

describe('zone drawing', () => {
  it('draws nothing for a zero radius', () => {
    expect(zoneCircles([[0, 0]], 0)).toEqual([]);
  });

  it('pins latitudes beyond the Mercator edge to a line just inside it', () => {
    expect(DRAWN_MAX_LAT).toBeLessThan(MERCATOR_MAX_LAT);
    expect(DRAWN_MAX_LAT).toBeGreaterThan(84);
    expect(drawnLat(89.5)).toBe(DRAWN_MAX_LAT);
    expect(drawnLat(-90)).toBe(-DRAWN_MAX_LAT);
    expect(drawnLat(52.5)).toBe(52.5);
  });

  it('a circle across the antimeridian stays one shape around its centre', () => {
    const ring = ringOf([179.9, 65], 10);
    for (const [x] of ring) expect(Math.abs(x! - 179.9)).toBeLessThan(1);
    expect(maxStep(ring)).toBeLessThan(1);
  });

  it('a circle holding the North Pole is a cap from -180 to 180, closed along the top edge', () => {
    for (const [centre, km] of [
      [[0, 89.5], 120],
      [[123, 89.5], 600],
      [[-170, 86], 800],
    ] as [[number, number], number][]) {
      const ring = ringOf(centre, km);
      const xs = ring.map((p) => p[0]!);
      expect(Math.min(...xs)).toBe(-180);
      expect(Math.max(...xs)).toBe(180);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      for (const [, y] of ring) expect(Math.abs(y!)).toBeLessThanOrEqual(DRAWN_MAX_LAT);
      // Only the closing edges along the top of the map span the whole world.
      const steps = ring.slice(1).map((p, k) => Math.abs(p[0]! - ring[k]![0]!));
      expect(steps.filter((s) => s > 30)).toEqual([360]);
      expect(ring.filter(([, y]) => y === DRAWN_MAX_LAT).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('600 km around 89.5 N reaches down to 84.1 N below the centre: that part is drawn', () => {
    const ring = ringOf([0, 89.5], 600);
    const lowest = ring.reduce((a, b) => (b[1]! < a[1]! ? b : a));
    expect(lowest[1]).toBeCloseTo(89.5 - 600 / 111.195, 1);
    expect(Math.abs(lowest[0]!)).toBeLessThan(4);
  });

  it('a circle holding the South Pole is closed along the bottom edge', () => {
    const ring = ringOf([-30, -89.5], 200);
    expect(Math.min(...ring.map((p) => p[0]!))).toBe(-180);
    expect(ring.some(([, y]) => y === -DRAWN_MAX_LAT)).toBe(true);
    for (const [, y] of ring) expect(y).toBeLessThan(-80);
  });

  it('near a pole but not around it, the circle stays whole and is clipped at the edge', () => {
    const ring = ringOf([20, 84.5], 100); // 611 km from the pole
    expect(maxStep(ring)).toBeLessThan(5);
    for (const [, y] of ring) expect(y).toBeLessThanOrEqual(DRAWN_MAX_LAT);
  });
});
