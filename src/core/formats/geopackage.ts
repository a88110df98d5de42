/**
 * GeoPackages (.gpkg, OGC 12-128r18): an SQLite database whose `gpkg_contents` lists its layers.
 * Each `features` layer (geometries in GeoPackage blobs, gpkg-geometry.ts) and each `attributes`
 * layer (a plain table: dependencies with from/to, or facilities with lat/lon columns, read as
 * table.ts reads a sheet) becomes one ReaderLayer, `sites.gpkg/facilities`. Coordinates in any
 * coordinate system proj4 can read from the layer's WKT are converted to WGS 84 longitude and
 * latitude; an undefined or unknown one refuses the file, naming it. A row's report index is
 * its feature id (fid), as QGIS and ogrinfo show it.
 *
 * SQLite is sql.js (WebAssembly, sqlite.ts: where each environment finds its .wasm), started
 * only when a GeoPackage is opened. A GeoPackage is untrusted input: every query is fixed SQL,
 * table and column names from the file are quoted as identifiers, values are bound; views are
 * not read (a view is a query, and a query can run without end); rows are read one at a time,
 * at most MAX_GEOPACKAGE_ROWS over all layers.
 */
import type { Geometry, Position } from 'geojson';
import type { Database, SqlValue } from 'sql.js';
import type { RawRecord } from '../formats.ts';
import { sqlite } from '../sqlite.ts';
import type { ReportEntry } from '../types.ts';
import { mapPositions } from '../crs.ts';
import { WkbError } from '../wkb.ts';
import { decodeGpkgGeometry } from './gpkg-geometry.ts';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import { tableToRecords, type TableCell, type TableRow } from './table.ts';

/** Rows read over all layers of one file, at most: each becomes an object in memory. */
export const MAX_GEOPACKAGE_ROWS = 5_000_000;
/** Layers (gpkg_contents rows) one file may list: each costs a few queries. */
export const MAX_GEOPACKAGE_LAYERS = 1_000;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether bytes start like an SQLite database ("SQLite format 3\0"). */
export function isSqliteHead(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  for (let i = 0; i < 16; i++) if (head[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

/** .gpkg files, and any SQLite database (to say that it is not a GeoPackage). */
export const geopackageReader: BinaryReader = {
  name: 'geopackage',
  accepts: (name, head) => isSqliteHead(head) || /\.gpkg$/i.test(name),
  read: (name, bytes) => readGeoPackage(name, bytes),
};

/** An SQLite identifier in double quotes (a quote inside doubled), for names from the file. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The layers of a GeoPackage; throws a Refusal with a plain message when it cannot be read.
 * @param maxRows rows read over all layers at most (default MAX_GEOPACKAGE_ROWS); past it the
 *   file is refused
 */
export async function readGeoPackage(
  name: string,
  bytes: Uint8Array,
  maxRows = MAX_GEOPACKAGE_ROWS,
): Promise<ReaderLayer[]> {
  const refuse = (message: string, code = 'invalid-geopackage') => new Refusal(name, code, message);
  const notes: string[] = [];
  const checked = checkHeader(bytes, notes);
  if (typeof checked === 'string') throw refuse(checked);
  const SQL = await sqlite();
  let db: Database;
  try {
    db = new SQL.Database(checked);
  } catch (error) {
    throw refuse(sqliteProblem(error));
  }
  try {
    const layers = await readLayers(db, name, notes, refuse, maxRows);
    if (layers.length > 0 && notes.length > 0) layers[0]!.notes!.unshift(...notes);
    return layers;
  } catch (error) {
    if (error instanceof Refusal) throw error;
    throw refuse(sqliteProblem(error));
  } finally {
    db.close();
  }
}

/**
 * The bytes to open (a copy when a WAL-mode header is set back to rollback mode, which an
 * in-memory database needs), or why they are no SQLite database.
 */
function checkHeader(bytes: Uint8Array, notes: string[]): Uint8Array | string {
  if (bytes.length === 0) return 'the file is empty';
  if (!isSqliteHead(bytes)) {
    return 'not a GeoPackage: a GeoPackage is an SQLite database, and this file does not start like one (export it again as GeoPackage, or as GeoJSON or CSV)';
  }
  if (bytes.length < 100) {
    return `a damaged GeoPackage: the file ends after ${bytes.length} bytes, inside its header (an interrupted download or copy?)`;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = view.getUint32(28);
  // The page count is valid when the "version valid for" number matches the change counter.
  if (pages > 0 && view.getUint32(92) === view.getUint32(24) && pages * pageSize > bytes.length) {
    return `a damaged GeoPackage: the file is cut off (${bytes.length.toLocaleString('en-US')} bytes of the ${(pages * pageSize).toLocaleString('en-US')} its header gives): download or copy it again`;
  }
  if (bytes[18] === 2 || bytes[19] === 2) {
    notes.push(
      'the GeoPackage was saved in WAL mode: edits still in its "-wal" file beside it, if any, are not read (close the program that has it open, then copy it again)',
    );
    const copy = new Uint8Array(bytes); // a copy (a Node Buffer's slice() would be a view)
    copy[18] = 1;
    copy[19] = 1;
    return copy;
  }
  return bytes;
}

/** SQLite's error in words for the user. */
function sqliteProblem(error: unknown): string {
  const text = String((error as Error)?.message ?? error);
  if (/not a database|malformed|corrupt|disk I\/O/i.test(text)) {
    return `a damaged GeoPackage (SQLite says "${text.slice(0, 80)}"): download or export it again`;
  }
  return `cannot read this GeoPackage: ${text.slice(0, 200)}`;
}

type Rows = Record<string, SqlValue>[];

/** All rows of a fixed query with bound values (small tables: gpkg_contents and the like). */
function all(db: Database, sql: string, params: SqlValue[] = []): Rows {
  const statement = db.prepare(sql, params);
  const rows: Rows = [];
  try {
    while (statement.step()) rows.push(statement.getAsObject());
  } finally {
    statement.free();
  }
  return rows;
}

async function readLayers(
  db: Database,
  file: string,
  notes: string[],
  refuse: (message: string, code?: string) => Refusal,
  maxRows: number,
): Promise<ReaderLayer[]> {
  const master =
    "SELECT type FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE";
  if (all(db, master, ['gpkg_contents']).length === 0) {
    throw refuse(
      'an SQLite database, not a GeoPackage (it has no gpkg_contents table listing layers): export the data as GeoPackage, GeoJSON or CSV',
      'unsupported-format',
    );
  }
  const contents = all(
    db,
    `SELECT table_name, data_type, srs_id FROM gpkg_contents LIMIT ${MAX_GEOPACKAGE_LAYERS + 1}`,
  );
  if (contents.length > MAX_GEOPACKAGE_LAYERS) {
    throw refuse(
      `the GeoPackage lists more than ${MAX_GEOPACKAGE_LAYERS.toLocaleString('en-US')} layers: too many to read`,
      'too-large',
    );
  }
  const seen = new Set<string>();
  const wanted: { table: string; kind: 'features' | 'attributes'; srsId: SqlValue }[] = [];
  const others = new Set<string>();
  for (const row of contents) {
    const table = String(row.table_name ?? '');
    const kind = String(row.data_type ?? '').toLowerCase();
    if (kind !== 'features' && kind !== 'attributes') {
      others.add(kind.slice(0, 30) || 'untyped');
      continue;
    }
    // SQLite names ignore case: "Sites" and "sites" are one table, read once.
    if (table === '' || seen.has(table.toLowerCase())) continue;
    seen.add(table.toLowerCase());
    const type = all(db, master, [table])[0]?.type;
    if (type === undefined) {
      notes.push(`the layer "${table.slice(0, 60)}" is listed but its table is missing: skipped`);
    } else if (type === 'view') {
      notes.push(`the layer "${table.slice(0, 60)}" is a view (a stored query), not read`);
    } else {
      wanted.push({ table, kind, srsId: row.srs_id ?? null });
    }
  }
  if (others.size > 0) {
    notes.push(
      `layers of type ${[...others]
        .slice(0, 5)
        .map((k) => `"${k}"`)
        .join(', ')} (raster tiles?) are not read`,
    );
  }
  if (wanted.length === 0) {
    const why = others.size > 0 ? ` (only ${[...others].slice(0, 5).join(', ')})` : '';
    throw refuse(
      `the GeoPackage holds no features or attributes layer${why}: nothing to read`,
      'no-facilities',
    );
  }
  const budget = { rows: maxRows, max: maxRows };
  const layers: ReaderLayer[] = [];
  for (const { table, kind, srsId } of wanted) {
    const layer = `${file}/${table}`;
    const geometry =
      kind === 'features' ? await geometryColumn(db, table, srsId, layer, refuse) : undefined;
    layers.push(readTable(db, layer, table, geometry, budget, refuse));
  }
  return layers;
}

interface GeometryColumn {
  column: string;
  /** To WGS 84 longitude/latitude; null: the layer is in WGS 84 already. */
  convert: ((p: Position) => Position) | null;
}

async function geometryColumn(
  db: Database,
  table: string,
  contentsSrs: SqlValue,
  layer: string,
  refuse: (message: string, code?: string) => Refusal,
): Promise<GeometryColumn> {
  const row = all(
    db,
    'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)',
    [table],
  )[0];
  const column = row?.column_name;
  if (typeof column !== 'string' || column === '') {
    throw refuse(
      `the layer "${layer}" is a features layer without a geometry column (gpkg_geometry_columns names none for it)`,
    );
  }
  const srsId = Number(row?.srs_id ?? contentsSrs);
  return { column, convert: await converter(db, srsId, layer, refuse) };
}

/** WKT kinds proj4 converts: geographic, geodetic and projected systems (not local ones). */
const CONVERTIBLE_WKT = /^\s*(GEOGCS|PROJCS|GEOGCRS|GEODCRS|PROJCRS|GEOGRAPHICCRS|PROJECTEDCRS)\[/i;

/** The layer's conversion to WGS 84; proj4 (shpjs's too) is imported only when one is needed. */
async function converter(
  db: Database,
  srsId: number,
  layer: string,
  refuse: (message: string, code?: string) => Refusal,
): Promise<GeometryColumn['convert']> {
  if (srsId === 4326) return null;
  const srs = all(db, 'SELECT * FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
  const unknownCrs = (what: string, fix: string) =>
    refuse(`the layer "${layer}" ${what}: ${fix}`, 'unknown-crs');
  const reproject = 'reproject it to WGS 84 first (ogr2ogr -t_srs EPSG:4326)';
  if (!srs)
    throw unknownCrs(`uses coordinate system ${srsId}, which the file does not define`, reproject);
  const organization = String(srs.organization ?? '');
  const code = srs.organization_coordsys_id;
  const named = organization !== '' && organization.toUpperCase() !== 'NONE';
  const label = `"${String(srs.srs_name ?? '').slice(0, 60)}" (${named ? `${organization.slice(0, 20)}:${String(code).slice(0, 20)}` : `srs_id ${srsId}`})`;
  if (organization.toUpperCase() === 'EPSG' && Number(code) === 4326) return null;
  if (srsId === 0 || srsId === -1) {
    throw unknownCrs(
      `has an undefined coordinate system, ${label}, so its coordinates cannot be placed`,
      'give it the coordinate system its coordinates are in (ogr2ogr -a_srs EPSG:<code>) and save again',
    );
  }
  const definitions = [srs.definition, srs.definition_12_063].filter(
    (d): d is string => typeof d === 'string' && CONVERTIBLE_WKT.test(d),
  );
  if (definitions.length === 0) {
    throw unknownCrs(
      `is in the coordinate system ${label}, which has no definition RippleMap can use`,
      reproject,
    );
  }
  const { default: proj4 } = await import('proj4');
  for (const definition of definitions) {
    try {
      const transform = proj4(definition, 'EPSG:4326');
      // x is east and y north in a GeoPackage whatever the WKT's axis order: not enforced.
      return (p) => transform.forward([p[0]!, p[1]!]);
    } catch {
      // the next definition, or the refusal below
    }
  }
  throw unknownCrs(
    `is in the coordinate system ${label}, which RippleMap cannot convert`,
    reproject,
  );
}

interface Column {
  name: string;
  boolean: boolean;
}

/** One layer's rows as records, read one at a time. */
function readTable(
  db: Database,
  layer: string,
  table: string,
  geometry: GeometryColumn | undefined,
  budget: { rows: number; max: number },
  refuse: (message: string, code?: string) => Refusal,
): ReaderLayer {
  const info = all(db, 'SELECT name, type, pk FROM pragma_table_info(?)', [table]);
  // The fid: the integer primary key (GeoPackage requires one; not a composite key).
  const keys = info.filter((c) => Number(c.pk) > 0);
  const key = keys.length === 1 && /^INT/i.test(String(keys[0]!.type ?? '')) ? keys[0] : null;
  const keyName = key ? String(key.name) : null;
  const geometryName = geometry?.column.toLowerCase();
  if (geometry && !info.some((c) => String(c.name).toLowerCase() === geometryName)) {
    throw refuse(
      `the layer "${layer}" has no column "${geometry.column.slice(0, 60)}", which gpkg_geometry_columns names as its geometry`,
    );
  }
  const columns: Column[] = info
    .filter((c) => String(c.name) !== keyName && String(c.name).toLowerCase() !== geometryName)
    .map((c) => ({ name: String(c.name), boolean: /^BOOL/i.test(String(c.type ?? '')) }));
  // The fid (NULL without an integer key: rows are then numbered), the geometry, the rest.
  const selected = [
    keyName === null ? 'NULL' : quoteIdentifier(keyName),
    ...(geometry ? [quoteIdentifier(geometry.column)] : []),
  ];
  const list = [...selected, ...columns.map((c) => quoteIdentifier(c.name))].join(', ');
  const statement = db.prepare(`SELECT ${list} FROM ${quoteIdentifier(table)}`);
  const errors: ReportEntry[] = [];
  const blobColumns = new Set<string>();
  const records: RawRecord[] = [];
  const rows: TableRow[] = [];
  const offset = selected.length;
  let position = 0;
  try {
    while (statement.step()) {
      if (--budget.rows < 0) {
        throw refuse(
          `the GeoPackage has more than ${budget.max.toLocaleString('en-US')} rows: too many to load at once (split it, or filter it with ogr2ogr -where)`,
          'too-large',
        );
      }
      position++;
      const values = statement.get();
      const fid = values[0];
      const index = typeof fid === 'number' ? fid : position;
      const cells = columns.map((c, i): TableCell => {
        const value = values[offset + i] ?? null;
        if (value instanceof Uint8Array) {
          blobColumns.add(c.name);
          return null;
        }
        return c.boolean && typeof value === 'number' ? value !== 0 : value;
      });
      if (!geometry) {
        rows.push({ index, cells });
        continue;
      }
      const read = readGeometry(values[1] ?? null, geometry);
      if (typeof read === 'string') {
        errors.push({ file: layer, index, code: 'invalid-geometry', message: read });
        continue;
      }
      const properties: Record<string, unknown> = Object.create(null);
      columns.forEach((c, i) => {
        if (cells[i] !== null) properties[c.name] = cells[i];
      });
      records.push({ index, featureId: undefined, properties, geometry: read });
    }
  } finally {
    statement.free();
  }
  const notes = [...blobColumns].map(
    (c) => `column "${c.slice(0, 60)}" holds binary data, which is not read`,
  );
  if (!geometry) {
    const header: TableRow = { index: -1, cells: columns.map((c) => c.name) };
    const read = tableToRecords(layer, header, rows, 'table');
    if (!read.ok) throw refuse(read.message, read.code);
    return { name: layer, read, notes, code: 'geopackage' };
  }
  return {
    name: layer,
    read: { ok: true, records, errors, warnings: [] },
    notes,
    code: 'geopackage',
  };
}

/** A row's geometry in WGS 84 (null: none), or why its blob cannot be read. */
function readGeometry(value: SqlValue, column: GeometryColumn): Geometry | null | string {
  if (value === null) return null;
  if (!(value instanceof Uint8Array)) {
    return `the geometry is not a GeoPackage geometry blob (it is ${typeof value === 'string' ? 'text' : 'a number'}); skipped`;
  }
  let geometry: Geometry | null;
  try {
    geometry = decodeGpkgGeometry(value);
  } catch (error) {
    if (error instanceof WkbError) return `the geometry cannot be read: ${error.message}; skipped`;
    throw error;
  }
  if (!geometry || !column.convert) return geometry;
  try {
    return mapPositions(geometry, column.convert);
  } catch (error) {
    // proj4 throws on NaN and infinite coordinates.
    const text = String((error as Error)?.message ?? error).slice(0, 80);
    return `the geometry's coordinates cannot be converted to longitude/latitude (${text}); skipped`;
  }
}
