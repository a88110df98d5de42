/**
 * What a click on the map may have meant (src/ui/map-picks.ts): the picked facility, every dot
 * under the pointer, and before a stack fans out, its members.
 */
import { describe, expect, it } from 'vitest';
import { findStacks } from '../../src/core/sites.ts';
import type { MapModel } from '../../src/map/layers.ts';
import { FAN_ZOOM } from '../../src/map/stacks.ts';
import { clickChoices, facilityOf } from '../../src/ui/map-picks.ts';

// Three facilities on one Brussels site, one 1 km east.
const positions = Float64Array.from([
  4.3517, 50.8503, 4.3518, 50.8503, 4.3517, 50.8504, 4.3659, 50.8503,
]);
const points = Int32Array.from([0, 1, 2, 3]);
const model = {
  positions,
  points,
  stacks: findStacks(points, positions),
  facilityState: new Uint8Array(4),
  heat: null,
} as unknown as MapModel;
// A projection that puts everything far from the pointer: only the picked index counts.
const far = () => ({ x: 1e6, y: 1e6 });

describe('clickChoices', () => {
  it('offers every member of a stack before it fans out, the picked one alone after', () => {
    expect(clickChoices(model, { zoom: FAN_ZOOM - 1 }, 1, { x: 0, y: 0 }, far)).toEqual([0, 1, 2]);
    expect(clickChoices(model, { zoom: FAN_ZOOM + 1 }, 1, { x: 0, y: 0 }, far)).toEqual([1]);
    expect(clickChoices(model, { zoom: FAN_ZOOM - 1 }, 3, { x: 0, y: 0 }, far)).toEqual([3]);
    expect(clickChoices(model, { zoom: FAN_ZOOM - 1 }, -1, { x: 0, y: 0 }, far)).toEqual([]);
  });
});

describe('facilityOf', () => {
  it('reads a shape index from its feature, and nothing from an arc', () => {
    const shape = { layer: { id: 'facility-shapes' }, object: { properties: { i: 7 } } };
    expect(facilityOf(shape as never)).toBe(7);
    expect(facilityOf({ layer: { id: 'dependencies' }, index: 2 } as never)).toBe(-1);
  });
});
