/**
 * One label point per country, on its largest part: the part's centroid when that is well
 * inside, else its pole of inaccessibility (the point farthest from its edges).
 *
 * The search is mapbox/polylabel's (ISC): cover the polygon with square cells, keep splitting
 * the cells that could still hold a point farther from the edges than the best so far. It runs
 * in a local equirectangular projection (longitudes scaled by the cosine of the part's middle
 * latitude), so distances are close to true ones; Web Mercator would pull northern countries'
 * labels towards their poleward ends, where Mercator inflates them.
 */
import type { MultiPolygon, Position } from 'geojson';

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Area of a ring on the sphere in km² (always positive); Chamberlain & Duquette's formula. */
export function ringAreaKm2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j]!;
    const b = ring[i]!;
    sum += (b[0]! - a[0]!) * RAD * (2 + Math.sin(a[1]! * RAD) + Math.sin(b[1]! * RAD));
  }
  return Math.abs((sum * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2);
}

/** Area of one polygon (exterior less holes) in km². */
export function polygonAreaKm2(rings: Position[][]): number {
  let area = 0;
  rings.forEach((ring, i) => (area += i === 0 ? ringAreaKm2(ring) : -ringAreaKm2(ring)));
  return Math.max(0, area);
}

export interface LabelPoint {
  /** [lon, lat] of the label. */
  position: [number, number];
  /** Area of the whole country (every part) in km². */
  areaKm2: number;
}

/**
 * The label point of a country, on its largest part by true area. Returns null for an empty
 * geometry.
 *
 * A label needs no survey precision: the search stops within 2% of the part's smaller extent,
 * on rings thinned to at most 256 vertices.
 * @example labelPoint(france).position // -> near [2.5, 46.6], not in French Guiana
 */
export function labelPoint(geometry: MultiPolygon): LabelPoint | null {
  let largest: Position[][] | null = null;
  let largestArea = -1;
  let total = 0;
  for (const polygon of geometry.coordinates) {
    const area = polygonAreaKm2(polygon);
    total += area;
    if (area > largestArea) {
      largestArea = area;
      largest = polygon;
    }
  }
  if (!largest || largest.length === 0) return null;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const p of largest[0]!) {
    minLat = Math.min(minLat, p[1]!);
    maxLat = Math.max(maxLat, p[1]!);
  }
  const kx = Math.cos(Math.max(-80, Math.min(80, (minLat + maxLat) / 2)) * RAD);
  const rings = largest.map((ring) => project(ring, kx, MAX_SEARCH_VERTICES));
  const [x, y] = poleOfInaccessibility(rings, 0.02);
  return { position: [round6(x / kx), round6(y)], areaKm2: total };
}

const MAX_SEARCH_VERTICES = 256;
/** The centroid wins when it is at least this share as far from the edges as the pole. */
const CENTROID_MIN_SHARE = 0.25;

/**
 * The ring as flat [x0, y0, x1, y1, …] with x = lon × kx, thinned to every k-th vertex so that
 * at most `max` remain.
 */
function project(ring: Position[], kx: number, max: number): Float64Array {
  const step = Math.max(1, Math.ceil(ring.length / max));
  const n = Math.ceil(ring.length / step);
  const out = new Float64Array(n * 2);
  for (let i = 0, k = 0; k < n; i += step, k++) {
    const p = ring[i]!;
    out[2 * k] = p[0]! * kx;
    out[2 * k + 1] = p[1]!;
  }
  return out;
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

interface Cell {
  x: number;
  y: number;
  half: number;
  /** Signed distance from the cell centre to the polygon's edges (negative outside). */
  d: number;
  /** The most any point in the cell could reach. */
  max: number;
}

/** @param relativePrecision stop once within this fraction of the smaller bbox side */
function poleOfInaccessibility(rings: Float64Array[], relativePrecision: number): [number, number] {
  const outer = rings[0]!;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < outer.length; i += 2) {
    minX = Math.min(minX, outer[i]!);
    maxX = Math.max(maxX, outer[i]!);
    minY = Math.min(minY, outer[i + 1]!);
    maxY = Math.max(maxY, outer[i + 1]!);
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return [minX, minY];
  const precision = size * relativePrecision;

  const cell = (x: number, y: number, half: number): Cell => {
    const d = signedDistance(x, y, rings);
    return { x, y, half, d, max: d + half * Math.SQRT2 };
  };
  const queue = new MaxHeap();
  const half = size / 2;
  for (let x = minX; x < maxX; x += size) {
    for (let y = minY; y < maxY; y += size) queue.push(cell(x + half, y + half, half));
  }

  // Start from the area centroid or the bbox centre, whichever is farther inside.
  const centroid = centroidCell(outer, cell);
  let best = centroid;
  const bboxCell = cell(minX + width / 2, minY + height / 2, 0);
  if (bboxCell.d > best.d) best = bboxCell;

  for (let c = queue.pop(); c; c = queue.pop()) {
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const h = c.half / 2;
    queue.push(cell(c.x - h, c.y - h, h));
    queue.push(cell(c.x + h, c.y - h, h));
    queue.push(cell(c.x - h, c.y + h, h));
    queue.push(cell(c.x + h, c.y + h, h));
  }
  // The pole of inaccessibility can sit at one end of a country that bulges there (Italy's Po
  // valley). Readers expect the middle: keep the centroid when it is well inside.
  if (centroid.d >= CENTROID_MIN_SHARE * best.d) return [centroid.x, centroid.y];
  return [best.x, best.y];
}

/** Cells by `max`, largest first. */
class MaxHeap {
  private readonly items: Cell[] = [];

  push(item: Cell): void {
    const items = this.items;
    let i = items.push(item) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.max >= item.max) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): Cell | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]!.max > items[left]!.max ? right : left;
      if (items[child]!.max <= last.max) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function centroidCell(
  ring: Float64Array,
  cell: (x: number, y: number, half: number) => Cell,
): Cell {
  let area = 0;
  let x = 0;
  let y = 0;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const f = ring[i]! * ring[j + 1]! - ring[j]! * ring[i + 1]!;
    x += (ring[i]! + ring[j]!) * f;
    y += (ring[i + 1]! + ring[j + 1]!) * f;
    area += f * 3;
  }
  if (area === 0) return cell(ring[0]!, ring[1]!, 0);
  return cell(x / area, y / area, 0);
}

/** Distance to the nearest edge, positive inside the polygon (even-odd over all rings). */
function signedDistance(px: number, py: number, rings: Float64Array[]): number {
  let inside = false;
  let minSq = Infinity;
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const ax = ring[j]!;
      const ay = ring[j + 1]!;
      const bx = ring[i]!;
      const by = ring[i + 1]!;
      if (by > py !== ay > py && px < ((ax - bx) * (py - by)) / (ay - by) + bx) inside = !inside;
      let x = ax;
      let y = ay;
      let dx = bx - ax;
      let dy = by - ay;
      if (dx !== 0 || dy !== 0) {
        const t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
        if (t > 1) {
          x = bx;
          y = by;
        } else if (t > 0) {
          x += dx * t;
          y += dy * t;
        }
      }
      dx = px - x;
      dy = py - y;
      minSq = Math.min(minSq, dx * dx + dy * dy);
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}
