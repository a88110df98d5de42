/**
 * Reading one source file into raw records (SPEC 1): GeoJSON (FeatureCollection, Feature,
 * newline-delimited) and CSV (delimiter sniffing, BOM, latitude/longitude column aliases).
 * Records are not yet facilities or dependencies: inventory.ts decides that.
 */
import Papa from 'papaparse';
import { canonicalType } from './geometry-check.ts';
import { jsonErrorOffset, lineColumn } from './json-error.ts';
import type { ReportEntry } from './types.ts';

/** One feature (GeoJSON) or row (CSV) as read, before any interpretation. */
export interface RawRecord {
  /** Feature index (0-based) or CSV line (1-based, the header is line 1). */
  index: number;
  /** The GeoJSON Feature's own `id` member, if any. */
  featureId: unknown;
  /** Null-prototype copy of the properties (or CSV columns). */
  properties: Record<string, unknown>;
  /** Raw geometry; null when absent. */
  geometry: unknown;
}

export interface InventorySource {
  /** File name, used in reports and to pick the format by extension. */
  name: string;
  /** The file's text; or `data` when the caller already has a parsed GeoJSON object. */
  text?: string;
  data?: unknown;
}

export type ReadResult =
  | { ok: true; records: RawRecord[]; errors: ReportEntry[]; warnings: ReportEntry[] }
  | { ok: false; code: string; message: string };

const GEOMETRY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
]);

/** Copies an object's own properties into a null-prototype object: `__proto__` stays data. */
export function plainCopy(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key];
  }
  return out;
}

function extension(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** Reads one source into records, or says why it cannot be read at all. */
export function readSource(source: InventorySource): ReadResult {
  if (source.data !== undefined) return readGeoJson(source.name, source.data);
  const text = (source.text ?? '').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, code: 'empty-file', message: 'the file is empty' };
  const ext = extension(source.name);
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return readCsv(source.name, text);
  if (['ndjson', 'jsonl', 'geojsonl', 'geojsons', 'ldjson'].includes(ext)) {
    return readNdjson(source.name, text);
  }
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    if (ext === 'json' || ext === 'geojson') return refuseJson(text);
    return readCsv(source.name, text);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    if (looksLikeNdjson(text)) return readNdjson(source.name, text);
    return refuseJson(text);
  }
  return readGeoJson(source.name, data);
}

function refuseJson(text: string): ReadResult {
  const offset = jsonErrorOffset(text);
  const { line, column } = lineColumn(text, offset);
  const what = offset >= text.length ? 'the file ends too early (truncated?)' : 'invalid JSON';
  return {
    ok: false,
    code: 'invalid-json',
    message: `${what} at line ${line}, column ${column} (character ${offset})`,
  };
}

function looksLikeNdjson(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    const first: unknown = JSON.parse(lines[0]!);
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

function readNdjson(file: string, text: string): ReadResult {
  const records: RawRecord[] = [];
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  const lines = text.split(/\r?\n/);
  let index = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const at = index++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const col = jsonErrorOffset(line) + 1;
      errors.push({
        file,
        index: at,
        code: 'invalid-json',
        message: `line ${i + 1} is not valid JSON (column ${col}); skipped`,
      });
      return;
    }
    const record = toRecord(file, at, value, errors, warnings);
    if (record) records.push(record);
  });
  if (records.length === 0 && errors.length > 0) {
    return {
      ok: false,
      code: 'invalid-json',
      message: 'no line of the file is a valid GeoJSON feature',
    };
  }
  return { ok: true, records, errors, warnings };
}

function readGeoJson(file: string, data: unknown): ReadResult {
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  const records: RawRecord[] = [];
  if (Array.isArray(data)) {
    warnings.push({
      file,
      index: -1,
      code: 'bare-array',
      message: 'the file is a JSON array, read as the features of a FeatureCollection',
    });
    data.forEach((item, i) => {
      const r = toRecord(file, i, item, errors, warnings);
      if (r) records.push(r);
    });
    return { ok: true, records, errors, warnings };
  }
  if (!data || typeof data !== 'object') {
    return {
      ok: false,
      code: 'not-geojson',
      message: 'not GeoJSON: expected a FeatureCollection or a Feature',
    };
  }
  const obj = data as Record<string, unknown>;
  const rawType = typeof obj.type === 'string' ? obj.type : undefined;
  const type = rawType ? canonicalType(rawType) : undefined;
  if (type === 'FeatureCollection') {
    if (rawType !== type) warnings.push(typeCase(file, -1, rawType!, type));
    checkCrs(file, obj.crs, warnings);
    if (!Array.isArray(obj.features)) {
      return {
        ok: false,
        code: 'not-geojson',
        message: 'the FeatureCollection has no "features" array',
      };
    }
    obj.features.forEach((item, i) => {
      const r = toRecord(file, i, item, errors, warnings);
      if (r) records.push(r);
    });
    return { ok: true, records, errors, warnings };
  }
  if (type === 'Feature' || (type && GEOMETRY_TYPES.has(type))) {
    checkCrs(file, obj.crs, warnings);
    const r = toRecord(file, 0, data, errors, warnings);
    if (r) records.push(r);
    return { ok: true, records, errors, warnings };
  }
  return {
    ok: false,
    code: 'not-geojson',
    message: `not GeoJSON: the top-level "type" is ${JSON.stringify(obj.type ?? null)}, expected "FeatureCollection" or "Feature"`,
  };
}

function typeCase(file: string, index: number, given: string, read: string): ReportEntry {
  return { file, index, code: 'type-case', message: `"type": "${given}" read as "${read}"` };
}

function checkCrs(file: string, crs: unknown, warnings: ReportEntry[]): void {
  if (crs === undefined || crs === null) return;
  const name = JSON.stringify(crs);
  if (/CRS84|EPSG::?4326|WGS ?84/i.test(name)) return;
  warnings.push({
    file,
    index: -1,
    code: 'crs-ignored',
    message: `the file declares the coordinate system ${name.slice(0, 80)}; GeoJSON is read as WGS 84 longitude/latitude`,
  });
}

function toRecord(
  file: string,
  index: number,
  item: unknown,
  errors: ReportEntry[],
  warnings: ReportEntry[],
): RawRecord | null {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    errors.push({ file, index, code: 'invalid-feature', message: 'not a GeoJSON Feature object' });
    return null;
  }
  const obj = item as Record<string, unknown>;
  const rawType = typeof obj.type === 'string' ? obj.type : '';
  const type = canonicalType(rawType);
  if (type && GEOMETRY_TYPES.has(type)) {
    warnings.push({
      file,
      index,
      code: 'bare-geometry',
      message: `a bare ${type} geometry, not a Feature: read as a facility without properties`,
    });
    return { index, featureId: undefined, properties: Object.create(null), geometry: item };
  }
  if (type !== 'Feature') {
    errors.push({
      file,
      index,
      code: 'invalid-feature',
      message: `"type" is ${JSON.stringify(obj.type ?? null)}, expected "Feature"`,
    });
    return null;
  }
  if (rawType !== type) warnings.push(typeCase(file, index, rawType, type));
  const props = obj.properties;
  if (
    props !== undefined &&
    props !== null &&
    (typeof props !== 'object' || Array.isArray(props))
  ) {
    warnings.push({
      file,
      index,
      code: 'invalid-properties',
      message: '"properties" is not an object; ignored',
    });
  }
  return {
    index,
    featureId: obj.id,
    properties: plainCopy(props),
    geometry: obj.geometry ?? null,
  };
}

const LAT_COLUMNS = ['lat', 'latitude', 'y', 'lat_dd', 'lat_deg', 'breite', 'latitud'];
const LON_COLUMNS = [
  'lon',
  'lng',
  'long',
  'longitude',
  'x',
  'lon_dd',
  'lon_deg',
  'laenge',
  'longitud',
];

/** A CSV number, accepting a decimal comma ("52,51") as spreadsheets in Europe write it. */
export function csvNumber(value: string): number | string {
  const t = value.trim();
  if (t === '') return t;
  const normalized = /^[-+]?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  const n = Number(normalized);
  return Number.isNaN(n) ? value : n;
}

function readCsv(file: string, text: string): ReadResult {
  const rows: { line: number; cells: string[] }[] = [];
  let consumed = 0;
  let line = 1;
  let delimiter = ',';
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|'],
    step: (result) => {
      rows.push({ line, cells: result.data });
      const cursor = result.meta.cursor;
      for (let i = consumed; i < cursor; i++) if (text.charCodeAt(i) === 10) line++;
      consumed = cursor;
      delimiter = result.meta.delimiter;
    },
  });
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = nonEmpty.shift();
  if (!header) return { ok: false, code: 'empty-file', message: 'the CSV file has no header row' };
  const columns = header.cells.map((c) => c.trim());
  const lower = columns.map((c) => c.toLowerCase());
  const latCol = lower.findIndex((c) => LAT_COLUMNS.includes(c));
  const lonCol = lower.findIndex((c) => LON_COLUMNS.includes(c));
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  if (columns.length < 2) {
    return {
      ok: false,
      code: 'invalid-csv',
      message: `cannot read this as CSV: the header has a single column (delimiter "${delimiter}")`,
    };
  }
  const records: RawRecord[] = [];
  for (const row of nonEmpty) {
    if (row.cells.length !== columns.length) {
      warnings.push({
        file,
        index: row.line,
        code: 'csv-column-count',
        message: `line ${row.line} has ${row.cells.length} fields, the header has ${columns.length}`,
      });
    }
    const properties: Record<string, unknown> = Object.create(null);
    columns.forEach((name, i) => {
      if (i === latCol || i === lonCol || name === '') return;
      const cell = row.cells[i];
      if (cell !== undefined && cell.trim() !== '') properties[name] = cell.trim();
    });
    let geometry: unknown = null;
    if (latCol >= 0 && lonCol >= 0) {
      const lat = row.cells[latCol] ?? '';
      const lon = row.cells[lonCol] ?? '';
      if (lat.trim() !== '' || lon.trim() !== '') {
        geometry = { type: 'Point', coordinates: [csvNumber(lon), csvNumber(lat)] };
      }
    }
    records.push({ index: row.line, featureId: undefined, properties, geometry });
  }
  return { ok: true, records, errors, warnings };
}
