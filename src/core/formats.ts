/**
 * Reading one source file into raw records (docs/format.md §1): GeoJSON (FeatureCollection,
 * Feature, newline-delimited) and CSV (csv.ts). Files that are none of these (a saved web page,
 * KML, a spreadsheet) are refused with a message that says what they look like. Records are not yet
 * facilities or dependencies: inventory.ts decides that.
 */
import { KNOWN_COLUMNS, readCsv } from './csv.ts';
import { canonicalType } from './geometry-check.ts';
import { jsonErrorMessage, jsonErrorOffset, replaceNonFinite } from './json-error.ts';
import {
  FEATURE_SCAN_CHARS,
  repeatedFeatureMembers,
  repeatedTopLevelMembers,
  type RepeatedFeatureMembers,
} from './json-keys.ts';
import { jsonText, MAX_NESTING, nestingDepth } from './json-text.ts';
import { entry } from './report.ts';
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
  /**
   * Or records already read by readSource (and perhaps field-mapped, see field-mapping.ts):
   * used as they are, so a file read once in the loader's worker is not parsed twice.
   */
  read?: ReadResult;
}

export type ReadResult =
  | { ok: true; records: RawRecord[]; errors: ReportEntry[]; warnings: ReportEntry[] }
  | { ok: false; code: string; message: string };

/** The GeoJSON geometry types (RFC 7946 §3.1). */
export const GEOMETRY_TYPES: ReadonlySet<string> = new Set([
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

/**
 * plainCopy for an object that only this module holds (JSON.parse's output): the object itself,
 * its prototype set to null. The same own keys in the same order, `__proto__` included as
 * data (JSON.parse defines it as an own property), without copying every feature's properties.
 */
function adoptProperties(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.setPrototypeOf(value, null) as Record<string, unknown>;
  }
  return plainCopy(value);
}

function extension(name: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** A failed read: why the source cannot be read at all. */
export type ReadFailure = Extract<ReadResult, { ok: false }>;

/**
 * A GeoJSON source before its features become records: the file-level warnings so far, and
 * whether the features were parsed here (see adoptProperties).
 */
interface Features {
  ok: true;
  features: unknown[];
  warnings: ReportEntry[];
  owned: boolean;
}

type Prepared = ReadResult | Features;

function isFeatures(p: Prepared): p is Features {
  return p.ok && 'features' in p;
}

/** Reads one source into records, or says why it cannot be read at all. */
export function readSource(source: InventorySource): ReadResult {
  const prepared = prepare(source);
  return isFeatures(prepared) ? toRecords(source.name, prepared) : prepared;
}

/**
 * Reads one source and hands each record to `visit` as soon as it is read, instead of
 * returning them all (loadInventory: a record is dropped once it is a facility or a
 * dependency). Report entries go to `errors` and `warnings` in the order readSource finds them.
 * `owned` tells `visit` that the record's objects were made by this read (from the source's
 * text) and that nothing else holds them, so they may be kept rather than copied.
 */
export function readSourceInto(
  source: InventorySource,
  errors: ReportEntry[],
  warnings: ReportEntry[],
  visit: (record: RawRecord, owned: boolean) => void,
): ReadFailure | { ok: true; records: number } {
  const prepared = prepare(source);
  if (!prepared.ok) return prepared;
  let records = 0;
  if (isFeatures(prepared)) {
    for (const w of prepared.warnings) warnings.push(w);
    const { features, owned } = prepared;
    for (let i = 0; i < features.length; i++) {
      if (!owned && !(i in features)) continue; // a hole in a caller's array, as forEach skips
      const record = toRecord(source.name, i, features[i], errors, warnings, owned);
      if (record) {
        records++;
        visit(record, owned);
      }
    }
    return { ok: true, records };
  }
  const read = prepared as Extract<ReadResult, { ok: true }>;
  // Records read here from text (CSV, NDJSON) are this read's own; a caller's `read` is not.
  const owned = source.read === undefined;
  for (const e of read.errors) errors.push(e);
  for (const w of read.warnings) warnings.push(w);
  for (const record of read.records) visit(record, owned);
  return { ok: true, records: read.records.length };
}

function prepare(source: InventorySource): Prepared {
  if (source.read !== undefined) return source.read;
  if (source.data !== undefined) return geoJsonFeatures(source.name, source.data, [], false);
  const text = withoutBom(source.text ?? '');
  if (text.trim() === '') return { ok: false, code: 'empty-file', message: 'the file is empty' };
  const foreign = foreignFormat(text);
  if (foreign) return { ok: false, code: 'unsupported-format', message: foreign };
  const warnings: ReportEntry[] = [];
  if (text.includes('\uFFFD')) {
    warnings.push({
      file: source.name,
      index: -1,
      code: 'encoding',
      message:
        'the file is not valid UTF-8 (saved as Latin-1 or Windows-1252?): some characters were replaced by \uFFFD',
    });
  }
  const ext = extension(source.name);
  const read = readText(source.name, text, ext);
  if (read.ok) read.warnings.unshift(...warnings);
  return read;
}

/** The text without a leading byte-order mark (the first character only is looked at). */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readText(file: string, text: string, ext: string): Prepared {
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return readCsv(file, text);
  if (['ndjson', 'jsonl', 'geojsonl', 'geojsons', 'ldjson'].includes(ext)) {
    return readNdjson(file, text);
  }
  const first = text.trimStart()[0];
  // A GeoJSON text sequence (RFC 8142): each feature after a record separator.
  if (first === RS) return readNdjson(file, text);
  if (first !== '{' && first !== '[' && ext !== 'json' && ext !== 'geojson') {
    return readCsv(file, text);
  }
  if (first !== '{' && first !== '[') {
    const firstLine = text.trimStart().split(/\r?\n/, 1)[0]!;
    if (/^[^{}[\]"]*[,;\t][^{}[\]]*$/.test(firstLine)) {
      return {
        ok: false,
        code: 'invalid-json',
        message: `not JSON: line 1 reads "${firstLine.slice(0, 60)}", which looks like CSV (name the file .csv)`,
      };
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    if (looksLikeNdjson(text)) return readNdjson(file, text);
    const lenient = parseNonFinite(text);
    if (!lenient.ok) return { ok: false, code: 'invalid-json', message: jsonErrorMessage(text) };
    return geoJsonFeatures(file, lenient.value, [nonFiniteWarning(file, -1, lenient.count)], true);
  }
  const warnings = repeatedMemberWarnings(file, text);
  const top = data as { type?: unknown; features?: unknown } | null;
  const single = !Array.isArray(data) && canonicalType(String(top?.type ?? '')) === 'Feature';
  const features = Array.isArray(data) ? data : single ? [data] : top?.features;
  for (const repeat of repeatedFeatureMembers(text, single)) {
    const feature = Array.isArray(features) ? features[repeat.index] : undefined;
    warnings.push(featureMemberWarning(file, repeat, feature));
  }
  return geoJsonFeatures(file, data, warnings, true);
}

/**
 * A warning for a feature naming a member twice (two `properties`, two `geometry`) or whose
 * properties name a key twice: JSON.parse keeps the last, silently. Only features in the first
 * FEATURE_SCAN_CHARS of a text are looked at (json-keys.ts): a scan of all of a large file
 * would slow its load.
 */
function featureMemberWarning(
  file: string,
  repeat: RepeatedFeatureMembers,
  feature: unknown,
): ReportEntry {
  const times = (count: number) => (count === 2 ? 'twice' : `${count} times`);
  const list = (repeats: Map<string, number>) => {
    const named = [...repeats].map(([key, count]) => `${jsonText(key, 40)} ${times(count)}`);
    return named.length > 3
      ? `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`
      : named.join(', ');
  };
  const parts: string[] = [];
  if (repeat.members.size > 0) parts.push(`the feature names ${list(repeat.members)}`);
  if (repeat.properties.size > 0) {
    parts.push(
      `${parts.length ? 'its' : "the feature's"} properties name ${list(repeat.properties)}`,
    );
  }
  const f = feature as { id?: unknown; properties?: { id?: unknown } } | undefined;
  const rawId = f?.properties?.id ?? f?.id;
  const id =
    (typeof rawId === 'string' && rawId.length <= 200) || typeof rawId === 'number'
      ? String(rawId).trim()
      : undefined;
  const each = repeat.members.size + repeat.properties.size > 1 ? 'the last of each' : 'the last';
  const message = `${parts.join(', and ')}: ${each} is read (as JSON readers do), the others are ignored`;
  return entry({ file, index: repeat.index }, id, 'duplicate-member', message);
}

/**
 * A warning for each top-level member named twice or more (JSON.parse keeps the last). The scan
 * runs only when "features" appears more than once in the text, so a usual file costs two
 * searches.
 */
function repeatedMemberWarnings(file: string, text: string): ReportEntry[] {
  const first = text.indexOf('"features"');
  if (first < 0 || text.indexOf('"features"', first + 1) < 0) return [];
  return [...repeatedTopLevelMembers(text)].map(([key, count]) => ({
    file,
    index: -1,
    code: 'duplicate-member',
    message: `the file's top-level object has ${count} ${jsonText(key, 40)} members: the last one is read (as JSON readers do), the others are ignored`,
  }));
}

/** What a text that is not GeoJSON or CSV at all looks like, or null. */
function foreignFormat(text: string): string | null {
  const head = text.slice(0, 2000);
  const replaced = head.split('\uFFFD').length - 1;
  const binary =
    head.includes('\u0000') ||
    head.startsWith('PK\u0003\u0004') ||
    head.startsWith('%PDF') ||
    replaced > head.length / 10;
  if (binary) {
    return 'a binary file (a spreadsheet, zip archive, shapefile or PDF?), not GeoJSON or CSV text: export it as GeoJSON or CSV';
  }
  const start = head.trimStart().slice(0, 200).toLowerCase();
  if (
    /^<(!doctype html|html|head|body)\b/.test(start) ||
    (start.startsWith('<') && head.toLowerCase().includes('<html'))
  ) {
    return 'an HTML web page, not GeoJSON or CSV (a saved error or login page instead of the data?)';
  }
  if (/^<\?xml|^<(kml|gpx|gml|wfs)\b/.test(start)) {
    const kind = /<kml\b/.test(head) ? 'KML' : /<gpx\b/.test(head) ? 'GPX' : 'XML';
    return `${kind}, not GeoJSON or CSV: convert it to GeoJSON first`;
  }
  return null;
}

/** Parses a text whose only fault is bare NaN/Infinity (as Python writes them). */
function parseNonFinite(text: string): { ok: true; value: unknown; count: number } | { ok: false } {
  if (jsonErrorOffset(text, { allowNonFinite: true }) !== -1) return { ok: false };
  const replaced = replaceNonFinite(text);
  if (replaced.count === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(replaced.text), count: replaced.count };
  } catch {
    return { ok: false };
  }
}

function nonFiniteWarning(file: string, index: number, count: number): ReportEntry {
  return {
    file,
    index,
    code: 'non-finite-number',
    message: `${count} bare NaN or Infinity value(s), which JSON does not allow (Python's json module writes them): read as text, so such coordinates are rejected`,
  };
}

/** NDJSON: at least two lines that each start with "{", and most of them parse on their own. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2 || !lines.every((l) => l.trimStart().startsWith('{'))) return false;
  let parsed = 0;
  for (const l of lines.slice(0, 50)) {
    try {
      JSON.parse(l);
      parsed++;
    } catch {
      // counted below
    }
  }
  return parsed * 2 >= Math.min(lines.length, 50);
}

const RS = '\u001e';

/**
 * The texts of an NDJSON file (one per line; lines end in \n, \r\n or a lone \r) or of a
 * GeoJSON text sequence (RFC 8142: each text after a record separator, and it may span lines),
 * each with the line it starts on.
 */
function jsonLines(text: string): { line: number; text: string }[] {
  if (!text.includes(RS)) {
    return text.split(/\r\n|\r|\n/).map((t, i) => ({ line: i + 1, text: t }));
  }
  const out: { line: number; text: string }[] = [];
  let line = 1;
  for (const part of text.split(RS)) {
    const lead = /^\s*/.exec(part)![0];
    out.push({ line: line + lineBreaks(lead), text: part });
    line += lineBreaks(part);
  }
  return out;
}

function lineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function readNdjson(file: string, text: string): ReadResult {
  const records: RawRecord[] = [];
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  let nonFinite = 0;
  let index = 0;
  let scanned = 0; // characters looked at for repeated members, as in readText
  jsonLines(text).forEach(({ line: lineNo, text: line }) => {
    const i = lineNo - 1;
    if (line.trim() === '') return;
    const at = index++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const lenient = parseNonFinite(line);
      if (!lenient.ok) {
        const message = `${jsonErrorMessage(line, { firstLine: i + 1, unit: 'line' })}; line skipped`;
        errors.push({ file, index: at, code: 'invalid-json', message });
        return;
      }
      nonFinite += lenient.count;
      value = lenient.value;
    }
    if (scanned < FEATURE_SCAN_CHARS) {
      scanned += line.length;
      for (const repeat of repeatedFeatureMembers(line, true)) {
        warnings.push(featureMemberWarning(file, { ...repeat, index: at }, value));
      }
    }
    const record = toRecord(file, at, value, errors, warnings, true);
    if (record) records.push(record);
  });
  if (records.length === 0 && errors.length > 0) {
    return {
      ok: false,
      code: 'invalid-json',
      message: `no line of the file is a GeoJSON feature; first: ${errors[0]!.message}`,
    };
  }
  if (nonFinite > 0) warnings.unshift(nonFiniteWarning(file, -1, nonFinite));
  return { ok: true, records, errors, warnings };
}

/** The records of a GeoJSON source's features, with their report entries. */
function toRecords(file: string, prepared: Features): ReadResult {
  const errors: ReportEntry[] = [];
  const records: RawRecord[] = [];
  const { features, warnings, owned } = prepared;
  for (let i = 0; i < features.length; i++) {
    if (!owned && !(i in features)) continue; // a hole in a caller's array, as forEach skips
    const r = toRecord(file, i, features[i], errors, warnings, owned);
    if (r) records.push(r);
  }
  return { ok: true, records, errors, warnings };
}

/**
 * The features of parsed GeoJSON (a FeatureCollection, a Feature, a bare geometry or array),
 * or why it is not GeoJSON. `owned`: the data was parsed here, so no one else holds it and
 * its objects may be taken over rather than copied (see adoptProperties).
 */
function geoJsonFeatures(
  file: string,
  data: unknown,
  warnings: ReportEntry[],
  owned: boolean,
): Features | ReadFailure {
  const all = (features: unknown[]): Features => ({ ok: true, features, warnings, owned });
  if (Array.isArray(data)) {
    warnings.push({
      file,
      index: -1,
      code: 'bare-array',
      message: 'the file is a JSON array, read as the features of a FeatureCollection',
    });
    return all(data);
  }
  if (!data || typeof data !== 'object') {
    return {
      ok: false,
      code: 'not-geojson',
      message: `not GeoJSON: the file holds the single value ${jsonText(data, 40)}, expected a FeatureCollection or a Feature`,
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
    return all(obj.features);
  }
  if (type === 'Feature' || (type && GEOMETRY_TYPES.has(type))) {
    checkCrs(file, obj.crs, warnings);
    return all([data]);
  }
  const hint =
    type === 'Topology'
      ? ': TopoJSON is not read, convert it to GeoJSON first'
      : ', expected "FeatureCollection" or "Feature"';
  return {
    ok: false,
    code: 'not-geojson',
    message: `not GeoJSON: the top-level "type" is ${jsonText(obj.type ?? null, 40)}${hint}`,
  };
}

function shortJson(value: unknown): string {
  return value === undefined ? 'nothing' : jsonText(value, 40);
}

function typeCase(file: string, index: number, given: string, read: string): ReportEntry {
  return { file, index, code: 'type-case', message: `"type": "${given}" read as "${read}"` };
}

function checkCrs(file: string, crs: unknown, warnings: ReportEntry[]): void {
  if (crs === undefined || crs === null) return;
  const name = jsonText(crs, 200);
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
  owned: boolean,
): RawRecord | null {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    errors.push({
      file,
      index,
      code: 'invalid-feature',
      message: `not a GeoJSON Feature object, got ${shortJson(item)}; skipped`,
    });
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
      message:
        obj.type === undefined
          ? 'no "type": expected a GeoJSON Feature; skipped'
          : `"type" is ${shortJson(obj.type)}, expected "Feature"; skipped`,
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
  for (const member of ['id', 'geometry'] as const) {
    if (nestingDepth(obj[member], MAX_NESTING) <= MAX_NESTING) continue;
    const what = member === 'id' ? 'the Feature\'s "id"' : 'the geometry';
    errors.push({
      file,
      index,
      code: 'deep-nesting',
      message: `${what} nests lists or objects more than ${MAX_NESTING} levels deep; skipped`,
    });
    return null;
  }
  const properties = owned ? adoptProperties(props) : plainCopy(props);
  const deepKnown = flattenDeep(file, index, properties, warnings);
  if (deepKnown !== null) {
    errors.push({
      file,
      index,
      code: 'deep-nesting',
      message: `property ${jsonText(deepKnown, 40)} nests lists or objects more than ${MAX_NESTING} levels deep; skipped`,
    });
    return null;
  }
  return { index, featureId: obj.id, properties, geometry: obj.geometry ?? null };
}

/**
 * Property values nested deeper than MAX_NESTING are kept as their JSON text, so nothing
 * after the read (messages, structured cloning to and from the loading worker, exports)
 * walks them. `properties` is this read's own object (adopted or copied). Returns the key of
 * a field the inventory reads (id, depends_on...) that is nested so deep: that feature is
 * skipped instead.
 */
function flattenDeep(
  file: string,
  index: number,
  properties: Record<string, unknown>,
  warnings: ReportEntry[],
): string | null {
  for (const key of Object.keys(properties)) {
    const value = properties[key];
    if (value === null || typeof value !== 'object') continue;
    if (nestingDepth(value, MAX_NESTING) <= MAX_NESTING) continue;
    // A field the inventory reads (id, depends_on...) cannot stand as text: the feature goes.
    if (KNOWN_COLUMNS.has(key.toLowerCase())) return key;
    const text = jsonText(value);
    properties[key] = text;
    warnings.push({
      file,
      index,
      code: 'deep-nesting',
      message: `property ${jsonText(key, 40)} nests lists or objects more than ${MAX_NESTING} levels deep: kept as its JSON text (${text.length.toLocaleString('en-US')} characters)`,
    });
  }
  return null;
}
