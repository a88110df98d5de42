/**
 * Checks a facility geometry (SPEC 1): a known type, finite coordinates in range, enough
 * positions, rings with content. Returns a new geometry (rings closed where needed: inputs are
 * never mutated) or the reason it cannot be used.
 */
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

class GeometryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function position(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 2) {
    throw new GeometryError('invalid-coordinates', 'a position needs [longitude, latitude]');
  }
  const [lon, lat] = value as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number') {
    throw new GeometryError(
      'invalid-coordinates',
      `coordinates must be numbers, got ${JSON.stringify(value).slice(0, 60)}`,
    );
  }
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw new GeometryError('invalid-coordinates', 'coordinates must be finite numbers');
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new GeometryError('out-of-range', outOfRangeMessage(lon, lat));
  }
  return value.length === 2 ? [lon, lat] : [lon, lat, ...(value.slice(2) as number[])];
}

function outOfRangeMessage(lon: number, lat: number): string {
  const base = `longitude ${lon}, latitude ${lat} is outside [-180, 180] x [-90, 90]`;
  if (Math.abs(lon) > 1000 || Math.abs(lat) > 1000) {
    return `${base}: it looks like projected coordinates (metres); reproject to WGS 84 longitude/latitude`;
  }
  if (Math.abs(lat) > 90 && Math.abs(lat) <= 180 && Math.abs(lon) <= 90) {
    return `${base}: are longitude and latitude swapped? GeoJSON puts longitude first`;
  }
  return base;
}

function positions(value: unknown, min: number, what: string): number[][] {
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
    warnings.push({ code: 'unclosed-ring', message: 'a polygon ring was not closed; closed it' });
    pts.push([...first]);
  }
  if (pts.length < 4) {
    throw new GeometryError('invalid-coordinates', 'a polygon ring needs at least 4 positions');
  }
  return pts;
}

function list<T>(value: unknown, what: string, each: (v: unknown) => T): T[] {
  if (!Array.isArray(value))
    throw new GeometryError('invalid-coordinates', `${what} must be an array`);
  if (value.length === 0) throw new GeometryError('empty-geometry', `${what} is empty`);
  return value.map(each);
}

/** Validates a GeoJSON geometry as a facility location. */
export function checkGeometry(geometry: unknown): GeometryCheck {
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
  const type = typeof g.type === 'string' ? canonicalType(g.type) : undefined;
  if (!type || !FACILITY_TYPES.has(type)) {
    return {
      ok: false,
      code: 'unsupported-geometry',
      message: `geometry type ${JSON.stringify(g.type)} is not one of Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon`,
    };
  }
  const warnings: { code: string; message: string }[] = [];
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

/** Accepts "point" or "POINT" for "Point": a wrong case should not lose a facility. */
export function canonicalType(type: string): string {
  const known = [...FACILITY_TYPES, 'Feature', 'FeatureCollection', 'GeometryCollection'];
  return known.find((k) => k.toLowerCase() === type.toLowerCase()) ?? type;
}
