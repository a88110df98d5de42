/**
 * Checks a facility geometry (docs/format.md §1.2): a known type, finite coordinates in range,
 * enough positions, rings with content. Returns a new geometry (rings closed where needed: inputs
 * are never mutated) or the reason it cannot be used.
 */
import { jsonText } from './json-text.ts';
import type { FacilityGeometry } from './types.ts';

export type GeometryCheck =
  | { ok: true; geometry: FacilityGeometry; warnings: { code: string; message: string }[] }
  | { ok: false; code: string; message: string };

const FACILITY_TYPES = new Set([
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
]);

/** The warnings of a geometry without any (shared: callers only read it). */
const NONE = Object.freeze([]) as unknown as { code: string; message: string }[];

class GeometryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function position(value: unknown): number[] {
  if (Array.isArray(value) && value.length === 0) {
    throw new GeometryError('empty-geometry', 'the position is empty: no coordinates');
  }
  if (!Array.isArray(value) || value.length < 2) {
    throw new GeometryError(
      'invalid-coordinates',
      `a position needs [longitude, latitude], got ${showNumber(value)}`,
    );
  }
  const [lon, lat] = value as unknown[];
  if (!isFiniteNumber(lon) || !isFiniteNumber(lat)) {
    const shown = `[${showNumber(lon)}, ${showNumber(lat)}]`;
    const why = [lon, lat].every((v) => typeof v === 'number' || NON_FINITE.has(v as string))
      ? 'coordinates must be finite numbers'
      : [lon, lat].some((v) => typeof v === 'string' && /^\s*[-+]?0[xob]/i.test(v))
        ? 'coordinates must be decimal numbers (hexadecimal, octal and binary are not read)'
        : 'coordinates must be numbers (not text, null or lists)';
    throw new GeometryError('invalid-coordinates', `${why}, got ${shown}`);
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new GeometryError('out-of-range', outOfRangeMessage(lon, lat));
  }
  return value.length === 2 ? [lon, lat] : [lon, lat, ...(value.slice(2) as number[])];
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

const NON_FINITE = new Set(['NaN', 'Infinity', '-Infinity']);

function showNumber(v: unknown): string {
  if (typeof v === 'number' || NON_FINITE.has(v as string)) return String(v);
  if (v === undefined) return 'nothing';
  return jsonText(v, 30);
}

function outOfRangeMessage(lon: number, lat: number): string {
  const base = `longitude ${lon}, latitude ${lat} is outside [-180, 180] x [-90, 90]`;
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    return `${base}: it looks like projected coordinates (metres); reproject to WGS 84 longitude/latitude`;
  }
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
    return `${base}: are longitude and latitude swapped? GeoJSON puts longitude first`;
  }
  if (lon > 180 && lon <= 360 && Math.abs(lat) <= 90) {
    return `${base}: longitudes run from -180 to 180, so ${lon} is probably ${+(lon - 360).toFixed(9)}`;
  }
  return base;
}

function positions(value: unknown, min: number, what: string): number[][] {
  if (Array.isArray(value) && value.length > 0 && !Array.isArray(value[0])) {
    throw new GeometryError(
      'invalid-coordinates',
      `${what} must be a list of [longitude, latitude] positions, got a single position or numbers`,
    );
  }
  if (!Array.isArray(value))
    throw new GeometryError('invalid-coordinates', `${what} must be an array`);
  if (value.length === 0) throw new GeometryError('empty-geometry', `${what} is empty`);
  const out = value.map(position);
  if (out.length < min) {
    throw new GeometryError('invalid-coordinates', `${what} needs at least ${min} positions`);
  }
  return out;
}

function ring(value: unknown, warnings: { code: string; message: string }[]): number[][] {
  const pts = positions(value, 3, 'a polygon ring');
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    warnings.push({
      code: 'unclosed-ring',
      message: 'a polygon ring does not end where it starts; closed it',
    });
    pts.push([...first]);
  }
  if (pts.length < 4) {
    throw new GeometryError('invalid-coordinates', 'a polygon ring needs at least 4 positions');
  }
  if (crossesItself(pts)) {
    warnings.push({
      code: 'self-intersecting',
      message:
        'a polygon ring crosses itself (a bow-tie?); kept, but what lies inside it may be read wrongly',
    });
  }
  return pts;
}

/** Rings with more vertices are not checked for self-crossings (the check is a sweep). */
const MAX_CHECKED_RING = 1000;

/**
 * Whether two edges of a closed ring cross (properly, not merely touching), in the plane of
 * longitude/latitude with longitudes made continuous across the antimeridian.
 */
export function crossesItself(ring: number[][]): boolean {
  const n = ring.length - 1; // edges; the last position repeats the first
  if (n < 4 || n > MAX_CHECKED_RING) return false;
  const xs = new Float64Array(n + 1);
  const ys = new Float64Array(n + 1);
  let offset = 0;
  for (let i = 0; i <= n; i++) {
    const x = ring[i]![0]!;
    if (i > 0) {
      const step = x + offset - xs[i - 1]!;
      if (step > 180) offset -= 360;
      else if (step < -180) offset += 360;
    }
    xs[i] = x + offset;
    ys[i] = ring[i]![1]!;
  }
  if (Math.abs(xs[n]! - xs[0]!) > 180) return false; // circles a pole: not a planar ring
  // Sweep: edges by their left end; compare each with the edges that start before its right end.
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (e: number) => Math.min(xs[e]!, xs[e + 1]!);
  const maxX = (e: number) => Math.max(xs[e]!, xs[e + 1]!);
  order.sort((a, b) => minX(a) - minX(b));
  for (let a = 0; a < n; a++) {
    const e = order[a]!;
    const right = maxX(e);
    for (let b = a + 1; b < n && minX(order[b]!) <= right; b++) {
      const f = order[b]!;
      const gap = Math.abs(e - f);
      if (gap <= 1 || gap === n - 1) continue; // neighbours share a vertex
      if (edgesCross(xs, ys, e, f)) return true;
    }
  }
  return false;
}

function orient(xs: Float64Array, ys: Float64Array, a: number, b: number, c: number): number {
  return Math.sign((xs[b]! - xs[a]!) * (ys[c]! - ys[a]!) - (ys[b]! - ys[a]!) * (xs[c]! - xs[a]!));
}

function edgesCross(xs: Float64Array, ys: Float64Array, e: number, f: number): boolean {
  return (
    orient(xs, ys, e, e + 1, f) * orient(xs, ys, e, e + 1, f + 1) < 0 &&
    orient(xs, ys, f, f + 1, e) * orient(xs, ys, f, f + 1, e + 1) < 0
  );
}

function list<T>(value: unknown, what: string, each: (v: unknown) => T): T[] {
  if (!Array.isArray(value))
    throw new GeometryError('invalid-coordinates', `${what} must be an array`);
  if (value.length === 0) throw new GeometryError('empty-geometry', `${what} is empty`);
  return value.map(each);
}

/**
 * Validates a GeoJSON geometry as a facility location. `owned`: the caller made the geometry
 * (the loader parsed it) and nothing else holds it, so a Point already in the very form this
 * returns is returned as it is, not copied (a copy per facility is garbage-collection work at
 * a million facilities).
 * @example checkGeometry({ type: 'Point', coordinates: [4.9, 52.4] })
 */
export function checkGeometry(geometry: unknown, owned = false): GeometryCheck {
  if (geometry === null || geometry === undefined) {
    return {
      ok: false,
      code: 'missing-geometry',
      message: 'no geometry: a facility needs a location',
    };
  }
  if (typeof geometry !== 'object' || Array.isArray(geometry)) {
    return { ok: false, code: 'invalid-geometry', message: 'geometry must be a GeoJSON object' };
  }
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Point') {
    // The common case, without the general walk: [lon, lat], finite and in range.
    const c = g.coordinates;
    if (Array.isArray(c) && c.length === 2) {
      const lon: unknown = c[0];
      const lat: unknown = c[1];
      if (
        typeof lon === 'number' &&
        typeof lat === 'number' &&
        Math.abs(lon) <= 180 &&
        Math.abs(lat) <= 90
      ) {
        const point = owned && isPlainPoint(g) ? (g as FacilityGeometry) : null;
        return {
          ok: true,
          geometry: point ?? { type: 'Point', coordinates: [lon, lat] },
          warnings: NONE,
        };
      }
    }
  }
  const type = typeof g.type === 'string' ? canonicalType(g.type) : undefined;
  if (!type || !FACILITY_TYPES.has(type)) {
    return {
      ok: false,
      code: 'unsupported-geometry',
      message: `geometry type ${jsonText(g.type, 40)} is not one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon`,
    };
  }
  const warnings: { code: string; message: string }[] = [];
  if (g.coordinates === undefined || g.coordinates === null) {
    return {
      ok: false,
      code: 'invalid-coordinates',
      message: `the ${type} has no "coordinates"`,
    };
  }
  try {
    const c = g.coordinates;
    let out: FacilityGeometry;
    switch (type) {
      case 'Point':
        out = { type, coordinates: position(c) };
        break;
      case 'MultiPoint':
        out = { type, coordinates: positions(c, 1, 'a MultiPoint') };
        break;
      case 'LineString':
        out = { type, coordinates: positions(c, 2, 'a LineString') };
        break;
      case 'MultiLineString':
        out = { type, coordinates: list(c, 'a MultiLineString', (l) => positions(l, 2, 'a line')) };
        break;
      case 'Polygon':
        out = { type, coordinates: list(c, 'a Polygon', (r) => ring(r, warnings)) };
        break;
      default:
        out = {
          type: 'MultiPolygon',
          coordinates: list(c, 'a MultiPolygon', (p) =>
            list(p, 'a polygon', (r) => ring(r, warnings)),
          ),
        };
    }
    if (g.type !== type) {
      warnings.push({
        code: 'type-case',
        message: `geometry type "${String(g.type)}" read as "${type}"`,
      });
    }
    return { ok: true, geometry: out, warnings };
  } catch (e) {
    if (e instanceof GeometryError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/**
 * Whether a Point with two coordinates has exactly the form of a checked one: a plain object
 * whose keys are "type" then "coordinates", no more (a "bbox" or a "crs" would be dropped by
 * the copy, and key order shows in the output), and a plain array.
 */
function isPlainPoint(g: { coordinates?: unknown }): boolean {
  if (Object.getPrototypeOf(g) !== Object.prototype) return false;
  if (Object.getPrototypeOf(g.coordinates) !== Array.prototype) return false;
  let keys = 0;
  for (const key in g) {
    if (key !== (keys === 0 ? 'type' : 'coordinates') || keys > 1) return false;
    keys++;
  }
  return keys === 2;
}

/** Accepts "point" or "POINT" for "Point": a wrong case should not lose a facility. */
export function canonicalType(type: string): string {
  if (KNOWN_TYPES.includes(type)) return type;
  const lower = type.toLowerCase();
  return KNOWN_TYPES.find((k) => k.toLowerCase() === lower) ?? type;
}

const KNOWN_TYPES = [...FACILITY_TYPES, 'Feature', 'FeatureCollection', 'GeometryCollection'];
