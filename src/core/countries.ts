/**
 * Country from location (docs/format.md §1.4): the boundary index. Boundaries are passed in as
 * a Natural Earth TopoJSON (world-atlas), so this module stays pure and the caller decides how
 * the 750 kB file is read (fs in the CLI, a same-origin fetch in the app). Codes and names are
 * country-codes.ts's.
 */
import { codeOfBoundary } from './country-codes.ts';
import Flatbush from 'flatbush';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

const CELLS_PER_DEGREE = 16;
const CELL_MARGIN = 1e-7;
/** At most this many cells are remembered (about 50 MB). */
const MAX_CELLS = 1 << 20;

/** Points within this distance of a country's coast or border still count as in it. */
const COAST_TOLERANCE_KM = 5;
const KM_PER_DEGREE = 111.195;

interface Ring {
  /** Interleaved lon,lat with longitudes unwrapped to be continuous. */
  coords: Float64Array;
  /**
   * The ring's edges by latitude band (see bandEdges), worked out when a point is first tested
   * against the ring (bandsOf): a load near a few countries does not band the world's rings.
   */
  bands: Bands | null;
}

/**
 * Edge k runs from vertex k - 1 to vertex k (edge 0 from the last vertex to the first). The
 * ring's latitude range is cut into equal bands; band b lists the edges whose latitudes meet
 * it, edges[start[b] .. start[b + 1]). A horizontal line at y only meets edges of y's band, so
 * the point-in-ring and distance tests read a few dozen edges instead of all of them, with the
 * same result: the edges left out are exactly ones the full loop would skip or not pick.
 */
interface Bands {
  minY: number;
  maxY: number;
  height: number;
  count: number;
  start: Int32Array;
  edges: Int32Array;
}

/** About this many edges per band. */
const EDGES_PER_BAND = 8;

function bandEdges(c: Float64Array): Bands {
  const n = c.length / 2;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 1; i < c.length; i += 2) {
    minY = Math.min(minY, c[i]!);
    maxY = Math.max(maxY, c[i]!);
  }
  const count = maxY > minY ? Math.max(1, Math.min(1024, Math.ceil(n / EDGES_PER_BAND))) : 1;
  const height = maxY > minY ? (maxY - minY) / count : 1;
  const bandOf = (y: number) => Math.min(count - 1, Math.floor((y - minY) / height));
  const start = new Int32Array(count + 1);
  const range = (k: number): [number, number] => {
    const j = k === 0 ? n - 1 : k - 1;
    const a = c[2 * j + 1]!;
    const b = c[2 * k + 1]!;
    return [bandOf(Math.min(a, b)), bandOf(Math.max(a, b))];
  };
  for (let k = 0; k < n; k++) {
    const [lo, hi] = range(k);
    for (let b = lo; b <= hi; b++) start[b + 1]!++;
  }
  for (let b = 0; b < count; b++) start[b + 1]! += start[b]!;
  const edges = new Int32Array(start[count]!);
  const fill = start.slice(0, count);
  for (let k = 0; k < n; k++) {
    const [lo, hi] = range(k);
    for (let b = lo; b <= hi; b++) edges[fill[b]!++] = k;
  }
  return { minY, maxY, height, count, start, edges };
}

function bandsOf(ring: Ring): Bands {
  ring.bands ??= bandEdges(ring.coords);
  return ring.bands;
}

function bandOfY(bands: Bands, y: number): number {
  return Math.min(bands.count - 1, Math.floor((y - bands.minY) / bands.height));
}

interface CountryPart {
  country: string;
  outer: Ring;
  holes: Ring[];
}

/**
 * Answers "which country is this point in?" from Natural Earth boundaries, in the
 * build-once-query-many shape of flatbush: parts are indexed by bounding box, then tested
 * with an even-odd rule on rings whose longitudes are unwrapped across the antimeridian.
 */
export class CountryIndex {
  private readonly parts: CountryPart[];
  private readonly index: Flatbush;
  private readonly codes = new Set<string>();
  /** Grid cell -> the country that holds all of it, or null (see cellOwner). */
  private readonly cells = new Map<number, string | null>();

  /**
   * @param topology a world-atlas `countries-*.json` TopoJSON (object `countries`).
   */
  constructor(topology: Topology) {
    const object = topology.objects.countries as GeometryCollection | undefined;
    if (!object) throw new Error('country boundaries: the TopoJSON has no "countries" object');
    const collection = feature(topology, object) as unknown as {
      features: Feature<Polygon | MultiPolygon | null, { name?: string }>[];
    };
    this.parts = [];
    for (const f of collection.features) {
      const code = codeOfBoundary(f.id, f.properties?.name);
      if (!code || !f.geometry) continue;
      const polygons =
        f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const rings of polygons) {
        const [outer, ...holes] = rings.map(unwrapRing);
        if (outer) this.parts.push({ country: code, outer, holes });
        this.codes.add(code);
      }
    }
    this.index = new Flatbush(Math.max(1, this.parts.length));
    for (const part of this.parts) {
      // All rings: a "hole" that circles a pole can reach beyond the outer ring.
      const bounds = [part.outer, ...part.holes].map(ringBounds);
      this.index.add(
        Math.min(...bounds.map((b) => b[0])),
        Math.min(...bounds.map((b) => b[1])),
        Math.max(...bounds.map((b) => b[2])),
        Math.max(...bounds.map((b) => b[3])),
      );
    }
    if (this.parts.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /**
   * The alpha-3 code of the country containing [lon, lat] (within 5 km of its coast or
   * border), or null at sea.
   */
  lookup(lon: number, lat: number): string | null {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const owner = this.cellOwner(lon, lat);
    if (owner !== null) return owner;
    const tolLat = COAST_TOLERANCE_KM / KM_PER_DEGREE;
    const tolLon = tolLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    let best: string | null = null;
    let bestKm = COAST_TOLERANCE_KM;
    for (const shift of [0, 360, -360]) {
      const x = lon + shift;
      const hits = this.index.search(x - tolLon, lat - tolLat, x + tolLon, lat + tolLat);
      for (const i of hits) {
        const part = this.parts[i]!;
        if (insidePart(part, x, lat)) {
          return part.country;
        }
        const km = Math.min(
          ringDistanceKm(part.outer, x, lat),
          ...part.holes.map((h) => ringDistanceKm(h, x, lat)),
        );
        if (km <= bestKm) {
          bestKm = km;
          best = part.country;
        }
      }
    }
    return best;
  }

  /**
   * The country whose part holds the whole grid cell around [lon, lat], or null when no one
   * part does (a border, a coast, the sea, two overlapping parts). No ring crosses such a cell
   * and its centre is inside exactly one part, so every point in the cell is inside that part
   * and no other: `lookup` and `isNear` would find the same by testing the point itself.
   * Cells are worked out once, when a point first falls in them.
   */
  private cellOwner(lon: number, lat: number): string | null {
    const cx = Math.floor(lon * CELLS_PER_DEGREE);
    const cy = Math.floor(lat * CELLS_PER_DEGREE);
    const key =
      (cy + 90 * CELLS_PER_DEGREE) * (362 * CELLS_PER_DEGREE) + cx + 181 * CELLS_PER_DEGREE;
    let owner = this.cells.get(key);
    if (owner === undefined) {
      owner = this.ownerOfCell(cx / CELLS_PER_DEGREE, cy / CELLS_PER_DEGREE);
      // The index outlives a load: points all over the world must not grow it without end.
      if (this.cells.size < MAX_CELLS) this.cells.set(key, owner);
    }
    return owner;
  }

  private ownerOfCell(x0: number, y0: number): string | null {
    const size = 1 / CELLS_PER_DEGREE;
    // Slightly larger than the cell: a ring passing within rounding distance counts as crossing.
    const minX = x0 - CELL_MARGIN;
    const minY = y0 - CELL_MARGIN;
    const maxX = x0 + size + CELL_MARGIN;
    const maxY = y0 + size + CELL_MARGIN;
    const cx = x0 + size / 2;
    const cy = y0 + size / 2;
    let owner: string | null = null;
    for (const i of this.index.search(minX, minY, maxX, maxY)) {
      const part = this.parts[i]!;
      if (ringTouchesBox(part.outer, minX, minY, maxX, maxY)) return null;
      for (const hole of part.holes) if (ringTouchesBox(hole, minX, minY, maxX, maxY)) return null;
      if (insidePart(part, cx, cy)) {
        if (owner !== null) return null;
        owner = part.country;
      }
    }
    return owner;
  }

  /** Whether the boundaries hold the country `alpha3` at all (tiny states may be missing). */
  has(alpha3: string): boolean {
    return this.codes.has(alpha3);
  }

  /**
   * Whether [lon, lat] lies in the country `alpha3` or within 5 km of its coast or border,
   * even when the point is inside a neighbour (a facility on the border).
   * @example index.isNear(7.59, 47.56, 'CHE') // Basel, on the French and German border
   */
  isNear(lon: number, lat: number, alpha3: string): boolean {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return false;
    if (this.cellOwner(lon, lat) === alpha3) return true;
    const tolLat = COAST_TOLERANCE_KM / KM_PER_DEGREE;
    const tolLon = tolLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    for (const shift of [0, 360, -360]) {
      const x = lon + shift;
      for (const i of this.index.search(x - tolLon, lat - tolLat, x + tolLon, lat + tolLat)) {
        const part = this.parts[i]!;
        if (part.country !== alpha3) continue;
        if (insidePart(part, x, lat)) {
          return true;
        }
        const rings = [part.outer, ...part.holes];
        if (rings.some((r) => ringDistanceKm(r, x, lat) <= COAST_TOLERANCE_KM)) return true;
      }
    }
    return false;
  }
}

/** Makes longitudes continuous (|step| < 180); a ring around a pole is closed over it. */
function unwrapRing(ring: number[][]): Ring {
  const out: number[] = [];
  let offset = 0;
  let prevLon = NaN;
  for (const point of ring) {
    const rawLon = point[0]!;
    const lat = point[1]!;
    if (!Number.isNaN(prevLon)) {
      const step = rawLon + offset - prevLon;
      if (step > 180) offset -= 360;
      else if (step < -180) offset += 360;
    }
    prevLon = rawLon + offset;
    out.push(prevLon, lat);
  }
  const n = out.length;
  if (n >= 4 && Math.abs(out[n - 2]! - out[0]!) > 180) {
    // The ring circles a pole (Antarctica): close it along the pole's latitude.
    let sumLat = 0;
    for (let i = 1; i < n; i += 2) sumLat += out[i]!;
    const pole = sumLat < 0 ? -90 : 90;
    out.push(out[n - 2]!, pole, out[0]!, pole, out[0]!, out[1]!);
  }
  const coords = Float64Array.from(out);
  return { coords, bands: null };
}

function ringBounds(ring: Ring): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const c = ring.coords;
  for (let i = 0; i < c.length; i += 2) {
    minX = Math.min(minX, c[i]!);
    maxX = Math.max(maxX, c[i]!);
    minY = Math.min(minY, c[i + 1]!);
    maxY = Math.max(maxY, c[i + 1]!);
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Even-odd over all of a part's rings. For an ordinary polygon this is "in the outer ring and
 * in no hole"; it also reads Antarctica right, which world-atlas gives as a thin ring along
 * -89.999 with the coast as its "hole": both circle the pole, so each is closed over it, and
 * the land is the region between them.
 */
function insidePart(part: CountryPart, x: number, y: number): boolean {
  let inside = insideRing(part.outer, x, y);
  for (const hole of part.holes) if (insideRing(hole, x, y)) inside = !inside;
  return inside;
}

function insideRing(ring: Ring, x: number, y: number): boolean {
  const c = ring.coords;
  const bands = bandsOf(ring);
  // Outside the ring's latitudes no edge has one end above y and the other not.
  if (!(y >= bands.minY && y <= bands.maxY)) return false;
  const b = bandOfY(bands, y);
  const last = c.length / 2 - 1;
  let inside = false;
  for (let e = bands.start[b]!; e < bands.start[b + 1]!; e++) {
    const k = bands.edges[e]!;
    const i = 2 * k;
    const j = 2 * (k === 0 ? last : k - 1);
    const xi = c[i]!;
    const yi = c[i + 1]!;
    const xj = c[j]!;
    const yj = c[j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Approximate distance in km from a point to a ring's edges (local equirectangular), when it is
 * at most COAST_TOLERANCE_KM; otherwise some larger number (all the callers ask is whether a
 * ring is that near, or which of the near ones is nearest). Only edges whose latitudes come
 * within that distance of y are measured, each exactly as a loop over every edge would.
 */
function ringDistanceKm(ring: Ring, x: number, y: number): number {
  const bands = bandsOf(ring);
  const reach = (COAST_TOLERANCE_KM / KM_PER_DEGREE) * (1 + 1e-9) + 1e-9;
  if (y + reach < bands.minY || y - reach > bands.maxY) return Infinity;
  const kx = Math.cos((y * Math.PI) / 180) * KM_PER_DEGREE;
  const ky = KM_PER_DEGREE;
  const c = ring.coords;
  let best = Infinity;
  const lo = Math.max(0, bandOfY(bands, y - reach));
  const hi = Math.max(0, bandOfY(bands, y + reach));
  for (let e = bands.start[lo]!; e < bands.start[hi + 1]!; e++) {
    const k = bands.edges[e]!;
    if (k === 0) continue; // the closing edge, which the distance never measured
    const i = 2 * k;
    const ax = (c[i - 2]! - x) * kx;
    const ay = (c[i - 1]! - y) * ky;
    const bx = (c[i]! - x) * kx;
    const by = (c[i + 1]! - y) * ky;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
    const ex = ax + t * dx;
    const ey = ay + t * dy;
    // hypot is never below either leg: an edge farther away on one axis cannot be nearer.
    if (Math.abs(ex) > best || Math.abs(ey) > best) continue;
    best = Math.min(best, Math.hypot(ex, ey));
  }
  return best;
}

/**
 * Whether some edge of the ring meets the box (conservatively: an edge whose bounding box
 * meets the box and whose line passes between the box's corners counts).
 */
function ringTouchesBox(
  ring: Ring,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): boolean {
  const c = ring.coords;
  const bands = bandsOf(ring);
  if (maxY < bands.minY || minY > bands.maxY) return false;
  const last = c.length / 2 - 1;
  const lo = Math.max(0, bandOfY(bands, minY));
  const hi = Math.max(0, bandOfY(bands, maxY));
  // The closing edge (k = 0) too, as insideRing reads the ring.
  for (let e = bands.start[lo]!; e < bands.start[hi + 1]!; e++) {
    const k = bands.edges[e]!;
    const i = 2 * k;
    const j = 2 * (k === 0 ? last : k - 1);
    const ax = c[j]!;
    const ay = c[j + 1]!;
    const bx = c[i]!;
    const by = c[i + 1]!;
    if (Math.max(ax, bx) < minX || Math.min(ax, bx) > maxX) continue;
    if (Math.max(ay, by) < minY || Math.min(ay, by) > maxY) continue;
    // Which side of the edge's line each corner lies on: all on one side, no meeting.
    const dx = bx - ax;
    const dy = by - ay;
    const s1 = dx * (minY - ay) - dy * (minX - ax);
    const s2 = dx * (minY - ay) - dy * (maxX - ax);
    const s3 = dx * (maxY - ay) - dy * (minX - ax);
    const s4 = dx * (maxY - ay) - dy * (maxX - ax);
    if ((s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0) || (s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0)) continue;
    return true;
  }
  return false;
}
