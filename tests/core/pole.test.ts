/**
 * Impact-zone membership at the North Pole (the browser test in tests/e2e/hardening.spec.ts
 * loads the same fixture): facilities at 89.5° N around the pole, and a few farther out. For
 * every facility as the compromised one and radii on both sides of each pairwise distance,
 * the zone is exactly the facilities Turf's great-circle distance puts within the radius.
 */
import { join } from 'node:path';
import turfDistance from '@turf/distance';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { impactZone } from '../../src/core/scenario.ts';
import { SpatialIndex } from '../../src/core/spatial-index.ts';
import type { Inventory } from '../../src/core/types.ts';
import { mulberry32 } from '../../bench/random.ts';
import { FIXTURES, source } from '../helpers.ts';

function load(): Inventory {
  const loaded = loadInventory([source(join(FIXTURES, 'e2e-hardening', 'north-pole.geojson'))]);
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.inventory;
}

const point = (inventory: Inventory, i: number) =>
  inventory.facilities[i]!.geometry.coordinates as [number, number];

describe('impact zone at the North Pole', () => {
  const inventory = load();
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  const n = inventory.facilities.length;
  const km = (i: number, j: number) =>
    turfDistance(point(inventory, i), point(inventory, j), { units: 'kilometers' });
  const ids = (zone: number[]) => zone.map((i) => inventory.facilities[i]!.id);

  it('120 km around p0 reaches 90E and 90W (78.6 km) and 180E over the pole (111.2 km), not 88N (166.8 km)', () => {
    const p0 = inventory.indexById.get('p0')!;
    expect(ids(impactZone(index, [p0], 120)).sort()).toEqual(['p0', 'p180', 'p90e', 'p90w']);
    expect(km(p0, inventory.indexById.get('p90e')!)).toBeCloseTo(78.63, 1);
    expect(km(p0, inventory.indexById.get('p180')!)).toBeCloseTo(111.19, 1);
    expect(km(p0, inventory.indexById.get('outer-0')!)).toBeCloseTo(166.79, 1);
  });

  it('for every facility and radii just inside and outside each distance, matches great-circle distance', () => {
    for (let i = 0; i < n; i++) {
      const radii = new Set<number>([1, 600, 2000]);
      for (let j = 0; j < n; j++) {
        const d = km(i, j);
        if (d > 0.01) radii.add(d - 0.01).add(d + 0.01);
      }
      for (const r of radii) {
        const expected = Array.from({ length: n }, (_, j) => j).filter(
          (j) => j === i || km(i, j) <= r,
        );
        expect(impactZone(index, [i], r), `${inventory.facilities[i]!.id}, ${r} km`).toEqual(
          expected,
        );
      }
    }
  });

  it('random points within 2 degrees of the pole: zones match great-circle distance', () => {
    const r = mulberry32(89);
    const geometries = Array.from({ length: 200 }, () => ({
      type: 'Point' as const,
      coordinates: [-180 + r() * 360, 88 + r() * 2],
    }));
    const random = new SpatialIndex(geometries);
    for (let q = 0; q < 40; q++) {
      const i = Math.floor(r() * geometries.length);
      const radius = 5 + r() * 300;
      const expected = geometries
        .map((_, j) => j)
        .filter(
          (j) =>
            j === i ||
            turfDistance(geometries[i]!.coordinates, geometries[j]!.coordinates, {
              units: 'kilometers',
            }) <= radius,
        );
      expect(impactZone(random, [i], radius), `point ${i}, ${radius} km`).toEqual(expected);
    }
  });
});
