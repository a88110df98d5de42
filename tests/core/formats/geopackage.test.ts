/**
 * The GeoPackage reader (src/core/formats/geopackage.ts) through the load pipeline: GeoPackages
 * written by GDAL (tests/fixtures/formats/README-gpkg.md) load as their GeoJSON and CSV sources
 * do, reprojected from EPSG:3035; bad and hostile files are refused with a plain message, at
 * once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry, encodeGpkgGeometry } from '../../../src/core/formats/gpkg-geometry.ts';
import {
  geopackageReader,
  quoteIdentifier,
  readGeoPackage,
} from '../../../src/core/formats/geopackage.ts';
import { Refusal } from '../../../src/core/readers.ts';
import { WkbError } from '../../../src/core/wkb.ts';
import { useNodeSqlite } from '../../../src/cli/node-sqlite.ts';
import { setSqlite } from '../../../src/core/sqlite.ts';
import {
  coordinates,
  edited,
  fixture,
  FORMATS,
  load,
  loaded,
  refused,
  summary,
} from './gpkg-helpers.ts';

const SITES = fixture('gpkg-sites.gpkg');
/** A copy of its own (a Node Buffer's slice() is a view, and the tests spoil copies). */
const sitesBytes = new Uint8Array(SITES.bytes!);
const sources = () => [fixture('gpkg-sites.geojson'), fixture('gpkg-deps.csv')];

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('which files the reader takes', () => {
  it('takes SQLite databases by their first bytes and .gpkg files by name', () => {
    expect(geopackageReader.accepts('anything.bin', sitesBytes.subarray(0, 512))).toBe(true);
    expect(geopackageReader.accepts('sites.GPKG', new Uint8Array(4))).toBe(true);
    expect(geopackageReader.accepts('sites.geojson', new TextEncoder().encode('{"type"'))).toBe(
      false,
    );
  });
});

describe('GeoPackages written by GDAL', () => {
  it('load as their GeoJSON and CSV do: facilities, dependencies and the report', async () => {
    const gpkg = await loaded([SITES]);
    const text = await loaded(sources());
    expect(summary(gpkg)).toEqual(summary(text));
    expect(coordinates(gpkg)).toEqual(coordinates(text));
    expect(gpkg.files).toEqual(['gpkg-sites.gpkg/facilities', 'gpkg-sites.gpkg/dependencies']);
    expect(summary(gpkg).errors).toEqual(['out-of-range', 'unknown-endpoint']);
    // Reported at their feature id (fid), as QGIS and ogrinfo show it.
    expect(gpkg.errors.map((e) => [e.file, e.index, e.id])).toEqual([
      ['gpkg-sites.gpkg/facilities', 6, 'far'],
      ['gpkg-sites.gpkg/dependencies', 4, undefined],
    ]);
    // Other fields keep their values and types (GDAL's REAL, MEDIUMINT, TEXT columns).
    const plant = gpkg.facilities.find((f) => f.id === 'plant')!;
    expect(plant.properties).toMatchObject({ capacity: 1200, operator: 'Rhein AG' });
    const exchange = gpkg.facilities.find((f) => f.id === 'exchange')!;
    expect(exchange.properties.population_served).toBe(250000);
    const hospital = gpkg.facilities.find((f) => f.id === 'hospital')!;
    expect(hospital.properties.depends_on).toBe('plant');
  });

  it('a layer in EPSG:3035 (axes north, east in its WKT) is converted to longitude/latitude', async () => {
    const gpkg = await loaded([fixture('gpkg-sites-3035.gpkg')]);
    const geojson = JSON.parse(readFileSync(join(FORMATS, 'gpkg-sites.geojson'), 'utf8'));
    geojson.features = geojson.features.filter(
      (f: { properties: { id: string } }) => f.properties.id !== 'far',
    );
    const text = await loaded([
      { name: 'gpkg-sites.geojson', text: JSON.stringify(geojson) },
      fixture('gpkg-deps.csv'),
    ]);
    expect(summary(gpkg)).toEqual(summary(text));
    const a = coordinates(gpkg);
    const b = coordinates(text);
    expect(a.map((c) => c.length)).toEqual(b.map((c) => c.length));
    a.forEach((c, i) => c.forEach((v, j) => expect(Math.abs(v - b[i]![j]!)).toBeLessThan(1e-6)));
  });

  it('attributes tables (no geometry) are read as CSV rows: lat/lon columns make the points', async () => {
    const gpkg = await loaded([fixture('gpkg-chain.gpkg')]);
    const csv = await loaded([
      { name: 'chain-facilities.csv', bytes: readFileSync('docs/examples/chain-facilities.csv') },
      {
        name: 'chain-dependencies.csv',
        bytes: readFileSync('docs/examples/chain-dependencies.csv'),
      },
    ]);
    expect(summary(gpkg)).toEqual(summary(csv));
    expect(coordinates(gpkg)).toEqual(coordinates(csv));
    expect(gpkg.dependencies.length).toBe(4);
  });

  it('the CLI way of starting sql.js (from node_modules, by Node) reads them too', async () => {
    useNodeSqlite();
    try {
      const layers = await readGeoPackage('gpkg-sites.gpkg', sitesBytes);
      expect(layers.map((l) => l.name)).toEqual([
        'gpkg-sites.gpkg/facilities',
        'gpkg-sites.gpkg/dependencies',
      ]);
    } finally {
      setSqlite({});
    }
  });
});

describe('bad GeoPackages are refused with a plain message', () => {
  it('a file that is no SQLite database, named .gpkg', async () => {
    const error = await refused([
      { name: 'sites.gpkg', bytes: new TextEncoder().encode('id,lat\n') },
    ]);
    expect(error.code).toBe('invalid-geopackage');
    expect(error.message).toMatch(
      /a GeoPackage is an SQLite database, and this file does not start like one/,
    );
    expect((await refused([{ name: 'empty.gpkg', bytes: new Uint8Array() }])).message).toBe(
      'the file is empty',
    );
  });

  it('an SQLite database without GeoPackage tables', async () => {
    const error = await refused([fixture('gpkg-plain-sqlite.gpkg')]);
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toMatch(/^an SQLite database, not a GeoPackage/);
  });

  it('a truncated file', async () => {
    const error = await refused([fixture('gpkg-truncated.gpkg')]);
    expect(error.message).toBe(
      'a damaged GeoPackage: the file is cut off (6,144 bytes of the 31,744 its header gives): download or copy it again',
    );
  });

  it('every prefix of a GeoPackage is refused at once, also when its header gives no size', async () => {
    // Bytes 92-95 unlike 24-27: the header's page count is not to be trusted, so SQLite reads
    // what there is and finds the damage itself.
    const sizeless = sitesBytes.slice();
    sizeless[95] = sizeless[95]! ^ 0xff;
    for (const bytes of [sitesBytes, sizeless]) {
      for (let n = 0; n < bytes.length; n += 1024) {
        const error = await refusal(readGeoPackage('cut.gpkg', bytes.subarray(0, n)));
        expect(error.message).toMatch(
          /damaged GeoPackage|file is empty|not start like one|not a GeoPackage|no features or attributes/,
        );
      }
    }
  });

  it('damaged pages (SQLite: "database disk image is malformed")', async () => {
    const bytes = sitesBytes.slice();
    bytes.fill(0xab, 1024, 1024 * 12);
    const error = await refusal(readGeoPackage('damaged.gpkg', bytes));
    expect(error.message).toMatch(
      /^a damaged GeoPackage \(SQLite says "[^"]+"\): download or export it again$/,
    );
  });

  it('a layer without a coordinate system, naming it', async () => {
    const error = await refused([fixture('gpkg-no-srs.gpkg')]);
    expect(error.code).toBe('unknown-crs');
    expect(error.message).toBe(
      'the layer "gpkg-no-srs.gpkg/facilities" has an undefined coordinate system, "Undefined geographic SRS" (srs_id 0), so its coordinates cannot be placed: give it the coordinate system its coordinates are in (ogr2ogr -a_srs EPSG:<code>) and save again',
    );
  });

  it('a coordinate system that cannot be converted, or is not defined, naming it', async () => {
    const local = await edited(
      sitesBytes,
      `INSERT INTO gpkg_spatial_ref_sys VALUES ('Site grid', 990001, 'ACME', 17, 'LOCAL_CS["Site grid",UNIT["metre",1]]', NULL);
       UPDATE gpkg_geometry_columns SET srs_id = 990001; UPDATE gpkg_contents SET srs_id = 990001 WHERE data_type = 'features';`,
    );
    const error = await refused([{ name: 'local.gpkg', bytes: local }]);
    expect(error.code).toBe('unknown-crs');
    expect(error.message).toBe(
      'the layer "local.gpkg/facilities" is in the coordinate system "Site grid" (ACME:17), which has no definition RippleMap can use: reproject it to WGS 84 first (ogr2ogr -t_srs EPSG:4326)',
    );
    const bogus = await edited(
      sitesBytes,
      `INSERT INTO gpkg_spatial_ref_sys VALUES ('Bogus', 990002, 'ACME', 18, 'PROJCS["Bogus",GEOGCS["x",DATUM["y",SPHEROID["z",1,0]]],PROJECTION["No_Such_Projection"]]', NULL);
       UPDATE gpkg_geometry_columns SET srs_id = 990002;`,
    );
    expect((await refused([{ name: 'bogus.gpkg', bytes: bogus }])).message).toMatch(
      /"Bogus" \(ACME:18\), which RippleMap cannot convert/,
    );
    const missing = await edited(sitesBytes, 'UPDATE gpkg_geometry_columns SET srs_id = 31467;');
    expect((await refused([{ name: 'missing.gpkg', bytes: missing }])).message).toMatch(
      /uses coordinate system 31467, which the file does not define/,
    );
  });

  it('a features layer without a geometry column', async () => {
    const bytes = await edited(sitesBytes, 'DELETE FROM gpkg_geometry_columns;');
    const error = await refused([{ name: 'nogeom.gpkg', bytes }]);
    expect(error.message).toBe(
      'the layer "nogeom.gpkg/facilities" is a features layer without a geometry column (gpkg_geometry_columns names none for it)',
    );
  });

  it('no features or attributes layer', async () => {
    const bytes = await edited(sitesBytes, "UPDATE gpkg_contents SET data_type = 'tiles';");
    const error = await refused([{ name: 'tiles.gpkg', bytes }]);
    expect(error.message).toBe(
      'the GeoPackage holds no features or attributes layer (only tiles): nothing to read',
    );
    const none = await edited(sitesBytes, 'DELETE FROM gpkg_contents;');
    expect((await refused([{ name: 'none.gpkg', bytes: none }])).message).toMatch(
      /holds no features or attributes layer: nothing to read/,
    );
  });

  it('more rows than the reader takes', async () => {
    const error = await refusal(readGeoPackage('big.gpkg', sitesBytes, 7));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/^the GeoPackage has more than 7 rows: too many to load at once/);
    await expect(readGeoPackage('big.gpkg', sitesBytes, 10)).resolves.toHaveLength(2);
  });
});

describe('odd and hostile GeoPackages', () => {
  it('a broken geometry blob rejects its row (at its fid), the others load', async () => {
    const bytes = await edited(
      sitesBytes,
      "UPDATE facilities SET geom = substr(geom, 1, 20) WHERE id = 'cable'; UPDATE facilities SET geom = 'text' WHERE id = 'hospital';",
    );
    const inventory = await loaded([{ name: 'broken.gpkg', bytes }]);
    const broken = inventory.errors.filter((e) => e.code === 'invalid-geometry');
    expect(broken.map((e) => [e.index, e.message])).toEqual([
      [4, 'the geometry is not a GeoPackage geometry blob (it is text); skipped'],
      [5, expect.stringMatching(/^the geometry cannot be read: the geometry is cut off/)],
    ]);
    expect(inventory.facilities.map((f) => f.id)).toEqual(['plant', 'waterworks', 'exchange']);
  });

  it('coordinates proj4 cannot convert (NaN) reject their row, not the file', async () => {
    const line = encodeGpkgGeometry(
      {
        type: 'LineString',
        coordinates: [
          [NaN, 1],
          [2, 3],
        ],
      },
      3035,
    );
    const hex = Buffer.from(line).toString('hex');
    const bytes = await edited(
      new Uint8Array(fixture('gpkg-sites-3035.gpkg').bytes!),
      `UPDATE facilities SET geom = x'${hex}' WHERE id = 'cable';`,
    );
    const inventory = await loaded([{ name: 'nan.gpkg', bytes }]);
    expect(inventory.errors.find((e) => e.code === 'invalid-geometry')).toMatchObject({
      index: 5,
      message: expect.stringMatching(/cannot be converted to longitude\/latitude/),
    });
    expect(inventory.facilities).toHaveLength(4);
  });

  it('table and column names with quotes are quoted, not run', async () => {
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
    const name = 'x"; DROP TABLE facilities; --';
    const bytes = await edited(
      sitesBytes,
      `ALTER TABLE dependencies RENAME TO ${quoteIdentifier(name)};
       ALTER TABLE ${quoteIdentifier(name)} RENAME COLUMN service TO ${quoteIdentifier('ser"vice')};
       UPDATE gpkg_contents SET table_name = '${name.replaceAll("'", "''")}', identifier = 'odd' WHERE table_name = 'dependencies';`,
    );
    const inventory = await loaded([{ name: 'odd.gpkg', bytes }]);
    expect(inventory.files).toEqual(['odd.gpkg/facilities', `odd.gpkg/${name}`]);
    expect(inventory.facilities).toHaveLength(5);
    // Three rows of the renamed table (its service column renamed too) and one depends_on.
    expect(inventory.dependencies.length).toBe(4);
    expect(inventory.dependencies.properties.some((p) => p['ser"vice'] === 'energy')).toBe(true);
  });

  it('views are not read; a layer listed twice in other case is read once; blobs are noted', async () => {
    const bytes = await edited(
      sitesBytes,
      `CREATE VIEW forever AS WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n) SELECT k FROM n;
       INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('forever', 'attributes', 'forever');
       INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('FACILITIES', 'features', 'again');
       ALTER TABLE facilities ADD COLUMN photo BLOB; UPDATE facilities SET photo = x'ffd8ff';`,
    );
    const result = await load([{ name: 'odd.gpkg', bytes }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inventory.files).toEqual(['odd.gpkg/facilities', 'odd.gpkg/dependencies']);
    expect(result.inventory.warnings.map((w) => w.message)).toEqual([
      'the layer "forever" is a view (a stored query), not read',
      'column "photo" holds binary data, which is not read',
    ]);
  });

  it('a GeoPackage saved in WAL mode is read, with a note', async () => {
    const wal = sitesBytes.slice();
    wal[18] = 2;
    wal[19] = 2;
    const result = await load([{ name: 'wal.gpkg', bytes: wal }]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.inventory.facilities).toHaveLength(5);
    expect(result.inventory.warnings[0]!.message).toMatch(/saved in WAL mode/);
  });
});

describe('GeoPackage geometry blobs', () => {
  it("reads GDAL's blobs and what encodeGpkgGeometry writes, with or without envelope", () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [8.66, 49.4],
          [8.68, 49.4],
          [8.66, 49.41],
          [8.66, 49.4],
        ],
      ],
    };
    const blob = encodeGpkgGeometry(polygon, 4326);
    expect([...blob.subarray(0, 4)]).toEqual([0x47, 0x50, 0, 0b011]);
    expect(decodeGpkgGeometry(blob)).toEqual(polygon);
    const point = encodeGpkgGeometry({ type: 'Point', coordinates: [1, 2] }, 4326);
    expect(point[3]).toBe(1);
    expect(decodeGpkgGeometry(point)).toEqual({ type: 'Point', coordinates: [1, 2] });
  });

  it('an empty geometry is none; anything else not a blob is a WkbError', () => {
    const empty = encodeGpkgGeometry({ type: 'Point', coordinates: [] }, 4326);
    expect(empty[3]! & 0x10).toBe(0x10);
    expect(decodeGpkgGeometry(empty)).toBeNull();
    const bad = (bytes: number[]) => () => decodeGpkgGeometry(Uint8Array.from(bytes));
    expect(bad([0x47])).toThrow(WkbError);
    expect(bad([1, 2, 3, 4, 5, 6, 7, 8, 9])).toThrow(/does not start with "GP"/);
    expect(bad([0x47, 0x50, 0, 0x20, 0, 0, 0, 0, 1])).toThrow(/extended GeoPackage geometry/);
    expect(bad([0x47, 0x50, 0, 0x0e, 0, 0, 0, 0, 1])).toThrow(/envelope indicator 7/);
    expect(bad([0x47, 0x50, 0, 0x03, 0, 0, 0, 0, 1])).toThrow(/cut off/);
  });
});
