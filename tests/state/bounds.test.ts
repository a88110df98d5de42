import { describe, expect, it } from 'vitest';
import type { Facility, Inventory } from '../../src/core/types.ts';
import { boundsOf } from '../../src/state/bounds.ts';

const facility = (geometry: Facility['geometry']) => ({ geometry }) as Facility;
const inventory = (...facilities: Facility[]) => ({ facilities }) as Inventory;

describe('boundsOf', () => {
  it('takes in every vertex of lines and polygons, not only their middle', () => {
    const inv = inventory(
      facility({ type: 'Point', coordinates: [10.2, 50.7] }),
      facility({
        type: 'Polygon',
        coordinates: [
          [
            [9.9, 50],
            [10.5, 50],
            [10.5, 50.4],
            [9.9, 50],
          ],
        ],
      }),
      facility({
        type: 'MultiLineString',
        coordinates: [
          [
            [11, 50.2],
            [12, 49.5],
          ],
        ],
      }),
    );
    expect(boundsOf(inv)).toEqual([9.9, 49.5, 12, 50.7]);
  });

  it('stays inside the Mercator square', () => {
    const inv = inventory(
      facility({ type: 'Point', coordinates: [0, 89.5] }),
      facility({ type: 'MultiPoint', coordinates: [[1, -89]] }),
    );
    expect(boundsOf(inv)).toEqual([0, -85, 1, 85]);
  });

  it('frames the bulk when a stray few would shrink it to a corner', () => {
    // 1,500 facilities over Benelux, two overseas (Réunion) and one at a typo's 0,0.
    const benelux = Array.from({ length: 1500 }, (_, i) =>
      facility({
        type: 'Point',
        coordinates: [3 + (i % 20) * 0.2, 49.5 + Math.floor(i / 50) * 0.1],
      }),
    );
    const stray = [
      facility({ type: 'Point', coordinates: [55.5, -20.9] }),
      facility({ type: 'Point', coordinates: [55.4, -21.3] }),
      facility({ type: 'Point', coordinates: [0, 0] }),
    ];
    const box = boundsOf(inventory(...benelux, ...stray));
    [3, 49.5, 6.8, 52.4].forEach((edge, k) => expect(box[k]).toBeCloseTo(edge, 9));
  });

  it('keeps everything when the far ones are many, or the inventory small', () => {
    const spread = Array.from({ length: 1000 }, (_, i) =>
      facility({ type: 'Point', coordinates: [i % 2 === 0 ? 4 : 24, 50 + (i % 7)] }),
    );
    expect(boundsOf(inventory(...spread))).toEqual([4, 50, 24, 56]);
    const few = [
      facility({ type: 'Point', coordinates: [4, 50] }),
      facility({ type: 'Point', coordinates: [55.5, -20.9] }),
    ];
    expect(boundsOf(inventory(...few))).toEqual([4, -20.9, 55.5, 50]);
  });
});
