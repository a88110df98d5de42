/**
 * The GeoPackage export (src/core/export-geopackage.ts): a GeoPackage 1.3 with the required
 * tables and rows, that the GeoPackage reader loads back into the same inventory. (It was also
 * checked with GDAL's ogrinfo and validate_gpkg.py by hand; CI has no GDAL.)
 */
import { describe, expect, it } from 'vitest';
import {
  GPKG_APPLICATION_ID,
  GPKG_USER_VERSION,
  inventoryToGeoPackage,
} from '../../src/core/export-geopackage.ts';
import { inventoryTables } from '../../src/core/inventory-tables.ts';
import { sqlite } from '../../src/core/sqlite.ts';
import type { Inventory } from '../../src/core/types.ts';
import { fixture, loaded, summary } from './formats/gpkg-helpers.ts';

const feature = (properties: object, geometry: object | null) => ({
  type: 'Feature',
  properties,
  geometry,
});

/** Facilities with every kind of property, dependencies with and without a route. */
const INVENTORY = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    feature(
      { id: 'plant', name: 'Plant', sector: 'Power', country: 'DE', capacity: 1200, backup: true },
      { type: 'Point', coordinates: [8.4037, 49.0069] },
    ),
    feature(
      {
        id: 'works',
        name: 'Waterworks',
        sector: 'water',
        country: 'DEU',
        ratio: 0.25,
        backup: false,
        tags: ['north', 'river'],
        min_providers: { energy: 2 },
      },
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [8.66, 49.4],
              [8.68, 49.4],
              [8.68, 49.41],
              [8.66, 49.4],
            ],
          ],
        ],
      },
    ),
    feature(
      { id: 'spare', name: 'Spare plant', sector: 'energy', country: 'DE' },
      { type: 'Point', coordinates: [8.5, 49.2] },
    ),
    feature(
      { id: 'cable', name: 'Cable', sector: 'ICT', country: 'DE', note: 'ünïcode "quoted"' },
      {
        type: 'LineString',
        coordinates: [
          [8.4, 49.0],
          [8.5, 49.1],
        ],
      },
    ),
    feature(
      { from: 'plant', to: 'works', service: 'energy', delay_hours: 4, contract: 'C-1' },
      {
        type: 'LineString',
        coordinates: [
          [8.4037, 49.0069],
          [8.67, 49.405],
        ],
      },
    ),
    feature({ from: 'spare', to: 'works', service: 'energy', delay_hours: 2.5 }, null),
    feature({ from: 'cable', to: 'plant' }, null),
  ],
});

async function inventory(text = INVENTORY): Promise<Inventory> {
  return loaded([{ name: 'inventory.geojson', text }]);
}

/** The export, loaded back through the pipeline. */
async function roundTrip(original: Inventory): Promise<{ back: Inventory; bytes: Uint8Array }> {
  const bytes = await inventoryToGeoPackage(original);
  return { back: await loaded([{ name: 'export.gpkg', bytes }]), bytes };
}

async function query(bytes: Uint8Array, sql: string): Promise<unknown[][]> {
  const SQL = await sqlite();
  const db = new SQL.Database(bytes);
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('inventoryToGeoPackage', () => {
  it('writes a GeoPackage 1.3: application id, version, the required tables and SRS rows', async () => {
    const bytes = await inventoryToGeoPackage(await inventory());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(new TextDecoder().decode(bytes.subarray(0, 16))).toBe('SQLite format 3\0');
    expect(view.getUint32(68)).toBe(GPKG_APPLICATION_ID);
    expect(GPKG_APPLICATION_ID).toBe(0x47504b47);
    expect(view.getUint32(60)).toBe(GPKG_USER_VERSION);
    expect(await query(bytes, 'PRAGMA application_id')).toEqual([[0x47504b47]]);
    expect(await query(bytes, 'SELECT srs_id FROM gpkg_spatial_ref_sys ORDER BY srs_id')).toEqual([
      [-1],
      [0],
      [4326],
    ]);
    expect(
      await query(bytes, 'SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY 1'),
    ).toEqual([
      ['dependencies', 'features', 4326],
      ['facilities', 'features', 4326],
    ]);
    expect(await query(bytes, 'SELECT * FROM gpkg_geometry_columns ORDER BY 1')).toEqual([
      ['dependencies', 'geom', 'LINESTRING', 4326, 0, 0],
      ['facilities', 'geom', 'GEOMETRY', 4326, 0, 0],
    ]);
    const [bounds] = await query(
      bytes,
      "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'facilities'",
    );
    expect(bounds).toEqual([8.4, 49.0, 8.68, 49.41]);
  });

  it('loads back as the same inventory: facilities, properties, dependencies, routes', async () => {
    const original = await inventory();
    const { back } = await roundTrip(original);
    expect(summary(back)).toEqual(summary(original));
    expect(back.facilities.map((f) => f.geometry)).toEqual(
      original.facilities.map((f) => f.geometry),
    );
    expect(back.facilities.map((f) => f.minProviders)).toEqual(
      original.facilities.map((f) => f.minProviders),
    );
    // Every column as written: the same tables from the inventory read back.
    expect(inventoryTables(back)).toEqual(inventoryTables(original));
    const works = back.facilities.find((f) => f.id === 'works')!;
    expect(works.properties).toMatchObject({
      ratio: 0.25,
      backup: false,
      tags: '["north","river"]',
    });
    expect(back.facilities.find((f) => f.id === 'cable')!.properties.note).toBe('ünïcode "quoted"');
    expect([...back.dependencies.routes.keys()]).toEqual([...original.dependencies.routes.keys()]);
    expect(back.dependencies.properties[0]).toMatchObject({ contract: 'C-1' });
  });

  it('without any route, the dependencies are an attributes table, read back the same', async () => {
    const original = await loaded([fixture('gpkg-sites.geojson'), fixture('gpkg-deps.csv')]);
    expect(original.dependencies.routes.size).toBe(0);
    const { back, bytes } = await roundTrip(original);
    expect(
      await query(
        bytes,
        "SELECT data_type, srs_id FROM gpkg_contents WHERE table_name = 'dependencies'",
      ),
    ).toEqual([['attributes', null]]);
    expect(summary(back).facilities).toEqual(summary(original).facilities);
    expect(summary(back).dependencies).toEqual(summary(original).dependencies);
    expect(back.dependencies.length).toBe(4);
    expect(inventoryTables(back)).toEqual(inventoryTables(original));
  });

  it('a column mixing numbers and words is text; names equal but for case get a suffix', async () => {
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        feature(
          { id: 'a', level: 5, Fid: 'x', Level: 'low' },
          { type: 'Point', coordinates: [1, 2] },
        ),
        feature({ id: 'b', level: 'high' }, { type: 'Point', coordinates: [3, 4] }),
      ],
    });
    const { back, bytes } = await roundTrip(await inventory(text));
    const columns = await query(bytes, "SELECT name, type FROM pragma_table_info('facilities')");
    expect(columns).toEqual([
      ['fid', 'INTEGER'],
      ['geom', 'GEOMETRY'],
      ['id', 'TEXT'],
      ['name', 'TEXT'],
      ['sector', 'TEXT'],
      ['country', 'TEXT'],
      ['level', 'TEXT'],
      ['Fid_2', 'TEXT'],
      ['Level_2', 'TEXT'],
    ]);
    expect(back.facilities.map((f) => f.properties.level)).toEqual(['5', 'high']);
    expect(back.facilities[0]!.properties).toMatchObject({ Fid_2: 'x', Level_2: 'low' });
  });

  it('does not change the inventory', async () => {
    const original = await inventory();
    const before = JSON.stringify(inventoryTables(original));
    await inventoryToGeoPackage(original);
    expect(JSON.stringify(inventoryTables(original))).toBe(before);
  });
});
