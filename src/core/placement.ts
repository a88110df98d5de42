/**
 * Worst placement (SPEC 6): placement(f) = how many facilities fail when f is compromised
 * with an impact radius r > 0 and nothing protected; ranked like criticality (placement
 * descending, then id). One zone query and one failed-set cascade per facility.
 */
import { FailedSet } from './closure.ts';
import type { Graph } from './graph.ts';
import type { SpatialIndex } from './spatial-index.ts';

/**
 * placement(f) for the facilities `from` .. `to` - 1 (all by default), in facility order.
 * @param radiusKm the event's radius in kilometres (> 0)
 * @param onProgress called now and then with the number of facilities done
 * @example const placement = computePlacements(graph, index, 25); placement[i] // >= 1
 */
export function computePlacements(
  graph: Graph,
  index: SpatialIndex,
  radiusKm: number,
  from = 0,
  to = graph.n,
  onProgress?: (done: number) => void,
): Int32Array {
  if (!(radiusKm > 0)) throw new RangeError(`placement needs a radius > 0 km, got ${radiusKm}`);
  const closure = new FailedSet(graph);
  const out = new Int32Array(Math.max(0, to - from));
  for (let f = from; f < to; f++) {
    const zone = index.within(f, radiusKm);
    zone.push(f);
    out[f - from] = closure.run(zone);
    if (onProgress && (f - from) % 512 === 511) onProgress(f - from + 1);
  }
  onProgress?.(to - from);
  return out;
}
