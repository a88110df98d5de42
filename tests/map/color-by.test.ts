/**
 * Colouring by the original type word (issue #15): the facility layer's fill follows the
 * `type` kept by the sector-value mapping when asked, the sector otherwise.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/core/inventory.ts';
import { facilityData, type BinaryTable, type MapModel } from '../../src/map/layers.ts';
import { sectorColor } from '../../src/map/palette.ts';

function model(colorBy: MapModel['colorBy']): MapModel {
  const features = [
    ['u', 'energy', 'Umspannwerk'],
    ['k', 'energy', 'Kraftwerk'],
    ['h', 'health', undefined],
  ].map(([id, sector, type], i) => ({
    type: 'Feature',
    properties: { id, sector, ...(type ? { type } : {}) },
    geometry: { type: 'Point', coordinates: [6 + i, 50] },
  }));
  const loaded = loadInventory([
    { name: 'types.geojson', text: JSON.stringify({ type: 'FeatureCollection', features }) },
  ]);
  if (!loaded.ok) throw new Error(loaded.message);
  const inv = loaded.inventory;
  return {
    inventory: inv,
    positions: Float64Array.from([6, 50, 7, 50, 8, 50]),
    points: Int32Array.from([0, 1, 2]),
    shapes: [],
    arcs: new Int32Array(0),
    facilityState: new Uint8Array(3),
    arcState: new Uint8Array(0),
    crossBorder: new Uint8Array(0),
    zone: [],
    selected: -1,
    heat: null,
    colorBy,
  };
}

const fill = (table: BinaryTable, row: number) =>
  Array.from(table.attributes.getFillColor!.value.subarray(4 * row, 4 * row + 4));

describe('colour by', () => {
  it('uses the sector by default and the original type word when asked', () => {
    const bySector = facilityData(model('sector'));
    expect(fill(bySector, 0)).toEqual(sectorColor('energy', 235));
    expect(fill(bySector, 1)).toEqual(sectorColor('energy', 235));
    const byType = facilityData(model('type'));
    expect(fill(byType, 0)).toEqual(sectorColor('Umspannwerk', 235));
    expect(fill(byType, 1)).toEqual(sectorColor('Kraftwerk', 235));
    // Without a type word, the sector.
    expect(fill(byType, 2)).toEqual(sectorColor('health', 235));
  });
});
