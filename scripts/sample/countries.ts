/**
 * Which country a point lies in, from Natural Earth 1:50m admin-0 polygons (world-atlas
 * countries-50m). Used to check each plant's country against where it physically stands.
 */
import countries from 'i18n-iso-countries';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Position } from 'geojson';
import { pointInRing } from '../../src/map/basemap/antimeridian.ts';
import { EARTH_RADIUS_KM } from './geo.ts';

/** Natural Earth features without an ISO numeric id, by name. */
const UNCODED: Record<string, string> = { Kosovo: 'XKX' };

const KM_PER_DEG = (Math.PI / 180) * EARTH_RADIUS_KM;

interface CountryShape {
  bbox: [number, number, number, number];
  polygons: Position[][][];
}

export interface CountryIndex {
  /** The country containing the point, among the indexed ones, or null (sea, elsewhere). */
  locate(lon: number, lat: number): string | null;
  /** Distance in km from the point to the country's territory (0 inside; Infinity if unknown). */
  distanceKm(alpha3: string, lon: number, lat: number): number;
}

function inShape(c: CountryShape, lon: number, lat: number): boolean {
  if (lon < c.bbox[0] || lon > c.bbox[2] || lat < c.bbox[1] || lat > c.bbox[3]) return false;
  return c.polygons.some(
    ([outer, ...holes]) =>
      !!outer && pointInRing(lon, lat, outer) && !holes.some((h) => pointInRing(lon, lat, h)),
  );
}

/** Index the polygons of the given countries (alpha-3). */
export function countryIndex(topology: Topology, only: ReadonlySet<string>): CountryIndex {
  const collection = topology.objects['countries'] as GeometryCollection<{ name: string }>;
  const shapes = new Map<string, CountryShape>();
  const codeOf = (id: string | number | undefined, name: string | undefined): string | undefined =>
    id !== undefined ? countries.numericToAlpha3(String(id)) : UNCODED[name ?? ''];
  // Convert only the wanted countries: the whole world takes several times longer.
  const wanted: GeometryCollection<{ name: string }> = {
    ...collection,
    geometries: collection.geometries.filter((g) => {
      const code = codeOf(g.id, (g.properties as { name?: string } | undefined)?.name);
      return code !== undefined && only.has(code);
    }),
  };
  for (const f of feature(topology, wanted).features) {
    const alpha3 = codeOf(f.id, f.properties?.name);
    if (!alpha3 || !f.geometry) continue;
    const polygons =
      f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates]
        : f.geometry.type === 'MultiPolygon'
          ? f.geometry.coordinates
          : [];
    const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const poly of polygons) {
      for (const [x, y] of poly[0] ?? []) {
        bbox[0] = Math.min(bbox[0], x!);
        bbox[1] = Math.min(bbox[1], y!);
        bbox[2] = Math.max(bbox[2], x!);
        bbox[3] = Math.max(bbox[3], y!);
      }
    }
    shapes.set(alpha3, { bbox, polygons });
  }
  const sorted = [...shapes.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    locate(lon, lat) {
      for (const [alpha3, shape] of sorted) if (inShape(shape, lon, lat)) return alpha3;
      return null;
    },
    distanceKm(alpha3, lon, lat) {
      const shape = shapes.get(alpha3);
      if (!shape) return Infinity;
      if (inShape(shape, lon, lat)) return 0;
      const cosLat = Math.cos((lat * Math.PI) / 180);
      let best = Infinity;
      for (const poly of shape.polygons) {
        for (const ring of poly) {
          for (let i = 1; i < ring.length; i++) {
            const ax = (ring[i - 1]![0]! - lon) * cosLat * KM_PER_DEG;
            const ay = (ring[i - 1]![1]! - lat) * KM_PER_DEG;
            const bx = (ring[i]![0]! - lon) * cosLat * KM_PER_DEG;
            const by = (ring[i]![1]! - lat) * KM_PER_DEG;
            const vx = bx - ax;
            const vy = by - ay;
            const len2 = vx * vx + vy * vy;
            const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * vx + ay * vy) / len2));
            best = Math.min(best, Math.hypot(ax + t * vx, ay + t * vy));
          }
        }
      }
      return best;
    },
  };
}
