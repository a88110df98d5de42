/**
 * Criticality (SPEC 2.7): impact(f) = how many facilities fail when f alone is compromised,
 * with no zone and no protection, f included. Only the failed set matters here, so each run
 * is the breadth-first threshold pass alone, on scratch arrays reused through epoch stamps
 * instead of being cleared (n runs would otherwise cost n^2 to reset).
 */
import { compareIds } from './cascade.ts';
import type { Graph } from './graph.ts';

export interface RankEntry {
  id: string;
  impact: number;
}

/**
 * impact(f) for the facilities `from` .. `to` - 1 (all by default), in facility order.
 * @param onProgress called now and then with the number of facilities done
 * @example const impact = computeImpacts(graph); impact[i] // >= 1
 */
export function computeImpacts(
  graph: Graph,
  from = 0,
  to = graph.n,
  onProgress?: (done: number) => void,
): Int32Array {
  const n = graph.n;
  const groups = graph.groupNeed.length;
  const failedAt = new Int32Array(n); // epoch in which the facility failed
  const countEpoch = new Int32Array(groups);
  const count = new Int32Array(groups);
  const queue = new Int32Array(n);
  const impact = new Int32Array(to - from);
  for (let f = from; f < to; f++) {
    const epoch = f + 1;
    let tail = 0;
    queue[tail++] = f;
    failedAt[f] = epoch;
    for (let head = 0; head < tail; head++) {
      const p = queue[head]!;
      for (let i = graph.outStart[p]!; i < graph.outStart[p + 1]!; i++) {
        const g = graph.edgeGroup[graph.outSlots[i]!]!;
        if (countEpoch[g] !== epoch) {
          countEpoch[g] = epoch;
          count[g] = 0;
        }
        const failedProviders = count[g]! + 1;
        count[g] = failedProviders;
        if (failedProviders === graph.groupNeed[g]) {
          const v = graph.groupDependent[g]!;
          if (failedAt[v] !== epoch) {
            failedAt[v] = epoch;
            queue[tail++] = v;
          }
        }
      }
    }
    impact[f - from] = tail;
    if (onProgress && (f - from) % 1024 === 1023) onProgress(f - from + 1);
  }
  onProgress?.(to - from);
  return impact;
}

/**
 * The ranking of SPEC 2.7: impact descending, then id ascending; the top `limit`.
 * @example rankByImpact(ids, computeImpacts(graph), 10)
 */
export function rankByImpact(
  ids: readonly string[],
  impact: ArrayLike<number>,
  limit = Infinity,
): RankEntry[] {
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => impact[b]! - impact[a]! || compareIds(ids[a]!, ids[b]!));
  return order
    .slice(0, Math.min(limit, order.length))
    .map((i) => ({ id: ids[i]!, impact: impact[i]! }));
}
