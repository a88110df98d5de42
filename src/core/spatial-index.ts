/**
 * Which facilities lie within r km of a geometry (SPEC 2.1), through a geodesic kd-tree.
 *
 * Each facility is reduced to a bounding cap (a centre and a radius that contains its whole
 * geometry; 0 for points). geokdbush finds the centres within r + both caps' radii, with
 * great-circle bounds that stay right across the antimeridian and at the poles; an exact
 * nearest-point distance then decides. Geometries wider than WIDE_KM are few (pipelines,
 * grids) and are checked directly so they don't inflate every search radius.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { boundingCap, distanceKm, geometryParts, partsDistanceKm, type Parts } from './geodesy.ts';
import type { FacilityGeometry } from './types.ts';

const WIDE_KM = 50;
/** geokdbush measures on a 6371 km sphere; ours is 6371.0088 km: search a touch wider. */
const SEARCH_MARGIN = 1.00001;

export class SpatialIndex {
  private readonly kd: KDBush;
  private readonly centres: Float64Array;
  private readonly capKm: Float64Array;
  private readonly wide: number[] = [];
  private readonly maxNarrowCapKm: number;
  private readonly parts: (Parts | undefined)[];
  private readonly geometries: readonly FacilityGeometry[];

  /** @param geometries one geometry per facility, in facility index order */
  constructor(geometries: readonly FacilityGeometry[]) {
    const n = geometries.length;
    this.geometries = geometries;
    this.parts = new Array(n);
    this.centres = new Float64Array(n * 2);
    this.capKm = new Float64Array(n);
    this.kd = new KDBush(Math.max(1, n));
    let maxNarrow = 0;
    for (let i = 0; i < n; i++) {
      const g = geometries[i]!;
      let lon: number;
      let lat: number;
      let radiusKm = 0;
      if (g.type === 'Point') {
        lon = g.coordinates[0]!;
        lat = g.coordinates[1]!;
      } else {
        const cap = boundingCap(this.partsOf(i));
        lon = cap.lon;
        lat = cap.lat;
        radiusKm = cap.radiusKm;
      }
      this.centres[2 * i] = lon;
      this.centres[2 * i + 1] = lat;
      this.capKm[i] = radiusKm;
      if (radiusKm > WIDE_KM) this.wide.push(i);
      else maxNarrow = Math.max(maxNarrow, radiusKm);
      this.kd.add(lon, lat);
    }
    if (n === 0) this.kd.add(0, 0);
    this.kd.finish();
    this.maxNarrowCapKm = maxNarrow;
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
    const [lon, lat] = this.centre(i);
    const reach = (radiusKm + srcCap + this.maxNarrowCapKm) * SEARCH_MARGIN + 1e-6;
    const out: number[] = [];
    const test = (j: number): boolean => {
      if (j === i) return true;
      if (srcCap === 0 && this.capKm[j] === 0 && this.geometries[j]!.type === 'Point') {
        // Point to point, by far the common case: no need to build parts.
        const [jl, jt] = this.centre(j);
        return distanceKm(lon, lat, jl, jt) <= radiusKm;
      }
      return partsDistanceKm(source, this.partsOf(j)) <= radiusKm;
    };
    for (const j of around(this.kd, lon, lat, Infinity, reach)) {
      if (j < this.capKm.length && this.capKm[j]! <= WIDE_KM && test(j)) out.push(j);
    }
    for (const j of this.wide) {
      const [clon, clat] = this.centre(j);
      const gap = distanceKm(lon, lat, clon, clat) - srcCap - this.capKm[j]!;
      if (gap <= radiusKm * SEARCH_MARGIN + 1e-6 && test(j)) out.push(j);
    }
    return out;
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
