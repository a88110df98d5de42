/**
 * The one point that stands for a facility of any geometry: where the map draws its dot, what
 * the spatial index and the impact radius measure from. Apart from inventory.ts so the page
 * can use it without the loader (and its CSV parser) in its first download.
 */
import type { Facility } from './types.ts';

/** A point that stands for a geometry: the point, the first vertex, or a middle vertex. */
export function representativePoint(g: Facility['geometry']): [number, number] {
  let p: number[] | undefined;
  switch (g.type) {
    case 'Point':
      p = g.coordinates;
      break;
    case 'MultiPoint':
      p = g.coordinates[0];
      break;
    case 'LineString':
      p = g.coordinates[Math.floor(g.coordinates.length / 2)];
      break;
    case 'MultiLineString':
      p = g.coordinates[0]?.[Math.floor((g.coordinates[0]?.length ?? 0) / 2)];
      break;
    case 'Polygon':
      p = ringCentre(g.coordinates[0]!);
      break;
    case 'MultiPolygon':
      p = ringCentre(g.coordinates[0]![0]!);
      break;
  }
  return [p?.[0] ?? 0, p?.[1] ?? 0];
}

function ringCentre(ring: number[][]): number[] {
  let x = 0;
  let y = 0;
  const n = Math.max(1, ring.length - 1);
  for (let i = 0; i < n; i++) {
    x += ring[i]![0]!;
    y += ring[i]![1]!;
  }
  return [x / n, y / n];
}
