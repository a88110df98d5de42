import { describe, expect, it } from 'vitest';
import { findStacks, stacksFromTable, stackTable } from '../../src/core/sites.ts';
import { FAN_ZOOM, fannedPositions } from '../../src/map/stacks.ts';

/** Web Mercator pixels (512 px tiles) of a lon/lat at a zoom. */
function pixel(lon: number, lat: number, zoom: number): [number, number] {
  const size = 512 * 2 ** zoom;
  const phi = (lat * Math.PI) / 180;
  return [
    ((lon + 180) / 360) * size,
    ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * size,
  ];
}

// Five facilities within 30 m of one Brussels site, one 1 km east, one alone in Liège.
const positions = Float64Array.from([
  4.3517, 50.8503, 4.3518, 50.8503, 4.3517, 50.8504, 4.3519, 50.8502, 4.35175, 50.85035, 4.3659,
  50.8503, 5.5797, 50.6326,
]);
const points = Int32Array.from([0, 1, 2, 3, 4, 5, 6]);

describe('findStacks', () => {
  it('groups the facilities of one site, not a neighbour 1 km away', () => {
    const stacks = findStacks(points, positions);
    expect(stacks.members.map((m) => Array.from(m))).toEqual([[0, 1, 2, 3, 4]]);
    expect(Array.from(stacks.of)).toEqual([0, 0, 0, 0, 0, -1, -1]);
    expect(stacks.site[0]).toBeCloseTo(4.35177, 4);
    expect(stacks.site[1]).toBeCloseTo(50.85031, 4);
  });

  it('cross threads as four flat arrays', () => {
    // Two stacks: the Brussels site, and Liège doubled.
    const more = Float64Array.from([...positions, 5.5797, 50.6326]);
    const all = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    const stacks = findStacks(all, more);
    const table = structuredClone(stackTable(stacks));
    expect(table.start).toEqual(Int32Array.from([0, 5, 7]));
    const back = stacksFromTable(table);
    expect(back.members.map((m) => Array.from(m))).toEqual([
      [0, 1, 2, 3, 4],
      [6, 7],
    ]);
    expect(back.of).toEqual(stacks.of);
    expect(back.site).toEqual(stacks.site);
  });
});

describe('fannedPositions', () => {
  const stacks = findStacks(points, positions);

  it('leaves every position as it is below zoom 5', () => {
    expect(Array.from(fannedPositions(positions, stacks, 4))).toEqual(Array.from(positions));
  });

  it(`from zoom ${FAN_ZOOM} sets a stack's members apart, room for a name between them`, () => {
    for (const zoom of [FAN_ZOOM, 12, 16]) {
      const fanned = fannedPositions(positions, stacks, zoom);
      const at = (i: number) => pixel(fanned[2 * i]!, fanned[2 * i + 1]!, zoom);
      const site = pixel(stacks.site[0]!, stacks.site[1]!, zoom);
      for (let a = 0; a < 5; a++) {
        // On a circle around the site...
        expect(Math.hypot(at(a)[0] - site[0], at(a)[1] - site[1])).toBeCloseTo(34, 0);
        for (let b = a + 1; b < 5; b++) {
          // ...and at least 38 px from each other member.
          expect(Math.hypot(at(a)[0] - at(b)[0], at(a)[1] - at(b)[1])).toBeGreaterThan(38);
        }
      }
      // Facilities outside the stack stay where they are.
      expect([fanned[10], fanned[11], fanned[12], fanned[13]]).toEqual([
        4.3659, 50.8503, 5.5797, 50.6326,
      ]);
    }
  });
});
