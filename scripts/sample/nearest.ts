/**
 * Nearest-neighbour queries over points for the sample rules (kdbush + geokdbush), with
 * distances recomputed on the app's sphere and ties broken by id so results never depend on
 * the index's internal order.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
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

/** Index `items` (read-only) for nearest queries. */
export function nearestIndex<T extends Located>(items: readonly T[]): NearestIndex<T> {
  const index = new KDBush(Math.max(1, items.length));
  for (const it of items) index.add(it.lon, it.lat);
  if (items.length === 0) index.add(0, 0);
  index.finish();
  return {
    nearest(lon, lat, n, maxKm, keep) {
      if (items.length === 0 || n <= 0) return [];
      // A few more than asked (plus the km margin of geokdbush's own formula), so that ties
      // at the cut and rounding differences are settled by our distance and the id.
      const ids = around(index, lon, lat, n + 8, maxKm + 0.01, (i: number) =>
        keep ? keep(items[i]!) : true,
      ) as unknown as number[];
      return ids
        .map((i) => ({ it: items[i]!, d: distanceKm([lon, lat], [items[i]!.lon, items[i]!.lat]) }))
        .filter((x) => x.d <= maxKm)
        .sort((a, b) => a.d - b.d || cmp(a.it.id, b.it.id))
        .slice(0, n)
        .map((x) => x.it);
    },
  };
}
