/** The first view of an inventory: the box the map fits when it is loaded. */
import { representativePoint } from '../core/representative-point.ts';
import type { Inventory } from '../core/types.ts';

/**
 * [west, south, east, north] of the first view: everything drawn (every vertex of lines and
 * polygons, so a reservoir or a pipeline is not cut at the edge), clamped to Mercator. With
 * 200 facilities or more, a stray few far from the rest (an overseas plant, a typo's 0,0) do
 * not shrink the others to a corner: when leaving out at most 0.2% of the facilities on each
 * side makes the box half as large or less, that box is the first view (the sample: Europe
 * from the Canaries to northern Norway; Svalbard, the Azores and Réunion lie just outside).
 */
export function boundsOf(inventory: Inventory): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    b[0] = Math.min(b[0], lon);
    b[2] = Math.max(b[2], lon);
    b[1] = Math.min(b[1], lat);
    b[3] = Math.max(b[3], lat);
  };
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') add(c[0], c[1] as number);
    else for (const inner of c) visit(inner);
  };
  const facilities = inventory.facilities;
  // The edges of the bulk from every facility up to 100k, from an even sample above (the sort
  // stays a few ms on the page's thread).
  const step = Math.max(1, Math.floor(facilities.length / 100_000));
  const m = Math.ceil(facilities.length / step);
  const lons = new Float64Array(m);
  const lats = new Float64Array(m);
  facilities.forEach((f, i) => {
    const [lon, lat] = representativePoint(f.geometry);
    if (i % step === 0) [lons[i / step], lats[i / step]] = [lon, lat];
    if (f.geometry.type === 'Point') add(lon, lat);
    else visit(f.geometry.coordinates);
  });
  const all = clampToMercator(b);
  const k = Math.floor(m * 0.002);
  if (k === 0 || facilities.length < 200) return all;
  lons.sort();
  lats.sort();
  const bulk = clampToMercator([lons[k]!, lats[k]!, lons[m - 1 - k]!, lats[m - 1 - k]!]);
  return area(bulk) * 2 <= area(all) ? bulk : all;
}

function clampToMercator(b: [number, number, number, number]): [number, number, number, number] {
  return [b[0], Math.max(-85, b[1]), b[2], Math.min(85, b[3])];
}

/** The box's area on a Mercator map (longitude span times projected latitude span). */
function area([w, s, e, n]: [number, number, number, number]): number {
  const y = (lat: number) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  return Math.max(e - w, 1e-9) * Math.max(y(n) - y(s), 1e-9);
}

/**
 * [west, south, east, north] of the cascade: the failed facilities (the compromised ones
 * among them), by their drawn positions; null when nothing failed. What present mode frames.
 */
export function cascadeBounds(
  positions: Float64Array,
  failed: ArrayLike<number>,
): [number, number, number, number] | null {
  if (failed.length === 0) return null;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < failed.length; k++) {
    const lon = positions[2 * failed[k]!]!;
    const lat = positions[2 * failed[k]! + 1]!;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    b[0] = Math.min(b[0], lon);
    b[2] = Math.max(b[2], lon);
    b[1] = Math.min(b[1], lat);
    b[3] = Math.max(b[3], lat);
  }
  if (!Number.isFinite(b[0])) return null;
  return [b[0], Math.max(-85, b[1]), b[2], Math.min(85, b[3])];
}
