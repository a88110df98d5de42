/**
 * Best protection (SPEC 6): for a scenario and a budget K, at most K facilities to protect
 * that lower the failed count as much as can be found. Protecting a facility changes
 * something only when it fails by cascade (protected facilities still fail when compromised
 * or in the zone), so the candidates are the cascade failures of the current set.
 *
 * K = 1 is exact: every candidate is measured and the lowest count wins (ties: smaller id).
 * Beyond, greedy with re-evaluation: each step measures every candidate again with the
 * facilities chosen so far protected, and stops early when no candidate lowers the count.
 */
import { compareIds } from './cascade.ts';
import { FailedSet } from './closure.ts';
import type { Graph } from './graph.ts';

export interface ProtectionResult {
  /** Facility indices to protect (besides the scenario's own), in the order chosen. */
  protect: number[];
  /** The failed count with them protected. */
  failed: number;
  /** The failed count of the scenario as given. */
  baseline: number;
}

/**
 * @param initial the scenario's initial failures (compromised and zone), facility indices
 * @param alreadyProtected the scenario's own protected facilities
 * @param budget K >= 1
 * @param onProgress called with (candidates measured, candidates) in each step
 * @example bestProtection(graph, ids, [4], [], 1) // { protect: [9], failed: 3, baseline: 11 }
 */
export function bestProtection(
  graph: Graph,
  ids: readonly string[],
  initial: ArrayLike<number>,
  alreadyProtected: ArrayLike<number>,
  budget: number,
  onProgress?: (step: number, done: number, total: number) => void,
): ProtectionResult {
  if (!(Number.isInteger(budget) && budget >= 1)) {
    throw new RangeError(`a protection budget is a whole number >= 1, got ${budget}`);
  }
  const closure = new FailedSet(graph);
  const isProtected = new Uint8Array(graph.n);
  for (let k = 0; k < alreadyProtected.length; k++) isProtected[alreadyProtected[k]!] = 1;
  const isInitial = new Uint8Array(graph.n);
  for (let k = 0; k < initial.length; k++) isInitial[initial[k]!] = 1;
  const baseline = closure.run(initial, isProtected);
  let failed = baseline;
  let current = closure.queue.slice(0, failed);
  const protect: number[] = [];
  for (let step = 0; step < budget; step++) {
    const candidates = Array.from(current).filter((v) => !isInitial[v] && !isProtected[v]);
    let best = -1;
    let bestFailed = failed;
    for (let c = 0; c < candidates.length; c++) {
      const x = candidates[c]!;
      isProtected[x] = 1;
      const count = closure.run(initial, isProtected);
      isProtected[x] = 0;
      if (
        count < bestFailed ||
        (count === bestFailed && best >= 0 && compareIds(ids[x]!, ids[best]!) < 0)
      ) {
        best = x;
        bestFailed = count;
      }
      if (onProgress && (c & 255) === 255) onProgress(step, c + 1, candidates.length);
    }
    onProgress?.(step, candidates.length, candidates.length);
    if (best < 0) break;
    isProtected[best] = 1;
    protect.push(best);
    failed = closure.run(initial, isProtected);
    current = closure.queue.slice(0, failed);
  }
  return { protect, failed, baseline };
}
