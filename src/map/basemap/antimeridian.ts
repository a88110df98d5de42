/**
 * Antimeridian handling for the bundled basemap.
 *
 * world-atlas runs Natural Earth through `geostitch`, which removes the cuts at ±180° so that
 * d3's spherical clipping can draw Russia, Fiji and Antarctica in one piece. Drawn as planar
 * lon/lat (as maplibre's GeoJSON sources do), a ring that steps from 179.9° to -180° becomes an
 * edge across the whole map: the horizontal streaks at Chukotka's and Fiji's latitudes.
 *
 * The fix follows RFC 7946 §3.1.9: split every geometry that crosses the antimeridian into parts
 * that stay within [-180, 180]. Rings are unwrapped (longitudes made continuous, so a crossing
 * ring may reach 190°), closed over the pole when they circle one (Antarctica), clipped to each
 * 360°-wide world copy they touch and shifted back. Lines are cut where they cross.
 *
 * Everything here is pure: inputs are never mutated.
 */
import type { LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';

type Ring = Position[];

/** A ring this close to a pole and circling it is an artefact of geostitch, not land. */
const POLE_ARTEFACT_DEG = 0.01;

/**
 * Splits a polygon or multipolygon at the antimeridian. The result is always a MultiPolygon whose
 * longitudes lie in [-180, 180], with no edge spanning more than 180° of longitude; exterior
 * rings are counter-clockwise and holes clockwise (RFC 7946), so maplibre's ring classification
 * sees a consistent winding.
 * @example splitPolygonAtAntimeridian({ type: 'Polygon', coordinates: [[[170, 0], [-170, 0], [-170, 10], [170, 10], [170, 0]]] })
 *   // -> two squares, [170..180] and [-180..-170]
 */
export function splitPolygonAtAntimeridian(geometry: Polygon | MultiPolygon): MultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: Position[][][] = [];
  for (const polygon of polygons) {
    for (const part of splitPolygonRings(polygon)) out.push(part);
  }
  return { type: 'MultiPolygon', coordinates: out };
}

/**
 * Cuts a line or multiline where it crosses the antimeridian, adding the crossing point at
 * ±180° on both sides. Edges running along ±180° and lines that only circle a pole within 0.01°
 * are dropped: both are where the source data was cut, not coast or border.
 */
export function splitLineAtAntimeridian(geometry: LineString | MultiLineString): MultiLineString {
  const lines = geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates;
  const out: Position[][] = [];
  for (const line of lines) {
    if (line.length < 2 || isPoleArtefact(line)) continue;
    let current: Position[] = [[line[0]![0]!, line[0]![1]!]];
    for (let i = 1; i < line.length; i++) {
      const [x0, y0] = line[i - 1] as [number, number];
      const [x1, y1] = line[i] as [number, number];
      const step = x1 - x0;
      if (x0 === x1 && Math.abs(x0) === 180) {
        // An edge along the antimeridian is where Natural Earth cut an island in two (Fiji's
        // Taveuni), not a coast: leave a gap.
        if (current.length >= 2) out.push(current);
        current = [[x1, y1]];
        continue;
      }
      if (Math.abs(step) > 180) {
        // Crossing eastwards (179 -> -179) leaves at +180 and comes back in at -180.
        const side = step < 0 ? 180 : -180;
        const x1Unwrapped = x1 + (step < 0 ? 360 : -360);
        const t = x1Unwrapped === x0 ? 0 : (side - x0) / (x1Unwrapped - x0);
        const y = y0 + t * (y1 - y0);
        pushDistinct(current, [side, y]);
        if (current.length >= 2) out.push(current);
        current = [[-side, y]];
      }
      pushDistinct(current, [x1, y1]);
    }
    if (current.length >= 2) out.push(current);
  }
  return { type: 'MultiLineString', coordinates: out };
}

/**
 * Longitudes made continuous: each step is less than 180° (so a ring may leave [-180, 180]).
 * Returns a new ring.
 */
export function unwrapRing(ring: Ring): Ring {
  const out: Ring = [];
  let offset = 0;
  let prev = NaN;
  for (const point of ring) {
    let x = point[0]! + offset;
    if (!Number.isNaN(prev)) {
      while (x - prev > 180) {
        x -= 360;
        offset -= 360;
      }
      while (x - prev < -180) {
        x += 360;
        offset += 360;
      }
    }
    out.push([x, point[1]!]);
    prev = x;
  }
  return out;
}

/** Signed planar area in square degrees: positive for counter-clockwise rings. */
export function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (a[0]! - b[0]!) * (a[1]! + b[1]!);
  }
  return sum / 2;
}

/** Even-odd point-in-ring test on planar lon/lat. */
export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function splitPolygonRings(polygon: Position[][]): Position[][][] {
  const rings: Ring[] = [];
  let minX = Infinity;
  let maxX = -Infinity;
  for (const raw of polygon) {
    if (raw.length < 4 || isPoleArtefact(raw)) continue;
    const ring = closeOverPole(unwrapRing(raw));
    for (const p of ring) {
      minX = Math.min(minX, p[0]!);
      maxX = Math.max(maxX, p[0]!);
    }
    rings.push(ring);
  }
  if (rings.length === 0) return [];

  const parts: Position[][][] = [];
  // World copy k covers [-180 + 360k, 180 + 360k]; a ring touching a copy's edge only yields a
  // zero-area sliver there, dropped below.
  const firstCopy = Math.floor((minX + 180) / 360);
  const lastCopy = Math.ceil((maxX - 180) / 360);
  for (let k = firstCopy; k <= lastCopy; k++) {
    const west = -180 + 360 * k;
    const east = 180 + 360 * k;
    const clipped: Ring[] = [];
    for (const ring of rings) {
      const piece = minX >= west && maxX <= east ? ring : clipRing(ring, west, east);
      if (piece.length < 4 || Math.abs(ringArea(piece)) < 1e-12) continue;
      clipped.push(k === 0 ? piece : piece.map((p) => [p[0]! - 360 * k, p[1]!]));
    }
    if (clipped.length === 0) continue;
    parts.push(orient(clipped));
  }
  return parts;
}

/**
 * The largest ring becomes the exterior (clipping or closing over a pole may have changed which
 * ring comes first); exterior counter-clockwise, holes clockwise.
 */
function orient(rings: Ring[]): Ring[] {
  const areas = rings.map(ringArea);
  let outer = 0;
  for (let i = 1; i < rings.length; i++) {
    if (Math.abs(areas[i]!) > Math.abs(areas[outer]!)) outer = i;
  }
  const order = [outer, ...rings.keys()].filter((i, k) => k === 0 || i !== outer);
  return order.map((i, k) => {
    const ccw = areas[i]! > 0;
    return ccw === (k === 0) ? rings[i]! : rings[i]!.slice().reverse();
  });
}

/**
 * An unwrapped ring that ends 360° from where it started circles a pole: close it along the
 * pole (the one on its side of the equator), as Natural Earth's uncut Antarctica did.
 */
function closeOverPole(ring: Ring): Ring {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (Math.abs(last[0]! - first[0]!) < 180) return ring;
  let sumLat = 0;
  for (const p of ring) sumLat += p[1]!;
  const pole = sumLat < 0 ? -90 : 90;
  // Walk the pole in 10° steps: an edge along it is still an edge, and none may span 180°.
  const along: Position[] = [];
  const steps = Math.ceil(Math.abs(last[0]! - first[0]!) / 10);
  for (let i = 0; i <= steps; i++) {
    along.push([last[0]! + ((first[0]! - last[0]!) * i) / steps, pole]);
  }
  return [...ring, ...along, [first[0]!, first[1]!]];
}

function isPoleArtefact(points: Position[]): boolean {
  return points.every((p) => 90 - Math.abs(p[1]!) < POLE_ARTEFACT_DEG);
}

/** Sutherland–Hodgman against west <= x <= east. Area-preserving for a simple ring. */
function clipRing(ring: Ring, west: number, east: number): Ring {
  let open = ring.slice(0, -1);
  open = clipHalfPlane(open, west, true);
  open = clipHalfPlane(open, east, false);
  if (open.length < 3) return [];
  return [...open, [open[0]![0]!, open[0]![1]!]];
}

function clipHalfPlane(points: Position[], x: number, keepEast: boolean): Position[] {
  const inside = (p: Position) => (keepEast ? p[0]! >= x : p[0]! <= x);
  const out: Position[] = [];
  for (let i = 0; i < points.length; i++) {
    const cur = points[i]!;
    const prev = points[(i + points.length - 1) % points.length]!;
    const curIn = inside(cur);
    const prevIn = inside(prev);
    if (curIn !== prevIn) {
      const t = (x - prev[0]!) / (cur[0]! - prev[0]!);
      pushDistinct(out, [x, prev[1]! + t * (cur[1]! - prev[1]!)]);
    }
    if (curIn) pushDistinct(out, [cur[0]!, cur[1]!]);
  }
  return out;
}

function pushDistinct(points: Position[], p: Position): void {
  const last = points[points.length - 1];
  if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
}
