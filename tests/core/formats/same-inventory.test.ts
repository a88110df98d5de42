/**
 * The same inventory in every format gives the same cascade (issue #16): for each facility
 * compromised on its own (radius 0 and 20 km), the failed facilities with their wave and hours
 * are the same as from its GeoJSON form. Two ways: the KML, KMZ and FlatGeobuf fixtures of
 * tests/fixtures/formats/inventory.geojson, and the app's own GeoParquet and GeoPackage exports
 * of the documented examples with k-of-n redundancy, backup hours and recovery data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inventoryToGeoPackage } from '../../../src/core/export-geopackage.ts';
import { inventoryToGeoParquet } from '../../../src/core/export-geoparquet.ts';
import { buildGraph } from '../../../src/core/graph.ts';
import { loadSources, type LoadInput } from '../../../src/core/load-pipeline.ts';
import { runScenario } from '../../../src/core/scenario.ts';
import { SpatialIndex } from '../../../src/core/spatial-index.ts';
import type { Inventory } from '../../../src/core/types.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

async function load(inputs: LoadInput[]): Promise<Inventory> {
  const result = await loadSources(inputs);
  if (!result.ok) throw new Error(`refused: ${result.file}: ${result.message}`);
  return result.inventory;
}

function file(path: string): LoadInput {
  return { name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(ROOT, path))) };
}

/** Every single-facility scenario's failures, by compromised id, as "id wave hours" lines. */
function cascades(inventory: Inventory): Record<string, string[]> {
  const graph = buildGraph(inventory);
  const index = new SpatialIndex(inventory.facilities.map((f) => f.geometry));
  const ids = inventory.facilities.map((f) => f.id);
  const out: Record<string, string[]> = {};
  for (const radiusKm of [0, 20]) {
    ids.forEach((id, i) => {
      const run = runScenario(graph, ids, index, { compromised: [i], protected: [], radiusKm });
      out[`${id} ${radiusKm} km`] = Array.from(run.result.order, (v) =>
        [ids[v], run.result.wave[v], run.result.hours[v]].join(' '),
      ).sort();
    });
  }
  return out;
}

describe('the same inventory in every format, the same cascade', () => {
  it('KML, KMZ and FlatGeobuf as their GeoJSON', async () => {
    const geojson = await load([file('tests/fixtures/formats/inventory.geojson')]);
    const expected = cascades(geojson);
    expect(Object.values(expected).some((failed) => failed.length > 1)).toBe(true);
    for (const name of ['inventory.kml', 'inventory.kmz', 'inventory.fgb', 'inventory-3857.fgb']) {
      const other = await load([file(`tests/fixtures/formats/${name}`)]);
      expect(cascades(other), name).toEqual(expected);
      expect(other.errors.length, name).toBe(geojson.errors.length);
    }
  });

  for (const example of ['chain.geojson', 'redundancy.geojson', 'recovery.geojson']) {
    it(`${example} exported as GeoParquet and GeoPackage`, async () => {
      const inventory = await load([file(`docs/examples/${example}`)]);
      const expected = cascades(inventory);
      const parquet = await load([{ name: 'x.parquet', bytes: inventoryToGeoParquet(inventory) }]);
      expect(cascades(parquet)).toEqual(expected);
      const gpkg = await load([{ name: 'x.gpkg', bytes: await inventoryToGeoPackage(inventory) }]);
      expect(cascades(gpkg)).toEqual(expected);
      for (const read of [parquet, gpkg]) {
        expect(read.facilities.map((f) => [f.id, f.minProviders])).toEqual(
          inventory.facilities.map((f) => [f.id, f.minProviders]),
        );
        expect(read.errors).toEqual([]);
      }
    });
  }
});
