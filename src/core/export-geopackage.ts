/**
 * A loaded inventory as a GeoPackage 1.3 (OGC 12-128r18), from its two tables
 * (inventory-tables.ts), for QGIS, ArcGIS and GDAL, and to be loaded again (the GeoPackage
 * reader gives the same inventory back):
 *
 * - `facilities`: a features layer, geometry type GEOMETRY (points, lines and polygons mix),
 *   WGS 84 (srs_id 4326);
 * - `dependencies`: a features layer of LINESTRING routes (a dependency without a route has a
 *   NULL geometry) when any dependency has a route, else an attributes table, which GIS
 *   programs list as a table rather than as an empty map layer.
 *
 * Each column gets the type its cells share (BOOLEAN, INTEGER, REAL, else TEXT, so a column
 * mixing numbers and words is text throughout). SQLite ignores case in column names: of two
 * properties "Name" and "name" the later is written as "name_2" (as `fid` and `geom`, which the
 * layers use, would be). No spatial index is written (optional, and the reader does not need it).
 */
import type { Geometry } from 'geojson';
import type { Database, SqlValue } from 'sql.js';
import { encodeGpkgGeometry, envelopeOf } from './formats/gpkg-geometry.ts';
import { quoteIdentifier } from './formats/geopackage.ts';
import { inventoryTables, type Cell, type Table } from './inventory-tables.ts';
import { sqlite } from './sqlite.ts';
import type { Inventory } from './types.ts';

/** "GPKG" as PRAGMA application_id says a GeoPackage. */
export const GPKG_APPLICATION_ID = 0x47504b47;
/** GeoPackage 1.3.0, as PRAGMA user_version. */
export const GPKG_USER_VERSION = 10300;

const WGS84 = 4326;
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

/** The tables every GeoPackage has (the spec's Annex C), and its three required SRS rows. */
const SCHEMA = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
`;

type ColumnType = 'BOOLEAN' | 'INTEGER' | 'REAL' | 'TEXT';

/** The type a column's cells share. */
function columnType(rows: readonly Cell[][], k: number): ColumnType {
  let type: ColumnType | null = null;
  for (const row of rows) {
    const cell = row[k];
    if (cell === null || cell === undefined) continue;
    const own: ColumnType =
      typeof cell === 'boolean'
        ? 'BOOLEAN'
        : typeof cell === 'number'
          ? Number.isSafeInteger(cell)
            ? 'INTEGER'
            : 'REAL'
          : 'TEXT';
    if (type === null || type === own) type = own;
    else if ((type === 'INTEGER' && own === 'REAL') || (type === 'REAL' && own === 'INTEGER'))
      type = 'REAL';
    else return 'TEXT';
  }
  return type ?? 'TEXT';
}

/** A cell as the value its column stores. */
function sqlValue(cell: Cell, type: ColumnType): SqlValue {
  if (cell === null) return null;
  if (type === 'TEXT') return String(cell);
  if (type === 'BOOLEAN') return cell ? 1 : 0;
  return cell as number;
}

/** Column names unique without regard to case, none of them `reserved`. */
function uniqueNames(names: readonly string[], reserved: readonly string[]): string[] {
  const used = new Set(reserved.map((n) => n.toLowerCase()));
  return names.map((name) => {
    let out = name;
    for (let k = 2; used.has(out.toLowerCase()); k++) out = `${name}_${k}`;
    used.add(out.toLowerCase());
    return out;
  });
}

/**
 * Writes one layer: its table, its gpkg_contents row and (with `geometryType`) its
 * gpkg_geometry_columns row.
 */
function writeLayer<G extends Geometry>(
  db: Database,
  name: string,
  table: Table<G>,
  geometryType: string | null,
  lastChange: string,
): void {
  const names = uniqueNames(table.columns, ['fid', 'geom']);
  const types = names.map((_, k) => columnType(table.rows, k));
  const columns = names.map((n, k) => `${quoteIdentifier(n)} ${types[k]}`);
  const geometryColumn = geometryType ? [`geom ${geometryType}`] : [];
  db.run(
    `CREATE TABLE ${quoteIdentifier(name)} (fid INTEGER PRIMARY KEY NOT NULL, ${[...geometryColumn, ...columns].join(', ')})`,
  );
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const into = [...(geometryType ? ['geom'] : []), ...names].map(quoteIdentifier).join(', ');
  const marks = new Array(names.length + (geometryType ? 1 : 0)).fill('?').join(', ');
  const insert = db.prepare(`INSERT INTO ${quoteIdentifier(name)} (${into}) VALUES (${marks})`);
  try {
    table.rows.forEach((row, i) => {
      const values = row.map((cell, k) => sqlValue(cell, types[k]!));
      if (geometryType) {
        const geometry = table.geometries[i] ?? null;
        const envelope = geometry && envelopeOf(geometry);
        if (envelope) {
          box[0] = Math.min(box[0]!, envelope[0]);
          box[1] = Math.min(box[1]!, envelope[2]);
          box[2] = Math.max(box[2]!, envelope[1]);
          box[3] = Math.max(box[3]!, envelope[3]);
        }
        values.unshift(geometry ? encodeGpkgGeometry(geometry, WGS84) : null);
      }
      insert.run(values);
    });
  } finally {
    insert.free();
  }
  const bounds = geometryType && box[0]! <= box[2]! ? box : [null, null, null, null];
  db.run(
    'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      name,
      geometryType ? 'features' : 'attributes',
      name,
      '',
      lastChange,
      ...(bounds as (number | null)[]),
      geometryType ? WGS84 : null,
    ],
  );
  if (geometryType) {
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)', [
      name,
      'geom',
      geometryType,
      WGS84,
    ]);
  }
}

/**
 * The inventory as the bytes of a GeoPackage file (`facilities` and `dependencies` layers).
 * @example writeFileSync('inventory.gpkg', await inventoryToGeoPackage(inventory))
 */
export async function inventoryToGeoPackage(inventory: Inventory): Promise<Uint8Array> {
  const SQL = await sqlite();
  const db = new SQL.Database();
  try {
    db.run(`PRAGMA application_id = ${GPKG_APPLICATION_ID}`);
    db.run(`PRAGMA user_version = ${GPKG_USER_VERSION}`);
    db.run('BEGIN');
    db.run(SCHEMA);
    db.run('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)', [
      'WGS 84 geodetic',
      WGS84,
      'EPSG',
      WGS84,
      WGS84_WKT,
      'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
    ]);
    const tables = inventoryTables(inventory);
    const lastChange = new Date().toISOString();
    writeLayer(db, 'facilities', tables.facilities, 'GEOMETRY', lastChange);
    const routed = tables.dependencies.geometries.some((g) => g !== null);
    writeLayer(db, 'dependencies', tables.dependencies, routed ? 'LINESTRING' : null, lastChange);
    db.run('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
