/**
 * The recovery pass's working arrays (recovery.ts), reused from run to run on the same graph,
 * and the two things it sets up with them: what can fail at all (the plain cascade's failed
 * set) and the watch for restart loops that pulse for ever.
 */
import type { Graph } from './graph.ts';
import { MinHeap } from './min-heap.ts';
import { LoopWatch } from './recovery-loops.ts';

/**
 * Scratch arrays reused from run to run on the same graph (allocating them per run made
 * every run pay for a garbage collection of the whole inventory): zeros between runs, except
 * the stamps, which go on counting.
 */
export interface Scratch {
  count: Int32Array;
  /** Number of groups of v with count >= need (v loses a service while > 0). */
  lost: Int32Array;
  down: Uint8Array;
  losingBefore: Uint8Array;
  downStart: Float64Array;
  initUntil: Float64Array;
  holdUntil: Float64Array;
  touchedAt: Int32Array;
  candidateAt: Int32Array;
  checkedAt: Int32Array;
  /**
   * Derivation order of each down facility (docs above): every down facility is forced, or
   * loses a service through providers derived before it.
   */
  rank: Float64Array;
  downBefore: Uint8Array;
  touched: Int32Array;
  stack: Int32Array;
  retracted: Int32Array;
  candidates: Int32Array;
  openInterval: Int32Array;
  /** 1 for what fails in the plain cascade: recovery only shortens outages, never adds one. */
  canFail: Uint8Array;
  reach: Int32Array;
  heap: MinHeap;
  /** The over-delete's facilities to check, by rank. */
  checks: MinHeap;
  instant: number;
  longestDelay: Float64Array | null;
  /** Per in-edge slot, after the pass: ever unavailable (zeros between runs). */
  ever: Uint8Array | null;
}
const scratches = new WeakMap<Graph, Scratch>();

/** Hands a scratch back clean, for the next run on the graph. */
export function giveBack(graph: Graph, scratch: Scratch): void {
  scratches.set(graph, scratch);
}

export function takeScratch(graph: Graph): Scratch {
  const scratch = scratches.get(graph);
  // Taken out while in use: a run that throws never hands back dirty arrays.
  if (scratch) {
    scratches.delete(graph);
    return scratch;
  }
  const n = graph.n;
  return {
    count: new Int32Array(graph.groupNeed.length),
    lost: new Int32Array(n),
    down: new Uint8Array(n),
    losingBefore: new Uint8Array(n),
    downStart: new Float64Array(n),
    initUntil: new Float64Array(n),
    holdUntil: new Float64Array(n),
    touchedAt: new Int32Array(n).fill(-1),
    candidateAt: new Int32Array(n).fill(-1),
    checkedAt: new Int32Array(n).fill(-1),
    rank: new Float64Array(n),
    downBefore: new Uint8Array(n),
    touched: new Int32Array(n),
    stack: new Int32Array(n),
    retracted: new Int32Array(n),
    candidates: new Int32Array(n),
    openInterval: new Int32Array(n),
    canFail: new Uint8Array(n),
    reach: new Int32Array(n),
    heap: new MinHeap(),
    checks: new MinHeap(),
    instant: 0,
    longestDelay: null,
    ever: null,
  };
}

/**
 * Marks (`canFail`, listed in `reach`) what fails when every initial failure stays down for
 * good: the failed set of docs/format.md §2, a breadth-first pass with counts. Returns how many.
 */
export function canFailSet(
  graph: Graph,
  initial: readonly number[],
  isProtected: Uint8Array,
  scratch: Scratch,
): number {
  const { outStart, outGroup, groupDependent, groupNeed } = graph;
  const { canFail, reach, count } = scratch;
  let tail = 0;
  for (const v of initial) {
    canFail[v] = 1;
    reach[tail++] = v;
  }
  for (let head = 0; head < tail; head++) {
    const p = reach[head]!;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) {
      const g = outGroup[i]!;
      const v = groupDependent[g]!;
      if (canFail[v] || isProtected[v]) continue;
      if (++count[g]! === groupNeed[g]) {
        canFail[v] = 1;
        reach[tail++] = v;
      }
    }
  }
  for (let k = 0; k < tail; k++) {
    const p = reach[k]!;
    for (let i = outStart[p]!, end = outStart[p + 1]!; i < end; i++) count[outGroup[i]!] = 0;
  }
  return tail;
}

/** The loop watch of a run with repairs (the longest delay per facility is kept per graph). */
export function loopWatch(
  graph: Graph,
  restart: Float64Array,
  lastRepair: number,
  scratch: Scratch,
) {
  const { outStart, outSlots, edgeDelayHours } = graph;
  let longestDelay = scratch.longestDelay;
  if (!longestDelay) {
    longestDelay = new Float64Array(graph.n);
    for (let p = 0; p < graph.n; p++) {
      for (let i = outStart[p]!; i < outStart[p + 1]!; i++) {
        longestDelay[p] = Math.max(longestDelay[p]!, edgeDelayHours[outSlots[i]!]!);
      }
    }
    scratch.longestDelay = longestDelay;
  }
  let maxDelay = 0;
  let maxRestart = 0;
  for (let p = 0; p < graph.n; p++) {
    maxDelay = Math.max(maxDelay, longestDelay[p]!);
    maxRestart = Math.max(maxRestart, restart[p]!);
  }
  const { down, downStart, holdUntil, losingBefore } = scratch;
  const state = { down, downStart, holdUntil, losingBefore };
  return new LoopWatch(lastRepair, lastRepair + maxDelay + maxRestart, longestDelay, state);
}
