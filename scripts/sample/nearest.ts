/**
 * Nearest-neighbour queries over points for the sample rules: a kdbush box search that grows
 * until it holds enough candidates, with distances on the app's sphere and ties broken by id,
 * so results never depend on the index's internal order.
 */
import KDBush from 'kdbush';
import { distanceKm } from './geo.ts';

export interface Located {
  id: string;
  lon: number;
  lat: number;
}

export interface NearestIndex<T extends Located> {
  /** Up to `n` items within `maxKm` of (lon, lat) that pass `keep`, nearest first, ties by id. */
  nearest(lon: number, lat: number, n: number, maxKm: number, keep?: (item: T) => boolean): T[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Km per degree of latitude on the app's sphere (6371.0088 km). */
const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;
/** Half the Earth's circumference: no two points are farther apart. */
const MAX_KM = 6371.0088 * Math.PI;

/** Index `items` (read-only) for nearest queries. */
export function nearestIndex<T extends Located>(items: readonly T[]): NearestIndex<T> {
  const index = new KDBush(Math.max(1, items.length));
  for (const it of items) index.add(it.lon, it.lat);
  if (items.length === 0) index.add(0, 0);
  index.finish();
  return {
    nearest(lon, lat, n, maxKm, keep) {
      if (items.length === 0 || n <= 0) return [];
      const limit = Math.min(maxKm, MAX_KM);
      // Every point within r km lies in this box: r km of latitude either side, and the
      // longitude span r km covers at the box's highest latitude.
      for (let r = Math.min(limit, 25); ; r = Math.min(limit, r * 2)) {
        const dLat = r / KM_PER_DEGREE;
        const top = Math.min(89.999, Math.abs(lat) + dLat);
        const dLon = Math.min(360, r / (KM_PER_DEGREE * Math.cos((top * Math.PI) / 180)));
        const found = index
          .range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)
          .map((i) => ({
            it: items[i]!,
            d: distanceKm([lon, lat], [items[i]!.lon, items[i]!.lat]),
          }))
          .filter((x) => x.d <= r && (!keep || keep(x.it)));
        // With n candidates within r, nothing outside r can be nearer than the n-th of them.
        if (found.length >= n || r >= limit) {
          return found
            .sort((a, b) => a.d - b.d || cmp(a.it.id, b.it.id))
            .slice(0, n)
            .map((x) => x.it);
        }
      }
    },
  };
}
