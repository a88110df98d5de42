/** What crosses the loading worker's boundary comes back as the core made it. */
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { reviveFacility, reviveProperties } from '../../src/state/revive.ts';

const text = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { id: 'p', sector: 'energy', ['__proto__']: { polluted: true }, toString: 'x' },
      geometry: { type: 'Point', coordinates: [1, 2] },
    },
    {
      type: 'Feature',
      properties: { id: 'd', depends_on: [{ id: 'p', service: 'constructor' }] },
      geometry: { type: 'Point', coordinates: [1, 3] },
    },
  ],
});

describe('revive after structured clone', () => {
  it('restores null prototypes, keeping __proto__ and toString as data', () => {
    const result = loadInventory([{ name: 'a.geojson', text }]);
    if (!result.ok) throw new Error(result.message);
    const cloned = structuredClone(result.inventory);
    // What structured clone does: an Object prototype, own keys kept.
    expect(Object.getPrototypeOf(cloned.facilities[0]!.properties)).toBe(Object.prototype);
    cloned.facilities.forEach(reviveFacility);
    cloned.dependencies.properties.forEach(reviveProperties);
    const p = cloned.facilities[0]!;
    expect(Object.getPrototypeOf(p.properties)).toBeNull();
    expect(Object.getPrototypeOf(p.minProviders)).toBeNull();
    expect(Object.keys(p.properties)).toEqual(
      Object.keys(result.inventory.facilities[0]!.properties),
    );
    expect(p.properties.toString).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // A service called "constructor" finds no inherited function.
    expect(cloned.facilities[1]!.minProviders.constructor).toBeUndefined();
    expect(cloned.indexById.get('d')).toBe(1);
    expect(Object.getPrototypeOf(cloned.dependencies.properties[0])).toBeNull();
    expect(cloned.dependencies.services).toEqual(['constructor']);
    expect(cloned.dependencies.to).toEqual(Int32Array.from([1]));
  });
});
