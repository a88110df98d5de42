/**
 * The GeoParquet export (src/core/export-geoparquet.ts) read back through the load pipeline
 * gives the same inventory: facilities with their ids, names, sectors, countries, geometry and
 * properties, dependencies with from, to, service, delay and route.
 */
import { describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { inventoryToGeoParquet } from '../../../src/core/export-geoparquet.ts';
import type { Inventory } from '../../../src/core/types.ts';
import { fixture, load, summary } from './load-helpers.ts';

const inventoryJson = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [13.405, 52.52] },
      properties: {
        id: 'plant',
        name: 'Power plant',
        sector: 'energy',
        country: 'DE',
        capacity: 450,
        operator: 'Vattenfall',
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [13.4, 52.5],
            [13.5, 52.5],
            [13.5, 52.6],
            [13.4, 52.5],
          ],
        ],
      },
      properties: {
        id: 'works',
        name: 'Waterworks',
        sector: 'water',
        country: 'DE',
        min_providers: { energy: 1 },
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [14.55, 53.43] },
      properties: {
        id: 'hub',
        name: 'Telecom hub',
        sector: 'telecom',
        country: 'PL',
        population_served: 12000,
      },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [13.405, 52.52],
          [13.45, 52.55],
        ],
      },
      properties: { from: 'plant', to: 'works', service: 'energy', delay_hours: 4, circuit: 'L1' },
    },
    {
      type: 'Feature',
      geometry: null,
      properties: { from: 'plant', to: 'hub', service: 'energy' },
    },
    {
      type: 'Feature',
      geometry: null,
      properties: { from: 'works', to: 'hub', service: 'water', delay_hours: 12 },
    },
  ],
};

/**
 * Properties as the export writes them (inventory-tables.ts): id, name, sector and country as
 * the load normalized them (own fields, compared by summary), objects as JSON text.
 */
function given(inventory: Inventory) {
  return inventory.facilities.map((f) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(f.properties)) {
      if (['id', 'name', 'sector', 'country'].includes(key)) continue;
      out[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
    }
    return out;
  });
}

async function roundTrip(inventory: Inventory): Promise<Inventory> {
  const bytes = inventoryToGeoParquet(inventory);
  return load([{ name: 'export.parquet', bytes }]);
}

describe('GeoParquet export', () => {
  it('writes GeoParquet 1.1 metadata for a WKB geometry column', async () => {
    const original = await load([
      { name: 'inventory.geojson', bytes: new TextEncoder().encode(JSON.stringify(inventoryJson)) },
    ]);
    const bytes = inventoryToGeoParquet(original);
    const metadata = parquetMetadata(bytes.slice().buffer);
    const geo = JSON.parse(metadata.key_value_metadata!.find((kv) => kv.key === 'geo')!.value!);
    expect(geo).toEqual({
      version: '1.1.0',
      primary_column: 'geometry',
      columns: {
        geometry: {
          encoding: 'WKB',
          geometry_types: ['LineString', 'Point', 'Polygon'],
          bbox: [13.4, 52.5, 14.55, 53.43],
        },
      },
    });
    expect(Number(metadata.num_rows)).toBe(6);
  });

  it('reads back as the same inventory (GeoJSON in, GeoParquet out and in)', async () => {
    const original = await load([
      { name: 'inventory.geojson', bytes: new TextEncoder().encode(JSON.stringify(inventoryJson)) },
    ]);
    const back = await roundTrip(original);
    expect(summary(back)).toEqual(summary(original));
    expect(back.facilities.map((f) => f.geometry)).toEqual(
      original.facilities.map((f) => f.geometry),
    );
    expect(given(back)).toEqual(given(original));
    expect([...back.dependencies.routes.entries()]).toEqual([
      ...original.dependencies.routes.entries(),
    ]);
    // delay_hours is written for every dependency (0 where none was given): summary compares it
    const rest = (inventory: Inventory) =>
      inventory.dependencies.properties.map(({ delay_hours: _, ...p }) => p);
    expect(rest(back)).toEqual(rest(original));
    expect(back.facilities[1]!.minProviders).toEqual(original.facilities[1]!.minProviders);
  });

  it('round-trips an inventory loaded from an .xlsx workbook', async () => {
    const original = await load([fixture('xlsx-planner.xlsx')]);
    const back = await roundTrip(original);
    // the export's columns are the canonical names, so no field mapping is reported again
    expect({ ...summary(back), warnings: [] }).toEqual({ ...summary(original), warnings: [] });
    expect(given(back)).toEqual(given(original));
  });
});
