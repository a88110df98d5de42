/**
 * Distance from a point to the Natural Earth 1:50m coastline (the `land` object of world-atlas
 * countries-50m, the union of all countries), used to
 * decide which large cities are coastal (and so get an illustrative port).
 */
import { mesh } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { EARTH_RADIUS_KM, type LonLat } from './geo.ts';

const KM_PER_DEG = (Math.PI / 180) * EARTH_RADIUS_KM;
const CELL_DEG = 0.5;

/** Coastline segments near Europe, bucketed by 0.5-degree cells for nearest-point queries. */
export interface Coastline {
  /** x0, y0, x1, y1 (lon, lat degrees) per segment. */
  segments: Float64Array;
  cells: Map<string, number[]>;
}

export interface CoastHit {
  distanceKm: number;
  /** Nearest point on the coastline, [lon, lat]. */
  point: [number, number];
}

const cellKey = (i: number, j: number): string => `${i}:${j}`;

/** Build the index from a land topology, keeping segments inside the given [w, s, e, n] box. */
export function buildCoastline(
  topology: Topology,
  bbox: readonly [number, number, number, number],
): Coastline {
  const land = topology.objects['land'];
  if (!land) throw new Error('land topology has no "land" object');
  const lines = mesh(topology, land as Parameters<typeof mesh>[1]).coordinates;
  const coords: number[] = [];
  const cells = new Map<string, number[]>();
  const [w, s, e, n] = bbox;
  for (const line of lines) {
    for (let k = 1; k < line.length; k++) {
      const a = line[k - 1]!;
      const b = line[k]!;
      const x0 = a[0]!;
      const y0 = a[1]!;
      const x1 = b[0]!;
      const y1 = b[1]!;
      if (
        Math.max(x0, x1) < w ||
        Math.min(x0, x1) > e ||
        Math.max(y0, y1) < s ||
        Math.min(y0, y1) > n
      ) {
        continue;
      }
      const idx = coords.length / 4;
      coords.push(x0, y0, x1, y1);
      for (
        let i = Math.floor(Math.min(x0, x1) / CELL_DEG);
        i <= Math.floor(Math.max(x0, x1) / CELL_DEG);
        i++
      ) {
        for (
          let j = Math.floor(Math.min(y0, y1) / CELL_DEG);
          j <= Math.floor(Math.max(y0, y1) / CELL_DEG);
          j++
        ) {
          const key = cellKey(i, j);
          const list = cells.get(key);
          if (list) list.push(idx);
          else cells.set(key, [idx]);
        }
      }
    }
  }
  return { segments: Float64Array.from(coords), cells };
}

/**
 * Nearest coastline point to `p`, searched within about `maxKm` (at most ~50 km);
 * null when no coastline is that close.
 */
export function nearestCoast(coast: Coastline, p: LonLat, maxKm: number): CoastHit | null {
  const cosLat = Math.cos((p[1] * Math.PI) / 180);
  const dLat = maxKm / KM_PER_DEG;
  const dLon = dLat / Math.max(cosLat, 0.05);
  const seen = new Set<number>();
  let best: CoastHit | null = null;
  for (
    let i = Math.floor((p[0] - dLon) / CELL_DEG);
    i <= Math.floor((p[0] + dLon) / CELL_DEG);
    i++
  ) {
    for (
      let j = Math.floor((p[1] - dLat) / CELL_DEG);
      j <= Math.floor((p[1] + dLat) / CELL_DEG);
      j++
    ) {
      for (const idx of coast.cells.get(cellKey(i, j)) ?? []) {
        if (seen.has(idx)) continue;
        seen.add(idx);
        // Local equirectangular plane centred on p: accurate to well under 1% at these ranges.
        const o = idx * 4;
        const ax = (coast.segments[o]! - p[0]) * cosLat * KM_PER_DEG;
        const ay = (coast.segments[o + 1]! - p[1]) * KM_PER_DEG;
        const bx = (coast.segments[o + 2]! - p[0]) * cosLat * KM_PER_DEG;
        const by = (coast.segments[o + 3]! - p[1]) * KM_PER_DEG;
        const vx = bx - ax;
        const vy = by - ay;
        const len2 = vx * vx + vy * vy;
        const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * vx + ay * vy) / len2));
        const qx = ax + t * vx;
        const qy = ay + t * vy;
        const d = Math.hypot(qx, qy);
        if (d <= maxKm && (best === null || d < best.distanceKm)) {
          best = {
            distanceKm: d,
            point: [p[0] + qx / (cosLat * KM_PER_DEG), p[1] + qy / KM_PER_DEG],
          };
        }
      }
    }
  }
  return best;
}
