/** The criticality ranking (docs/format.md §2.7), apart from the search, for the page's first load. */
import { compareIds } from './cascade.ts';

export interface RankEntry {
  id: string;
  impact: number;
}

/** A ranked facility by its index, as the viewer keeps it (ids only at the edge). */
export interface RankedIndex {
  index: number;
  impact: number;
}

/**
 * The ranking of docs/format.md §2.7: impact descending, then id ascending; the top `limit`.
 * Facilities are bucketed by impact first, so ids are compared only within a bucket, and
 * only in the buckets the top `limit` reaches.
 * @example rankByImpact(ids, computeImpacts(graph), 10)
 */
export function rankByImpact(
  ids: readonly string[],
  impact: ArrayLike<number>,
  limit = Infinity,
): RankEntry[] {
  return Array.from(rankOrder(ids, impact, limit), (i) => ({ id: ids[i]!, impact: impact[i]! }));
}

/** The same ranking by facility index. */
export function rankIndices(
  ids: readonly string[],
  impact: ArrayLike<number>,
  limit = Infinity,
): RankedIndex[] {
  return Array.from(rankOrder(ids, impact, limit), (index) => ({ index, impact: impact[index]! }));
}

/** The facility indices of the top `limit` in the ranking's order. */
function rankOrder(ids: readonly string[], impact: ArrayLike<number>, limit: number): Int32Array {
  const n = ids.length;
  // How many entries, exactly as Array.prototype.slice(0, limit) would keep.
  let take = Math.min(limit, n);
  take = Number.isNaN(take) ? 0 : Math.trunc(take);
  if (take < 0) take = Math.max(0, n + take);
  let integral = true;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const x = impact[i]!;
    if (!(Number.isInteger(x) && x >= 0 && x <= n)) integral = false;
    else if (x > max) max = x;
  }
  const byId = (a: number, b: number) => compareIds(ids[a]!, ids[b]!);
  let order: ArrayLike<number>;
  if (!integral) {
    // Not impacts from computeImpacts (0 .. n): the plain comparison sort.
    const all = Array.from({ length: n }, (_, i) => i);
    order = all.sort((a, b) => impact[b]! - impact[a]! || byId(a, b));
  } else {
    // Counting sort by impact, descending, stable in index order; then ids within buckets.
    const start = new Int32Array(max + 2);
    for (let i = 0; i < n; i++) start[max - impact[i]! + 1]!++;
    for (let b = 0; b <= max; b++) start[b + 1]! += start[b]!;
    const sorted = new Int32Array(n);
    const fill = start.slice(0, max + 1);
    for (let i = 0; i < n; i++) sorted[fill[max - impact[i]!]!++] = i;
    for (let b = 0; b <= max && start[b]! < take; b++) {
      if (start[b + 1]! - start[b]! > 1) sorted.subarray(start[b]!, start[b + 1]!).sort(byId);
    }
    order = sorted;
  }
  const out = new Int32Array(take);
  for (let k = 0; k < take; k++) out[k] = order[k]!;
  return out;
}
