/**
 * Distances on the sphere (docs/format.md §2.1): great-circle distance between geometries by their
 * nearest points, on a sphere of radius 6371.0088 km (Turf's default). Exact across the
 * antimeridian and at the poles: everything is done with unit vectors, never with planar
 * longitude/latitude, except point-in-polygon, which follows GeoJSON's planar rings.
 */
import type { FacilityGeometry } from './types.ts';

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/**
 * Great-circle distance in km between two lon/lat points (the haversine formula, as Turf's
 * `distance` computes it).
 * @example distanceKm(0, 0, 1, 0) // 111.195...
 */
export function distanceKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD);
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_KM;
}

type Vec = [number, number, number];

function toVec(lon: number, lat: number): Vec {
  const cl = Math.cos(lat * RAD);
  return [cl * Math.cos(lon * RAD), cl * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}

function cross(a: Vec, b: Vec): Vec {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

function dot(a: Vec, b: Vec): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

function norm(a: Vec): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/** Angle between unit vectors, robust for tiny and near-antipodal angles. */
function angle(a: Vec, b: Vec): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/** A geometry broken into what distance needs: points, arcs, and polygons to test containment. */
export interface Parts {
  points: Vec[];
  lonLat: [number, number][];
  arcs: [Vec, Vec][];
  polygons: number[][][][];
}

/** Splits a facility geometry into vertices, great-circle arcs and polygons. */
export function geometryParts(geometry: FacilityGeometry): Parts {
  const parts: Parts = { points: [], lonLat: [], arcs: [], polygons: [] };
  const addPoint = (p: number[]) => {
    parts.points.push(toVec(p[0]!, p[1]!));
    parts.lonLat.push([p[0]!, p[1]!]);
  };
  const addLine = (line: number[][]) => {
    for (let i = 0; i < line.length; i++) {
      addPoint(line[i]!);
      if (i > 0) {
        parts.arcs.push([toVec(line[i - 1]![0]!, line[i - 1]![1]!), parts.points.at(-1)!]);
      }
    }
  };
  switch (geometry.type) {
    case 'Point':
      addPoint(geometry.coordinates);
      break;
    case 'MultiPoint':
      geometry.coordinates.forEach(addPoint);
      break;
    case 'LineString':
      addLine(geometry.coordinates);
      break;
    case 'MultiLineString':
      geometry.coordinates.forEach(addLine);
      break;
    case 'Polygon':
      geometry.coordinates.forEach(addLine);
      parts.polygons.push(geometry.coordinates);
      break;
    case 'MultiPolygon':
      for (const polygon of geometry.coordinates) {
        polygon.forEach(addLine);
        parts.polygons.push(polygon);
      }
      break;
  }
  return parts;
}

/** Angular distance (radians) from p to the great-circle arc a-b (the minor arc). */
function pointArcAngle(p: Vec, a: Vec, b: Vec): number {
  const n = cross(a, b);
  const nLen = norm(n);
  if (nLen < 1e-15) return Math.min(angle(p, a), angle(p, b));
  const unit: Vec = [n[0] / nLen, n[1] / nLen, n[2] / nLen];
  // The foot of p on the great circle lies inside the arc when it is "after" a and "before" b.
  const pn = dot(p, unit);
  const foot: Vec = [p[0] - pn * unit[0], p[1] - pn * unit[1], p[2] - pn * unit[2]];
  if (dot(cross(a, foot), unit) >= 0 && dot(cross(foot, b), unit) >= 0 && norm(foot) > 1e-15) {
    return Math.abs(Math.asin(Math.max(-1, Math.min(1, pn))));
  }
  return Math.min(angle(p, a), angle(p, b));
}

function arcsIntersect(a: [Vec, Vec], b: [Vec, Vec]): boolean {
  const n1 = cross(a[0], a[1]);
  const n2 = cross(b[0], b[1]);
  const line = cross(n1, n2);
  const len = norm(line);
  if (len < 1e-15) return false; // same or degenerate great circle: endpoint distances cover it
  for (const sign of [1, -1]) {
    const x: Vec = [(sign * line[0]) / len, (sign * line[1]) / len, (sign * line[2]) / len];
    const onA = dot(cross(a[0], x), n1) >= 0 && dot(cross(x, a[1]), n1) >= 0;
    const onB = dot(cross(b[0], x), n2) >= 0 && dot(cross(x, b[1]), n2) >= 0;
    if (onA && onB) return true;
  }
  return false;
}

/** Planar even-odd test on a GeoJSON ring with longitudes made continuous. */
function inRing(ring: number[][], lon: number, lat: number): boolean {
  let inside = false;
  let offset = 0;
  let prev = ring[ring.length - 1];
  if (!prev) return false;
  let prevX = prev[0]!;
  for (const point of ring) {
    let x = point[0]! + offset;
    if (x - prevX > 180) {
      offset -= 360;
      x -= 360;
    } else if (x - prevX < -180) {
      offset += 360;
      x += 360;
    }
    const y = point[1]!;
    const py = prev[1]!;
    if (y > lat !== py > lat && lon < ((prevX - x) * (lat - y)) / (py - y) + x) inside = !inside;
    prev = point;
    prevX = x;
  }
  return inside;
}

function inPolygon(polygon: number[][][], lon: number, lat: number): boolean {
  for (const shift of [0, 360, -360]) {
    const [outer, ...holes] = polygon;
    if (
      outer &&
      inRing(outer, lon + shift, lat) &&
      !holes.some((h) => inRing(h, lon + shift, lat))
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Distance in km between two geometries by their nearest points: 0 when they touch, overlap,
 * or one lies inside the other's polygon.
 */
export function partsDistanceKm(a: Parts, b: Parts): number {
  // Point to point is by far the common case: use the same formula as Turf.
  if (a.arcs.length === 0 && b.arcs.length === 0) {
    let best = Infinity;
    for (const p of a.lonLat) {
      for (const q of b.lonLat) best = Math.min(best, distanceKm(p[0], p[1], q[0], q[1]));
    }
    return best;
  }
  for (const polygon of b.polygons) {
    if (a.lonLat.some(([lon, lat]) => inPolygon(polygon, lon, lat))) return 0;
  }
  for (const polygon of a.polygons) {
    if (b.lonLat.some(([lon, lat]) => inPolygon(polygon, lon, lat))) return 0;
  }
  for (const arcA of a.arcs) {
    for (const arcB of b.arcs) if (arcsIntersect(arcA, arcB)) return 0;
  }
  let best = Infinity;
  const oneWay = (from: Parts, to: Parts) => {
    for (let i = 0; i < from.points.length; i++) {
      const p = from.points[i]!;
      if (to.arcs.length === 0) {
        const [lon, lat] = from.lonLat[i]!;
        for (const q of to.lonLat) best = Math.min(best, distanceKm(lon, lat, q[0], q[1]));
      } else {
        for (const [x, y] of to.arcs)
          best = Math.min(best, pointArcAngle(p, x, y) * EARTH_RADIUS_KM);
      }
    }
  };
  oneWay(a, b);
  oneWay(b, a);
  return best;
}

/** A cap (centre and radius) that contains the whole geometry, for index pre-filtering. */
export function boundingCap(parts: Parts): { lon: number; lat: number; radiusKm: number } {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of parts.points) {
    x += p[0];
    y += p[1];
    z += p[2];
  }
  const len = Math.hypot(x, y, z);
  const first = parts.lonLat[0]!;
  if (parts.points.length === 1 || len < 1e-9) {
    const radiusKm = parts.points.length === 1 ? 0 : Math.PI * EARTH_RADIUS_KM; // spread over the globe
    return { lon: first[0], lat: first[1], radiusKm };
  }
  const centre: Vec = [x / len, y / len, z / len];
  let radius = 0;
  for (const p of parts.points) radius = Math.max(radius, angle(centre, p));
  const lon = Math.atan2(centre[1], centre[0]) / RAD;
  const lat = Math.asin(Math.max(-1, Math.min(1, centre[2]))) / RAD;
  // Arcs bulge past their endpoints by a hair near the cap's edge: pad slightly.
  return { lon, lat, radiusKm: radius * EARTH_RADIUS_KM * 1.0001 + 1e-6 };
}
