/**
 * Which facilities lie within r km of a geometry (docs/format.md §2.1), through a kd-tree of
 * lon/lat.
 *
 * Each facility is reduced to a bounding cap (a centre and a radius that contains its whole
 * geometry; 0 for points). A query walks the kd-tree over the lon/lat box that holds the cap
 * of radius r + both caps' radii around the source (split at the antimeridian, widened to
 * every longitude near a pole); an exact nearest-point distance then decides. Geometries
 * wider than WIDE_KM are few (pipelines, grids) and are checked directly so they don't
 * inflate every search radius.
 *
 * Point to point, by far the common case, is decided from unit vectors stored in tree order:
 * a chord length compared with the radius, no trigonometry per candidate. Only candidates
 * within a millimetre of the boundary are measured with the haversine formula, so the answer
 * is the one `distanceKm` (Turf's formula) gives. Everything a query reads per candidate sits
 * in tree order too: at 1M facilities, looking facilities up by index (random access) would
 * cost a cache miss per candidate, more than the test itself.
 */
import KDBush from 'kdbush';
import {
  boundingCap,
  distanceKm,
  EARTH_RADIUS_KM,
  geometryParts,
  partsDistanceKm,
  type Parts,
} from './geodesy.ts';
import type { FacilityGeometry } from './types.ts';

const WIDE_KM = 50;
/** Kinds of kd-tree entries. */
const SKIP = 0;
const POINT = 1;
const OTHER = 2;
/** The search box is built on a 6371 km sphere; ours is 6371.0088 km: search a touch wider. */
const SEARCH_MARGIN = 1.00001;
const RAD = Math.PI / 180;
/** Chords decide unless the distance is this close to the radius (km); then haversine does. */
const CHORD_SLACK_KM = 1e-6;
/** Beyond this radius chords lose precision near the antipode: haversine decides every pair. */
const CHORD_MAX_KM = 10_000;
/** Queries up to this radius also accept whole kd-tree nodes inside an inner box untested. */
const INNER_BOX_MAX_KM = 1_000;

/**
 * A built index's arrays (SpatialIndex.data): built in the loading worker, they cross to the
 * page as transferred buffers, and the page's index adopts them (no build, no copy).
 */
export interface SpatialIndexData {
  /** kdbush's buffer (KDBush.from reads it back). */
  kd: ArrayBuffer;
  centres: Float64Array;
  capKm: Float64Array;
  unit: Float64Array;
  kind: Uint8Array;
  entryFacility: Uint32Array;
  wide: Int32Array;
  maxNarrowCapKm: number;
}

export class SpatialIndex {
  private readonly kd: KDBush;
  private readonly centres: Float64Array;
  private readonly capKm: Float64Array;
  /** Unit vector of each centre, in the kd-tree's order (x, y, z per entry). */
  private readonly unit: Float64Array;
  /** Per kd-tree entry: SKIP (wide, or the placeholder of an empty index), POINT or OTHER. */
  private readonly kind: Uint8Array;
  /**
   * The facility of each kd-tree entry. kdbush keeps them in a Uint16Array below 65,536 items
   * and a Uint32Array above; one type for every index keeps the query's hot loop monomorphic
   * (after a small inventory, a 1M query ran 1.5x slower).
   */
  private readonly entryFacility: Uint32Array;
  private readonly wide: Int32Array;
  private readonly maxNarrowCapKm: number;
  private readonly parts: (Parts | undefined)[];
  private readonly geometries: readonly FacilityGeometry[];
  /** The kd-tree walk's stack: (left, right, axis) and the node's bounds per frame. */
  private readonly stack = new Int32Array(3 * 64);
  private readonly bounds = new Float64Array(4 * 64);

  /**
   * @param geometries one geometry per facility, in facility index order
   * @param built the arrays of an index built on the same geometries (`data`), adopted as they are
   */
  constructor(geometries: readonly FacilityGeometry[], built?: SpatialIndexData) {
    const n = geometries.length;
    this.geometries = geometries;
    this.parts = new Array(n);
    if (built) {
      if (built.capKm.length !== n) throw new RangeError('the index was built on other geometries');
      this.kd = KDBush.from(built.kd);
      this.centres = built.centres;
      this.capKm = built.capKm;
      this.unit = built.unit;
      this.kind = built.kind;
      this.entryFacility = built.entryFacility;
      this.wide = built.wide;
      this.maxNarrowCapKm = built.maxNarrowCapKm;
      return;
    }
    const wide: number[] = [];
    this.centres = new Float64Array(n * 2);
    this.capKm = new Float64Array(n);
    this.kd = new KDBush(Math.max(1, n));
    // Kinds by facility while the geometries are read in order; by tree entry once sorted.
    const kindOf = new Uint8Array(Math.max(1, n));
    let maxNarrow = 0;
    for (let i = 0; i < n; i++) {
      const g = geometries[i]!;
      let lon: number;
      let lat: number;
      let radiusKm = 0;
      if (g.type === 'Point') {
        lon = g.coordinates[0]!;
        lat = g.coordinates[1]!;
        kindOf[i] = POINT;
      } else {
        const cap = boundingCap(this.partsOf(i));
        lon = cap.lon;
        lat = cap.lat;
        radiusKm = cap.radiusKm;
        kindOf[i] = radiusKm > WIDE_KM ? SKIP : OTHER;
      }
      this.centres[2 * i] = lon;
      this.centres[2 * i + 1] = lat;
      this.capKm[i] = radiusKm;
      if (radiusKm > WIDE_KM) wide.push(i);
      else maxNarrow = Math.max(maxNarrow, radiusKm);
      this.kd.add(lon, lat);
    }
    if (n === 0) this.kd.add(0, 0); // kindOf[0] is SKIP: the placeholder is never a result
    this.kd.finish();
    this.maxNarrowCapKm = maxNarrow;
    this.wide = Int32Array.from(wide);

    const { ids, coords } = this.kd;
    this.entryFacility = Uint32Array.from(ids);
    this.unit = new Float64Array(ids.length * 3);
    this.kind = new Uint8Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const lon = coords[2 * k]! * RAD;
      const lat = coords[2 * k + 1]! * RAD;
      const cosLat = Math.cos(lat);
      this.unit[3 * k] = cosLat * Math.cos(lon);
      this.unit[3 * k + 1] = cosLat * Math.sin(lon);
      this.unit[3 * k + 2] = Math.sin(lat);
      this.kind[k] = kindOf[ids[k]!]!;
    }
  }

  /** The built arrays, for another thread's index on the same geometries (see the constructor). */
  get data(): SpatialIndexData {
    return {
      kd: this.kd.data as ArrayBuffer,
      centres: this.centres,
      capKm: this.capKm,
      unit: this.unit,
      kind: this.kind,
      entryFacility: this.entryFacility,
      wide: this.wide,
      maxNarrowCapKm: this.maxNarrowCapKm,
    };
  }

  get size(): number {
    return this.capKm.length;
  }

  /** Centre of facility i's bounding cap (the point itself for points). */
  centre(i: number): [number, number] {
    return [this.centres[2 * i]!, this.centres[2 * i + 1]!];
  }

  /**
   * Indices of facilities whose geometry lies within `radiusKm` of facility `i`'s geometry
   * (nearest points), facility i included. Unsorted.
   * @example index.within(3, 25) // facilities within 25 km of facility 3
   */
  within(i: number, radiusKm: number): number[] {
    if (!(radiusKm >= 0)) return [];
    const source = this.partsOf(i);
    const srcCap = this.capKm[i]!;
    const lon = this.centres[2 * i]!;
    const lat = this.centres[2 * i + 1]!;
    const reach = (radiusKm + srcCap + this.maxNarrowCapKm) * SEARCH_MARGIN + 1e-6;
    const out: number[] = [];
    const query: Query = {
      i,
      lon,
      lat,
      radiusKm,
      source,
      pointSource: srcCap === 0,
      x: Math.cos(lat * RAD) * Math.cos(lon * RAD),
      y: Math.cos(lat * RAD) * Math.sin(lon * RAD),
      z: Math.sin(lat * RAD),
      // Squared chords: at most `inside` is surely within, beyond `outside` surely not.
      inside: radiusKm <= CHORD_MAX_KM ? chordSquared(radiusKm - CHORD_SLACK_KM) : -1,
      outside: radiusKm <= CHORD_MAX_KM ? chordSquared(radiusKm + CHORD_SLACK_KM) : Infinity,
      inner: EMPTY_BOX,
      out,
    };
    if (query.pointSource && radiusKm <= INNER_BOX_MAX_KM) query.inner = innerBox(query);

    // The lon/lat box around the cap of angular radius reach (on a 6371 km sphere).
    const angle = reach / 6371;
    const dLat = angle / RAD + 1e-9;
    const minLat = lat - dLat;
    const maxLat = lat + dLat;
    const cosLat = Math.cos(lat * RAD);
    if (minLat <= -90 || maxLat >= 90 || angle >= Math.PI / 2 || Math.sin(angle) >= cosLat) {
      this.searchBox(-180, Math.max(-90, minLat), 180, Math.min(90, maxLat), query);
    } else {
      const dLon = Math.asin(Math.sin(angle) / cosLat) / RAD + 1e-9;
      const minLon = lon - dLon;
      const maxLon = lon + dLon;
      if (minLon < -180) {
        this.searchBox(minLon + 360, minLat, 180, maxLat, query);
        this.searchBox(-180, minLat, maxLon, maxLat, query);
      } else if (maxLon > 180) {
        this.searchBox(minLon, minLat, 180, maxLat, query);
        this.searchBox(-180, minLat, maxLon - 360, maxLat, query);
      } else {
        this.searchBox(minLon, minLat, maxLon, maxLat, query);
      }
    }

    for (const j of this.wide) {
      const gap =
        distanceKm(lon, lat, this.centres[2 * j]!, this.centres[2 * j + 1]!) -
        srcCap -
        this.capKm[j]!;
      if (gap <= radiusKm * SEARCH_MARGIN + 1e-6 && (j === i || this.near(query, j))) out.push(j);
    }
    return out;
  }

  /**
   * Tests every narrow facility whose centre is in the box: kdbush's range walk, inlined, with
   * each node's bounds carried along so that a node inside the box skips the box test and a
   * node inside the query's inner box is taken whole.
   */
  private searchBox(minX: number, minY: number, maxX: number, maxY: number, query: Query): void {
    const { coords, nodeSize } = this.kd;
    const { kind, unit, stack, bounds, entryFacility: ids } = this;
    const { out, x: qx, y: qy, z: qz, inside, outside } = query;
    const chordTest = query.pointSource;
    // Only the part of the inner box inside this search box may be taken untested.
    const inMinX = Math.max(query.inner[0], minX);
    const inMinY = Math.max(query.inner[1], minY);
    const inMaxX = Math.min(query.inner[2], maxX);
    const inMaxY = Math.min(query.inner[3], maxY);
    // Decides kd-tree entry k, a candidate by its centre.
    const consider = (k: number): void => {
      const entry = kind[k];
      if (entry === SKIP) return;
      const j = ids[k]!;
      if (entry === POINT && chordTest && j !== query.i) {
        const dx = unit[3 * k]! - qx;
        const dy = unit[3 * k + 1]! - qy;
        const dz = unit[3 * k + 2]! - qz;
        const chord = dx * dx + dy * dy + dz * dz;
        if (
          chord <= inside ||
          (chord <= outside &&
            distanceKm(query.lon, query.lat, coords[2 * k]!, coords[2 * k + 1]!) <= query.radiusKm)
        ) {
          out.push(j);
        }
      } else if (j === query.i || this.near(query, j)) out.push(j);
    };
    stack[0] = 0;
    stack[1] = ids.length - 1;
    stack[2] = 0;
    bounds[0] = -Infinity;
    bounds[1] = -Infinity;
    bounds[2] = Infinity;
    bounds[3] = Infinity;
    let sp = 3;
    let bp = 4;
    while (sp > 0) {
      const axis = stack[--sp]!;
      const right = stack[--sp]!;
      const left = stack[--sp]!;
      const bMaxY = bounds[--bp]!;
      const bMaxX = bounds[--bp]!;
      const bMinY = bounds[--bp]!;
      const bMinX = bounds[--bp]!;
      if (bMinX >= inMinX && bMaxX <= inMaxX && bMinY >= inMinY && bMaxY <= inMaxY) {
        // The whole node is within range: take its points without a test.
        for (let k = left; k <= right; k++) {
          const entry = kind[k];
          if (entry === POINT) out.push(ids[k]!);
          else if (entry !== SKIP) consider(k);
        }
        continue;
      }
      const inBox = bMinX >= minX && bMaxX <= maxX && bMinY >= minY && bMaxY <= maxY;
      if (right - left <= nodeSize) {
        for (let k = left; k <= right; k++) {
          if (!inBox) {
            const x = coords[2 * k]!;
            const y = coords[2 * k + 1]!;
            if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) continue;
          }
          if (kind[k] === POINT && chordTest) {
            // consider(k), inlined for the common case.
            const dx = unit[3 * k]! - qx;
            const dy = unit[3 * k + 1]! - qy;
            const dz = unit[3 * k + 2]! - qz;
            const chord = dx * dx + dy * dy + dz * dz;
            if (chord <= inside) {
              out.push(ids[k]!);
              continue;
            }
            if (chord > outside) continue;
          }
          consider(k);
        }
        continue;
      }
      const m = (left + right) >> 1;
      const x = coords[2 * m]!;
      const y = coords[2 * m + 1]!;
      if (inBox || (x >= minX && x <= maxX && y >= minY && y <= maxY)) consider(m);
      // Children: [left, m - 1] holds coordinates <= the split, [m + 1, right] >= it.
      if (axis === 0 ? minX <= x : minY <= y) {
        stack[sp++] = left;
        stack[sp++] = m - 1;
        stack[sp++] = 1 - axis;
        bounds[bp++] = bMinX;
        bounds[bp++] = bMinY;
        bounds[bp++] = axis === 0 ? x : bMaxX;
        bounds[bp++] = axis === 0 ? bMaxY : y;
      }
      if (axis === 0 ? maxX >= x : maxY >= y) {
        stack[sp++] = m + 1;
        stack[sp++] = right;
        stack[sp++] = 1 - axis;
        bounds[bp++] = axis === 0 ? x : bMinX;
        bounds[bp++] = axis === 0 ? bMinY : y;
        bounds[bp++] = bMaxX;
        bounds[bp++] = bMaxY;
      }
    }
  }

  /** The exact test for any pair of geometries (j is not the source). */
  private near(query: Query, j: number): boolean {
    if (query.pointSource && this.capKm[j] === 0 && this.geometries[j]!.type === 'Point') {
      const jl = this.centres[2 * j]!;
      const jt = this.centres[2 * j + 1]!;
      return distanceKm(query.lon, query.lat, jl, jt) <= query.radiusKm;
    }
    return partsDistanceKm(query.source, this.partsOf(j)) <= query.radiusKm;
  }

  private partsOf(i: number): Parts {
    let p = this.parts[i];
    if (!p) {
      p = geometryParts(this.geometries[i]!);
      this.parts[i] = p;
    }
    return p;
  }
}

/** [minLon, minLat, maxLon, maxLat]. */
type Box = readonly [number, number, number, number];
const EMPTY_BOX: Box = [Infinity, Infinity, -Infinity, -Infinity];

interface Query {
  i: number;
  lon: number;
  lat: number;
  radiusKm: number;
  source: Parts;
  /** The source's cap is 0 (a point), so point-to-point tests apply. */
  pointSource: boolean;
  /** Unit vector of the source's centre. */
  x: number;
  y: number;
  z: number;
  inside: number;
  outside: number;
  /** A lon/lat box whose every point is surely within range (EMPTY_BOX when none is known). */
  inner: Box;
  out: number[];
}

function unitVector(lon: number, lat: number): [number, number, number] {
  const cosLat = Math.cos(lat * RAD);
  return [cosLat * Math.cos(lon * RAD), cosLat * Math.sin(lon * RAD), Math.sin(lat * RAD)];
}

/**
 * A lon/lat box around a point source whose corners are all within range by the chord test.
 * On a box narrower than a hemisphere the farthest point from the source is a corner (along a
 * parallel the distance grows with the longitude difference; along a meridian it has a single
 * minimum), so the whole box is within range: points in it need no test at all.
 */
function innerBox(query: Query): Box {
  const { lon, lat } = query;
  let halfLat = query.radiusKm / Math.SQRT2 / (EARTH_RADIUS_KM * RAD);
  for (let attempt = 0; attempt < 4; attempt++, halfLat *= 0.9) {
    const nearEquator = Math.max(0, Math.abs(lat) - halfLat);
    const halfLon = halfLat / Math.cos(nearEquator * RAD);
    const box: Box = [lon - halfLon, lat - halfLat, lon + halfLon, lat + halfLat];
    if (box[0] < -180 || box[2] > 180 || box[1] < -80 || box[3] > 80) return EMPTY_BOX;
    const corners = [
      unitVector(box[0], box[1]),
      unitVector(box[0], box[3]),
      unitVector(box[2], box[1]),
      unitVector(box[2], box[3]),
    ];
    const inside = corners.every(([x, y, z]) => {
      const dx = x - query.x;
      const dy = y - query.y;
      const dz = z - query.z;
      return dx * dx + dy * dy + dz * dz <= query.inside;
    });
    if (inside) return box;
  }
  return EMPTY_BOX;
}

/** The squared chord between two points `km` apart on our sphere (-1 below 0). */
function chordSquared(km: number): number {
  if (km < 0) return -1;
  const angle = km / EARTH_RADIUS_KM;
  if (angle >= Math.PI) return 4;
  const half = 2 * Math.sin(angle / 2);
  return half * half;
}
