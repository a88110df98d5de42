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
});
