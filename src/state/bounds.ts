/** The first view of an inventory: the box the map fits when it is loaded. */
import { representativePoint } from '../core/representative-point.ts';
import type { Inventory } from '../core/types.ts';

/**
 * [west, south, east, north] of everything drawn: every vertex of lines and polygons (so a
 * reservoir or a pipeline is not cut at the edge of the first view), clamped to Mercator.
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
  for (const f of inventory.facilities) {
    if (f.geometry.type === 'Point') add(...representativePoint(f.geometry));
    else visit(f.geometry.coordinates);
  }
  return [b[0], Math.max(-85, b[1]), b[2], Math.min(85, b[3])];
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
