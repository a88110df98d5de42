/**
 * Parquet and GeoParquet files as one layer each, with hyparquet. A GeoParquet file (one with
 * "geo" metadata) gives its primary geometry column as each row's geometry, reprojected to
 * longitude/latitude when its CRS is another (proj4); a plain Parquet file is a table, read like
 * the same table as CSV (table.ts: lat/lon columns become points, from/to rows dependencies).
 * Rows are numbered from 1 in the report. The footer and the page headers are checked before
 * anything is decoded (parquet-guards.ts), and the columns are read chunk by chunk, without an
 * object per row.
 */
import type { FileMetaData } from 'hyparquet';
import {
  checkMetadata,
  checkPages,
  guardedCompressors,
  messageOf,
  refuse,
  settledOrStuck,
} from './parquet-guards.ts';
import { Refusal, type BinaryReader, type ReaderLayer } from './reader.ts';
import { ownBuffer } from './shapefile.ts';
import { isoDate, tableToRecords, type TableCell } from './table.ts';
import type { RawRecord } from '../formats.ts';
import { knownCrs, mapPositions } from '../crs.ts';
import type { Geometry } from 'geojson';

/** Whether bytes start with Parquet's magic number "PAR1". */
export function isParquetHead(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

/** .parquet and .geoparquet files, by name or by their magic number. */
export const parquetReader: BinaryReader = {
  name: 'parquet',
  accepts: (name, head) => /\.(geo)?parquet$/i.test(name) || isParquetHead(head),
  read: readParquet,
};

const LONLAT_IDS = new Set(['OGC:CRS84', 'OGC:CRS84h', 'EPSG:4326', 'EPSG:4979']);

/** The layer of a Parquet or GeoParquet file. */
export async function readParquet(name: string, bytes: Uint8Array): Promise<ReaderLayer[]> {
  const size = bytes.byteLength;
  const damaged: (why: string) => never = (why) =>
    refuse(name, 'invalid-parquet', `a damaged Parquet file (${why}): export or download it again`);
  if (!isParquetHead(bytes)) {
    refuse(
      name,
      'unsupported-format',
      'not a Parquet file: it does not start with "PAR1", as Parquet files do',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  if (size < 12 || view.getUint32(size - 4, true) !== 0x31524150) {
    refuse(
      name,
      'invalid-parquet',
      'a truncated Parquet file: its footer (which ends in "PAR1") is missing, so the download or export was cut off: do it again',
    );
  }
  const metadataLength = view.getUint32(size - 8, true);
  if (metadataLength > size - 12) {
    damaged(
      `its footer claims ${metadataLength.toLocaleString('en-US')} bytes of metadata, the whole file has ${size.toLocaleString('en-US')}`,
    );
  }
  const buffer = ownBuffer(bytes);
  const hyparquet = await import('hyparquet');
  let metadata: FileMetaData;
  try {
    metadata = hyparquet.parquetMetadata(buffer);
  } catch (error) {
    damaged(`its metadata cannot be read: ${messageOf(error)}`);
  }
  const { parquetHeader } = await import('hyparquet/src/column.js');
  let pageCap = 0;
  try {
    pageCap = checkMetadata(name, metadata, size - 8 - metadataLength, damaged);
    checkPages(view, metadata, pageCap, parquetHeader, damaged);
  } catch (error) {
    if (error instanceof Refusal) throw error;
    damaged(`its metadata does not add up: ${messageOf(error)}`);
  }
  const rowCount = Number(metadata.num_rows);
  if (rowCount === 0) refuse(name, 'empty-file', 'the Parquet file has no rows');

  const geo = geoMetadata(name, metadata);
  const compressors = await guardedCompressors(name, metadata, pageCap, hyparquet.snappyUncompress);
  const columns = (metadata.schema[0]?.num_children ? topLevelNames(metadata) : []).filter(
    (c) => c !== '',
  );
  // Column by column (hyparquet's chunks), without an object per row.
  const chunks = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  try {
    await settledOrStuck(
      hyparquet.parquetRead({
        file: buffer,
        metadata,
        compressors,
        onChunk: ({ columnName, columnData, rowStart }) => {
          let list = chunks.get(columnName);
          if (!list) chunks.set(columnName, (list = []));
          list.push({ rowStart, data: columnData });
        },
      }),
    );
  } catch (error) {
    if (error instanceof Refusal) throw error;
    damaged(`its data cannot be read: ${messageOf(error)}`);
  }
  const values = new Map<string, ArrayLike<unknown>>();
  for (const column of columns) {
    const whole = wholeColumn(chunks.get(column) ?? [], rowCount);
    if (!whole) damaged(`its column "${column.slice(0, 60)}" does not hold a value per row`);
    values.set(column, whole);
  }
  const notes: string[] = [];
  const binary = new Set<string>();
  const cell = (column: string, value: unknown): TableCell => {
    const v = plainValue(value);
    if (v === BINARY) {
      binary.add(column);
      return null;
    }
    return v;
  };

  let layer: ReaderLayer;
  if (geo) {
    const project = await projection(name, geo.crs, notes);
    const others = new Set(geo.columns);
    const kept = columns.filter((c) => !others.has(c));
    const keptValues = kept.map((c) => values.get(c)!);
    const geometries = values.get(geo.primary)!;
    const records: RawRecord[] = new Array(rowCount);
    for (let k = 0; k < rowCount; k++) {
      const properties: Record<string, unknown> = Object.create(null);
      for (let c = 0; c < kept.length; c++) {
        const value = cell(kept[c]!, keptValues[c]![k]);
        if (value !== null && value !== undefined) properties[kept[c]!] = value;
      }
      const geometry = geometryOf(geometries[k], geo.encoding, project);
      records[k] = { index: k + 1, featureId: undefined, properties, geometry };
    }
    if (geo.columns.length > 1) {
      notes.push(
        `only the primary geometry column "${geo.primary}" is read; ${geo.columns
          .filter((c) => c !== geo.primary)
          .map((c) => `"${c}"`)
          .join(', ')} left out`,
      );
    }
    layer = { name, read: { ok: true, records, errors: [], warnings: [] } };
  } else {
    const columnValues = columns.map((c) => values.get(c)!);
    function* rows() {
      for (let k = 0; k < rowCount; k++) {
        yield { index: k + 1, cells: columns.map((c, i) => cell(c, columnValues[i]![k])) };
      }
    }
    const read = tableToRecords(name, { index: -1, cells: columns }, rows(), 'table');
    if (!read.ok) refuse(name, read.code, read.message);
    layer = { name, read };
  }
  for (const column of binary) {
    notes.push(`the column "${column}" holds binary data, which is left out`);
  }
  return [{ ...layer, notes, code: 'parquet' }];
}

/**
 * A column's values for rows 0 .. rows - 1 from its chunks (one per row group, in any order),
 * or null when they do not cover every row exactly once.
 */
function wholeColumn(
  chunks: { rowStart: number; data: ArrayLike<unknown> }[],
  rows: number,
): ArrayLike<unknown> | null {
  if (chunks.length === 1 && chunks[0]!.rowStart === 0 && chunks[0]!.data.length === rows) {
    return chunks[0]!.data;
  }
  chunks.sort((a, b) => a.rowStart - b.rowStart);
  const out: unknown[] = new Array(rows);
  let next = 0;
  for (const { rowStart, data } of chunks) {
    if (rowStart !== next || next + data.length > rows) return null;
    for (let k = 0; k < data.length; k++) out[next + k] = data[k];
    next += data.length;
  }
  return next === rows ? out : null;
}

function topLevelNames(metadata: FileMetaData): string[] {
  const names: string[] = [];
  const schema = metadata.schema;
  for (let i = 1; i < schema.length; i++) {
    const element = schema[i]!;
    names.push(element.name);
    // skip the element's descendants (a list's or a struct's fields)
    let skip = element.num_children ?? 0;
    while (skip > 0 && i + 1 < schema.length) {
      i++;
      skip += (schema[i]!.num_children ?? 0) - 1;
    }
  }
  return names;
}

interface GeoColumns {
  primary: string;
  encoding: string;
  /** Every geometry column the metadata names (only the primary one is read). */
  columns: string[];
  /** The primary column's `crs` member; undefined when absent (OGC:CRS84). */
  crs: unknown;
}

/** The "geo" metadata of a GeoParquet file, checked; null for a plain Parquet file. */
function geoMetadata(name: string, metadata: FileMetaData): GeoColumns | null {
  const text = metadata.key_value_metadata?.find((kv) => kv.key === 'geo')?.value;
  if (text === undefined) return null;
  let geo: { primary_column?: unknown; columns?: Record<string, Record<string, unknown>> };
  try {
    geo = JSON.parse(text);
  } catch {
    refuse(name, 'invalid-parquet', 'the GeoParquet file\'s "geo" metadata is not valid JSON');
  }
  const columns = geo?.columns && typeof geo.columns === 'object' ? geo.columns : {};
  const names = Object.keys(columns);
  const primary = typeof geo?.primary_column === 'string' ? geo.primary_column : names[0];
  if (primary === undefined) return null;
  const column = columns[primary];
  if (!column || !topLevelNames(metadata).includes(primary)) {
    refuse(
      name,
      'invalid-parquet',
      `the GeoParquet metadata names the geometry column "${primary.slice(0, 60)}", which the file does not have`,
    );
  }
  const encoding = String(column.encoding ?? '');
  if (encoding !== 'WKB' && encoding !== 'point') {
    refuse(
      name,
      'unsupported-format',
      `the geometry column "${primary.slice(0, 60)}" is encoded as "${encoding.slice(0, 40)}", which cannot be read here: write the GeoParquet file with WKB geometry`,
    );
  }
  return {
    primary,
    encoding,
    columns: names,
    crs: Object.hasOwn(column, 'crs') ? column.crs : undefined,
  };
}

type Project = ((position: number[]) => number[]) | null;

/**
 * The conversion of the geometry column's CRS to longitude/latitude: null when none is needed,
 * or a Refusal naming a CRS this cannot convert.
 */
async function projection(name: string, crs: unknown, notes: string[]): Promise<Project> {
  if (crs === undefined) return null;
  if (crs === null) {
    notes.push(
      'the geometry column says its coordinate system is unknown (crs: null): coordinates read as WGS 84 longitude/latitude',
    );
    return null;
  }
  const object = typeof crs === 'object' ? (crs as Record<string, unknown>) : null;
  const ids = object ? [object.id, ...(Array.isArray(object.ids) ? object.ids : [])] : [];
  const id = ids.find(
    (i): i is { authority: unknown; code: unknown } => !!i && typeof i === 'object',
  );
  const label = id
    ? `${String(id.authority)}:${String(id.code)}`
    : typeof crs === 'string'
      ? crs.slice(0, 60)
      : 'without an EPSG code';
  const crsName = typeof object?.name === 'string' ? ` ("${object.name.slice(0, 60)}")` : '';
  if (LONLAT_IDS.has(label) || object?.name === 'WGS 84 (CRS84)') return null;
  const cannot: (why: string) => never = (why) =>
    refuse(
      name,
      'unsupported-crs',
      `the geometry's coordinate system ${label}${crsName} cannot be converted to longitude/latitude here (${why}): reproject the file to WGS 84 (EPSG:4326) first, e.g. with ogr2ogr -t_srs EPSG:4326`,
    );
  const code = id && String(id.authority).toUpperCase() === 'EPSG' ? Number(id.code) : NaN;
  const definition = knownCrs(code) ?? crs;
  const { default: proj4 } = await import('proj4');
  let forward: (position: number[]) => number[];
  try {
    const converter = proj4(definition as string, 'EPSG:4326');
    forward = (position) => converter.forward(position.slice(0, 2));
    const probe = forward([0, 0]);
    if (!probe.every((n) => typeof n === 'number')) cannot('proj4 gives no coordinates');
  } catch (error) {
    if (error instanceof Refusal) throw error;
    cannot(messageOf(error));
  }
  return forward;
}

/** A GeoJSON geometry from a geometry cell, reprojected; null for none or POINT EMPTY. */
function geometryOf(value: unknown, encoding: string, project: Project): unknown {
  if (value === null || value === undefined) return null;
  let geometry = value as { type?: unknown; coordinates?: unknown };
  if (encoding === 'point') {
    const { x, y } = value as { x?: unknown; y?: unknown };
    geometry = { type: 'Point', coordinates: [x, y] };
  }
  if (geometry.type === 'Point' && Array.isArray(geometry.coordinates)) {
    // WKB writes POINT EMPTY as NaN coordinates
    if (geometry.coordinates.every((n) => typeof n === 'number' && Number.isNaN(n))) return null;
  }
  if (!project) return geometry;
  return mapPositions(geometry as Geometry, project);
}

const BINARY = Symbol('binary');

/**
 * A Parquet value as a cell: INT64 (bigint) as a number when exact, else as text; dates as
 * ISO text; lists, maps and structs as JSON text; binary data as BINARY (left out).
 */
function plainValue(value: unknown): TableCell | typeof BINARY {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return null;
    return Number.isFinite(value) ? value : String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return isoDate(value) || null;
  if (value instanceof Uint8Array) return BINARY;
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v,
    );
  } catch {
    return String(value);
  }
}
